package dev.orderflow.contracts.events;

import java.math.BigDecimal;
import java.time.Instant;

/** A trade the exchange reports for an order, as carried by an APPLY_FILL command. */
public record FillReport(
        String tradeId,
        BigDecimal price,
        BigDecimal quantity,
        BigDecimal commission,
        String commissionAsset,
        Instant executedAt) {
}
