package dev.orderflow.gateway.domain;

import java.time.Duration;

/**
 * When to query an order whose outcome is unknown next: exponential backoff from {@code initial} up to
 * {@code max}, never before the venue's Retry-After has passed (a query sent earlier is refused and only
 * lengthens the venue's pause), and not later than the moment "not found" starts to mean "never placed"
 * (the end of the query window), so an order the exchange never got is sent again as soon as that is safe.
 */
public record StatusQuerySchedule(Duration initial, Duration max) {

    public StatusQuerySchedule {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /**
     * @param queries    status queries made so far
     * @param retryAfter what is left of the venue's Retry-After pause (zero when none)
     * @param windowLeft time until the query window ends (zero or negative once it has)
     */
    public Duration nextDelay(int queries, Duration retryAfter, Duration windowLeft) {
        Duration backoff = initial.multipliedBy(1L << Math.min(Math.max(queries, 0), 16));
        if (backoff.compareTo(max) > 0) {
            backoff = max;
        }
        if (windowLeft.isPositive() && windowLeft.compareTo(backoff) < 0) {
            backoff = windowLeft;
        }
        return retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    }
}
