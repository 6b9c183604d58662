package dev.orderflow.venue;

/**
 * A request was not made, or the venue refused it with 429 (418 when banned): the local limiter had no
 * budget left, or the venue asked every request to wait {@code retryAfterMs}.
 *
 * @see RequestLimiter
 */
public class VenueThrottledException extends VenueUnavailableException {

    private final int httpStatus;
    private final long retryAfterMs;

    /** @param httpStatus 429 or 418 from the venue; 0 when the local limiter refused */
    public VenueThrottledException(String message, int httpStatus, long retryAfterMs) {
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
