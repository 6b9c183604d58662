package dev.orderflow.gateway.exchange;

/** The exchange could not be reached or did not answer usefully; nothing was decided there. */
public class ExchangeUnavailableException extends RuntimeException {

    public ExchangeUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
