package dev.orderflow.gateway.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The exchange's trading rules for one symbol (exchangeInfo PRICE_FILTER, LOT_SIZE and
 * MIN_NOTIONAL/NOTIONAL), and the check of an order against them. A zero bound or step means "no rule".
 *
 * @param baseAsset the asset the symbol buys and sells (BTC of BTCUSDT), null when the exchange does not say
 * @param quoteAsset the asset its prices are in (USDT of BTCUSDT), null when the exchange does not say
 */
public record SymbolFilters(
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

    /** One violated rule, naming the request field. */
    public record Violation(String field, String message) {
    }

    /**
     * Checks quantity and price against the rules. For a market order the notional uses the reference
     * price when there is one.
     */
    public List<Violation> check(BigDecimal quantity, BigDecimal price, BigDecimal referencePrice, boolean market) {
        List<Violation> violations = new ArrayList<>();
        if (status != null && !"TRADING".equals(status)) {
            violations.add(new Violation("symbol", symbol + " is not trading (status " + status + ")"));
        }
        if (quantity != null) {
            if (positive(minQty) && quantity.compareTo(minQty) < 0) {
                violations.add(new Violation("quantity", "below the minimum quantity " + minQty.toPlainString()));
            }
            if (positive(maxQty) && quantity.compareTo(maxQty) > 0) {
                violations.add(new Violation("quantity", "above the maximum quantity " + maxQty.toPlainString()));
            }
            if (positive(stepSize) && !multipleOf(quantity.subtract(positive(minQty) ? minQty : BigDecimal.ZERO), stepSize)) {
                violations.add(new Violation("quantity", "not a multiple of the step size " + stepSize.toPlainString()));
            }
        }
        if (price != null && !market) {
            if (positive(minPrice) && price.compareTo(minPrice) < 0) {
                violations.add(new Violation("price", "below the minimum price " + minPrice.toPlainString()));
            }
            if (positive(maxPrice) && price.compareTo(maxPrice) > 0) {
                violations.add(new Violation("price", "above the maximum price " + maxPrice.toPlainString()));
            }
            if (positive(tickSize) && !multipleOf(price.subtract(positive(minPrice) ? minPrice : BigDecimal.ZERO), tickSize)) {
                violations.add(new Violation("price", "not a multiple of the tick size " + tickSize.toPlainString()));
            }
        }
        BigDecimal notionalPrice = market ? referencePrice : price;
        if (quantity != null && notionalPrice != null && positive(minNotional) && (!market || applyMinNotionalToMarket)
                && quantity.multiply(notionalPrice).compareTo(minNotional) < 0) {
            violations.add(new Violation("quantity", "notional " + quantity.multiply(notionalPrice).stripTrailingZeros().toPlainString()
                    + " below the minimum notional " + minNotional.toPlainString()));
        }
        return violations;
    }

    private static boolean positive(BigDecimal value) {
        return value != null && value.signum() > 0;
    }

    private static boolean multipleOf(BigDecimal value, BigDecimal step) {
        return value.remainder(step).signum() == 0;
    }
}
