package dev.orderflow.reconciler.exchange;

/** The exchange could not be asked or did not answer usefully (I/O error, timeout, 5xx, throttled, unexpected error code). */
public class ExchangeUnavailableException extends RuntimeException {

    public ExchangeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
