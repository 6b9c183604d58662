package dev.orderflow.contracts.events;

import java.math.BigDecimal;
import java.time.Instant;

/** An order as the exchange reports it; lets the gateway adopt an order it does not know. */
public record ExchangeOrderSnapshot(
        String exchangeOrderId,
        String clientOrderId,
        String symbol,
        Side side,
        OrderType type,
        BigDecimal price,
        BigDecimal originalQuantity,
        BigDecimal executedQuantity,
        String status,
        Instant updatedAt) {
}
