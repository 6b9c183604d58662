package dev.orderflow.reconciler.domain;

import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/**
 * The reconciler's view of one gateway order, built from {@code orders.events}.
 *
 * @param seenTradeIds exchange trade ids already reported as fills on {@code orders.events}
 * @param placedAt when the gateway first sent it (SUBMITTING or ACKNOWLEDGED event), if known
 * @param firstFillAt time of its first fill, if any
 * @param ttlSeconds the order's own time to live (its request's {@code ttlSeconds}), replacing the
 *        reconciler's order TTL for it; null when it has none
 */
public record LocalOrder(
        String clientOrderId,
        String symbol,
        Side side,
        OrderStatus status,
        String exchangeOrderId,
        BigDecimal quantity,
        BigDecimal executedQuantity,
        Instant updatedAt,
        Set<String> seenTradeIds,
        Instant placedAt,
        Instant firstFillAt,
        Integer ttlSeconds) {

    public LocalOrder {
        seenTradeIds = Set.copyOf(seenTradeIds);
    }

    /** An order without a time to live of its own. */
    public LocalOrder(String clientOrderId, String symbol, Side side, OrderStatus status, String exchangeOrderId,
            BigDecimal quantity, BigDecimal executedQuantity, Instant updatedAt, Set<String> seenTradeIds, Instant placedAt,
            Instant firstFillAt) {
        this(clientOrderId, symbol, side, status, exchangeOrderId, quantity, executedQuantity, updatedAt, seenTradeIds, placedAt,
                firstFillAt, null);
    }

    /** True once the gateway has (or may have) sent the order to the exchange and it is not finished. */
    public boolean atExchangeAndOpen() {
        return switch (status) {
            case SUBMITTING, UNKNOWN, ACKNOWLEDGED, PARTIALLY_FILLED -> true;
            default -> false;
        };
    }
}
