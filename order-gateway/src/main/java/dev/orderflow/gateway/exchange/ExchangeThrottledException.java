package dev.orderflow.gateway.exchange;

/**
 * The venue refused a request with 429, or 418 when banned: nothing happened there, and every request
 * has to wait {@code retryAfterMs} ({@link VenueGate} pauses them all).
 */
public class ExchangeThrottledException extends ExchangeUnavailableException {

    private final int httpStatus;
    private final long retryAfterMs;

    public ExchangeThrottledException(String message, int httpStatus, long retryAfterMs) {
        super(message, null);
        this.httpStatus = httpStatus;
        this.retryAfterMs = retryAfterMs;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public long retryAfterMs() {
        return retryAfterMs;
    }
}
