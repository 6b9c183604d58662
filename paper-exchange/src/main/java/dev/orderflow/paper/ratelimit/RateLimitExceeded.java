package dev.orderflow.paper.ratelimit;

/** A request over a limit: HTTP 429 (or 418 when banned), Binance code and Retry-After seconds. */
public final class RateLimitExceeded extends RuntimeException {

    private final int status;
    private final int code;
    private final long retryAfterSeconds;

    public RateLimitExceeded(int status, int code, String msg, long retryAfterSeconds) {
        super(msg, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
