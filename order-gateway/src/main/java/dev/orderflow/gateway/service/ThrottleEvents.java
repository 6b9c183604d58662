package dev.orderflow.gateway.service;

import dev.orderflow.contracts.events.RateLimitThrottle;

/**
 * Where the exchange adapter reports that a request to the venue waited for a rate limit or a
 * Retry-After pause; the service layer records it as {@code RATE_LIMIT_THROTTLE}.
 */
public interface ThrottleEvents {

    /**
     * Records the wait in a transaction of its own, keyed by {@code key} (the symbol, or the venue's name
     * when the request is about no symbol). Never throws: a wait that cannot be recorded is only logged,
     * since the request it delayed goes on regardless.
     */
    void waited(String key, RateLimitThrottle throttle);
}
