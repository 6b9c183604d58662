package dev.orderflow.contracts.events;

import java.time.Instant;

/** A request replayed a known client order id and was answered from the stored order. */
public record CoidDuplicate(
        String clientOrderId,
        String symbol,
        String strategyId,
        OrderStatus currentStatus,
        Instant firstAcceptedAt,
        long replayCount,
        Instant at) {
}
