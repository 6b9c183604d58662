package dev.orderflow.guards.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The limits the guards apply to one symbol.
 *
 * @param maxSlippageBps expected VWAP may be at most this many basis points worse than the reference price
 * @param maxSpreadBps   (ask - bid) / mid may be at most this many basis points
 * @param depthBandBps   the depth guard counts liquidity priced within this many basis points of mid
 * @param depthMultiple  liquidity within the band must be at least this multiple of the order quantity
 * @param maxBookAgeMs   a book that has not changed for longer than this is stale
 */
public record Thresholds(BigDecimal maxSlippageBps, BigDecimal maxSpreadBps, BigDecimal depthBandBps,
        BigDecimal depthMultiple, long maxBookAgeMs) {

    public Thresholds {
        Objects.requireNonNull(maxSlippageBps, "maxSlippageBps");
        Objects.requireNonNull(maxSpreadBps, "maxSpreadBps");
        Objects.requireNonNull(depthBandBps, "depthBandBps");
        Objects.requireNonNull(depthMultiple, "depthMultiple");
    }
}
