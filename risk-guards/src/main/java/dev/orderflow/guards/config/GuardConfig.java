package dev.orderflow.guards.config;

import dev.orderflow.guards.domain.GuardMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Thresholds and behaviour of the entry guards. Which guards run is decided by the deployment
 * guide's flags (ENABLE_ENTRY_SLIPPAGE_GUARD, ENABLE_SPREAD_GUARD_ENTRY, ENABLE_DEPTH_GUARD_ENTRY,
 * ENABLE_CONSOLIDATED_ENTRY_GUARDS); the numbers live here. Every value is checked at start-up by
 * {@link GuardSettings}: a value out of range stops the service with a message naming the property.
 */
@ConfigMapping(prefix = "guards")
public interface GuardConfig {

    /**
     * {@code enforce} blocks failing entries; {@code shadow} (the guide's observe mode) publishes
     * SHADOW_BLOCK and lets them through. Environment: {@code ENTRY_GUARDS_MODE}.
     */
    @WithDefault("${ENTRY_GUARDS_MODE:enforce}")
    GuardMode mode();

    /** Maximum expected slippage of the order's VWAP against the reference price, in bps (0 to 10000). */
    @WithDefault("20")
    BigDecimal maxSlippageBps();

    /** Maximum spread, (ask - bid) / mid, in bps (0 to 10000). */
    @WithDefault("15")
    BigDecimal maxSpreadBps();

    /** Half-width of the band around mid in which the depth guard counts liquidity, in bps (above 0, at most 10000). */
    @WithDefault("50")
    BigDecimal depthBandBps();

    /** Liquidity within the band must be at least this multiple of the order quantity (0 to 1000). */
    @WithDefault("3")
    BigDecimal depthMultiple();

    /** A book that has not changed for longer than this is stale, in ms (1 to 600000). */
    @WithDefault("3000")
    long maxBookAgeMs();

    /** Longest time an intent waits for a book before it is blocked with MARKET_DATA_UNAVAILABLE (10 ms to 60 s). */
    @WithDefault("2s")
    Duration decisionTimeout();

    /** Per-symbol overrides, keyed by the exchange symbol: {@code guards.symbols.BTCUSDT.max-spread-bps=8}. */
    Map<String, SymbolThresholds> symbols();

    /** The market-data cache. */
    Cache cache();

    /** How the service uses the exchange's market-data endpoints. */
    MarketData marketData();

    /** Overrides for one symbol; anything unset falls back to the service-wide value. */
    interface SymbolThresholds {

        /** Mode for this symbol only, e.g. {@code shadow} while a new symbol is observed. */
        Optional<GuardMode> mode();

        Optional<BigDecimal> maxSlippageBps();

        Optional<BigDecimal> maxSpreadBps();

        Optional<BigDecimal> depthBandBps();

        Optional<BigDecimal> depthMultiple();

        Optional<Long> maxBookAgeMs();
    }

    interface Cache {

        /** How long a fetched book answers lookups before it is fetched again (1 ms to 60 s). Keep it well under max-book-age-ms. */
        @WithDefault("500ms")
        Duration ttl();

        /**
         * Cache hits are published as one CACHE_HIT event per symbol per interval carrying the number
         * of hits ({@code lookups}); misses are published one by one. 100 ms to 1 h.
         */
        @WithDefault("1s")
        Duration hitReportInterval();
    }

    interface MarketData {

        /** Levels asked of {@code /api/v3/depth}; one of 5, 10, 20, 50, 100, 500, 1000, 5000 (the weight grows with it). */
        @WithDefault("100")
        int depthLimit();

        /**
         * Request weight per minute the exchange allows this IP. Unset: read from the exchange's
         * {@code exchangeInfo} (REQUEST_WEIGHT limit), 6000 if that fails.
         */
        Optional<Integer> weightLimitPerMinute();

        /** Share of that limit this service may spend, leaving the rest to the order gateway (0.01 to 1). */
        @WithDefault("0.5")
        BigDecimal weightShare();

        /** Readiness turns DOWN after this many consecutive failed book fetches (1 to 10000). */
        @WithDefault("10")
        int maxConsecutiveFailures();
    }
}
