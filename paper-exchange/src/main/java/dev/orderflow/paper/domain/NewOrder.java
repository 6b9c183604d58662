package dev.orderflow.paper.domain;

import java.math.BigDecimal;

/**
 * An order request after parsing. {@code quantity} or {@code quoteOrderQty} (MARKET only) is set;
 * {@code price} and {@code timeInForce} for LIMIT.
 */
public record NewOrder(String symbol, Side side, OrderType type, TimeInForce timeInForce, BigDecimal quantity,
        BigDecimal quoteOrderQty, BigDecimal price, String clientOrderId) {
}
