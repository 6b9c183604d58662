package dev.orderflow.reconciler.domain;

import dev.orderflow.contracts.events.FillReport;
import java.math.BigDecimal;
import java.time.Instant;

/** One execution the exchange reports for the account ({@code myTrades}). */
public record ExchangeTrade(
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
