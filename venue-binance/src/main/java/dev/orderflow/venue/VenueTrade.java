package dev.orderflow.venue;

import dev.orderflow.contracts.events.FillReport;
import java.math.BigDecimal;
import java.time.Instant;

/** One trade of an order at the venue (an order answer's fills, {@code myTrades}, or an execution report). */
public record VenueTrade(
        String tradeId,
        String exchangeOrderId,
        String symbol,
        BigDecimal price,
        BigDecimal quantity,
        BigDecimal commission,
        String commissionAsset,
        Instant executedAt) {

    public FillReport toFillReport() {
        return new FillReport(tradeId, price, quantity, commission, commissionAsset, executedAt);
    }
}
