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
        Instant firstFillAt) {

    public LocalOrder {
        seenTradeIds = Set.copyOf(seenTradeIds);
    }

    /** True once the gateway has (or may have) sent the order to the exchange and it is not finished. */
    public boolean atExchangeAndOpen() {
        return switch (status) {
            case SUBMITTING, UNKNOWN, ACKNOWLEDGED, PARTIALLY_FILLED -> true;
            default -> false;
        };
    }
}
