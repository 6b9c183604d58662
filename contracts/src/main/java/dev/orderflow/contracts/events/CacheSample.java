package dev.orderflow.contracts.events;

import java.time.Instant;

/**
 * Market-data cache lookups, published as CACHE_HIT or CACHE_MISS ({@code ops.telemetry}).
 *
 * @param ageMs   age of the cached book served (for an aggregated CACHE_HIT: the oldest served in the interval)
 * @param lookups how many lookups this event stands for; a producer may aggregate hits into one event
 *                per symbol and interval (absent means 1). Hit and miss counts are the sums of this field.
 */
public record CacheSample(String symbol, long ageMs, Instant at, Integer lookups) {

    /** One lookup. */
    public CacheSample(String symbol, long ageMs, Instant at) {
        this(symbol, ageMs, at, 1);
    }

    /** Number of lookups, 1 when the producer did not say. */
    public int lookupCount() {
        return lookups == null ? 1 : lookups;
    }
}
