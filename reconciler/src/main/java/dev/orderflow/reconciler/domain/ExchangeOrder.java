package dev.orderflow.reconciler.domain;

import dev.orderflow.contracts.events.ExchangeOrderSnapshot;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/** An order as the exchange reports it (Binance spot order JSON). */
public record ExchangeOrder(
        String exchangeOrderId,
        String clientOrderId,
        String symbol,
        Side side,
        OrderType type,
        BigDecimal price,
        BigDecimal originalQuantity,
        BigDecimal executedQuantity,
        String status,
        Instant createdAt,
        Instant updatedAt) {

    private static final Set<String> OPEN = Set.of("NEW", "PARTIALLY_FILLED", "PENDING_NEW");
    private static final Set<String> ENDED_WITHOUT_FULL_FILL = Set.of("CANCELED", "EXPIRED", "REJECTED", "EXPIRED_IN_MATCH");

    public boolean open() {
        return OPEN.contains(status);
    }

    /** Canceled, expired or rejected at the exchange. */
    public boolean endedUnfilled() {
        return ENDED_WITHOUT_FULL_FILL.contains(status);
    }

    public boolean filled() {
        return "FILLED".equals(status);
    }

    public ExchangeOrderSnapshot snapshot() {
        return new ExchangeOrderSnapshot(exchangeOrderId, clientOrderId, symbol, side, type, price, originalQuantity,
                executedQuantity, status, updatedAt);
    }
}
