package dev.orderflow.venue;

import java.math.BigDecimal;

/**
 * The venue's trading rules of one symbol (Binance PRICE_FILTER, LOT_SIZE and MIN_NOTIONAL/NOTIONAL),
 * with the assets it trades. Null or zero means no such rule.
 *
 * @param baseAsset the asset bought and sold (BTC of BTCUSDT); null when the venue does not say
 * @param quoteAsset the asset prices are in (USDT of BTCUSDT); null when the venue does not say
 */
public record SymbolRules(
        String symbol,
        String status,
        String baseAsset,
        String quoteAsset,
        BigDecimal minPrice,
        BigDecimal maxPrice,
        BigDecimal tickSize,
        BigDecimal minQty,
        BigDecimal maxQty,
        BigDecimal stepSize,
        BigDecimal minNotional,
        boolean applyMinNotionalToMarket) {
}
