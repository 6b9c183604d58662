package dev.orderflow.contracts.events;

import java.math.BigDecimal;
import java.time.Instant;

/** One execution of an order; published as ORDER_PARTIAL or ORDER_FILLED ({@code orders.events}). */
public record OrderFill(
        String clientOrderId,
        String symbol,
        Side side,
        Intent intent,
        String exchangeOrderId,
        String tradeId,
        BigDecimal price,
        BigDecimal quantity,
        BigDecimal commission,
        String commissionAsset,
        BigDecimal cumulativeQuantity,
        BigDecimal orderQuantity,
        BigDecimal averagePrice,
        Instant firstFillAt,
        Instant filledAt) {
}
