package dev.orderflow.venue;

import java.math.BigDecimal;

/**
 * The venue's trading rules of one symbol (Binance PRICE_FILTER, LOT_SIZE and MIN_NOTIONAL/NOTIONAL).
 * Null or zero means no such rule.
 */
public record SymbolRules(
        String symbol,
        String status,
        BigDecimal minPrice,
        BigDecimal maxPrice,
        BigDecimal tickSize,
        BigDecimal minQty,
        BigDecimal maxQty,
        BigDecimal stepSize,
        BigDecimal minNotional,
        boolean applyMinNotionalToMarket) {
}
