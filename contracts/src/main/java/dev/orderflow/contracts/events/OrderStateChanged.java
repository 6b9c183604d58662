package dev.orderflow.contracts.events;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One transition of the order state machine ({@code orders.events}).
 *
 * @param ttlSeconds the order's own time to live as its request gave it ({@code ttlSeconds}); carried by
 *        ORDER_ACCEPTED only, absent on other transitions and for orders without one
 */
public record OrderStateChanged(
        String clientOrderId,
        String symbol,
        Side side,
        Intent intent,
        OrderStatus from,
        OrderStatus to,
        String cause,
        String exchangeOrderId,
        BigDecimal quantity,
        BigDecimal executedQuantity,
        BigDecimal averagePrice,
        String strategyId,
        Instant at,
        Integer ttlSeconds) {

    /** A transition that does not carry the order's time to live. */
    public OrderStateChanged(String clientOrderId, String symbol, Side side, Intent intent, OrderStatus from, OrderStatus to,
            String cause, String exchangeOrderId, BigDecimal quantity, BigDecimal executedQuantity, BigDecimal averagePrice,
            String strategyId, Instant at) {
        this(clientOrderId, symbol, side, intent, from, to, cause, exchangeOrderId, quantity, executedQuantity, averagePrice,
                strategyId, at, null);
    }
}
