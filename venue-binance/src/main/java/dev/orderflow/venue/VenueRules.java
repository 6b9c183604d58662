package dev.orderflow.venue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the venue states in exchangeInfo: each symbol's rules and the venue's rate limits. */
public record VenueRules(Map<String, SymbolRules> symbols, List<RateLimit> rateLimits) {

    public VenueRules {
        symbols = Map.copyOf(symbols);
        rateLimits = List.copyOf(rateLimits);
    }

    /**
     * One rate limit as the venue states it.
     *
     * @param type {@code REQUEST_WEIGHT}, {@code ORDERS} or {@code RAW_REQUESTS}
     */
    public record RateLimit(String type, Duration interval, long limit) {
    }
}
