package dev.orderflow.contracts.events;

import java.math.BigDecimal;
import java.time.Instant;

/** An accepted entry intent the gateway asks the entry guards about ({@code orders.intents}). */
public record OrderIntent(
        String clientOrderId,
        String symbol,
        Side side,
        OrderType type,
        BigDecimal quantity,
        BigDecimal price,
        TimeInForce timeInForce,
        Intent intent,
        BigDecimal referencePrice,
        String strategyId,
        Integer ttlSeconds,
        Instant acceptedAt) {
}
