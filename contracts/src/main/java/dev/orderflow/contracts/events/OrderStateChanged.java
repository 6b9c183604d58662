package dev.orderflow.contracts.events;

import java.math.BigDecimal;
import java.time.Instant;

/** One transition of the order state machine ({@code orders.events}). */
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
        Instant at) {
}
