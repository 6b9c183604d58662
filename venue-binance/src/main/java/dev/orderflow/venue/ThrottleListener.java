package dev.orderflow.venue;

import dev.orderflow.contracts.events.RateLimitThrottle;

/**
 * Told when a request waited for a rate limit or a Retry-After pause (the gateway records these as
 * {@code RATE_LIMIT_THROTTLE}). Called on the requesting thread; must not throw.
 */
@FunctionalInterface
public interface ThrottleListener {

    ThrottleListener NONE = (key, throttle) -> {
    };

    /** @param key the symbol, or the venue's name when the request is about no symbol */
    void waited(String key, RateLimitThrottle throttle);
}
