package dev.orderflow.gateway.exchange;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order as the exchange reports it (order endpoints and execution reports). */
public record ExchangeOrder(
        String symbol,
        String exchangeOrderId,
        String clientOrderId,
        String status,
        BigDecimal originalQuantity,
        BigDecimal executedQuantity,
        List<Trade> trades,
        Instant updatedAt) {

    public ExchangeOrder {
        trades = trades == null ? List.of() : List.copyOf(trades);
    }

    /** One trade of the order. */
    public record Trade(String tradeId, BigDecimal price, BigDecimal quantity, BigDecimal commission,
            String commissionAsset, Instant at) {
    }
}
