package dev.orderflow.contracts.events;

import java.time.Instant;

/**
 * Submission to a venue waited for a rate limit.
 *
 * @param limit which limit: {@code REQUEST_WEIGHT}, {@code ORDERS} or {@code RETRY_AFTER} (the venue answered 429/418)
 */
public record RateLimitThrottle(
        String venue,
        String limit,
        long waitMs,
        Integer httpStatus,
        String symbol,
        Instant at) {
}
