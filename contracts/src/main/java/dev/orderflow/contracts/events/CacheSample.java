package dev.orderflow.contracts.events;

import java.time.Instant;

/** A market-data cache lookup, published as CACHE_HIT or CACHE_MISS ({@code ops.telemetry}). */
public record CacheSample(String symbol, long ageMs, Instant at) {
}
