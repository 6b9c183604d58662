package dev.orderflow.guards.domain;

/** No usable book for a symbol: the exchange failed, throttled us, or did not answer in time. */
public class MarketDataUnavailableException extends RuntimeException {

    public MarketDataUnavailableException(String message) {
        super(message, null, false, false);
    }

    public MarketDataUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
