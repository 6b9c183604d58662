package dev.orderflow.contracts.events;

import java.time.Instant;

/**
 * A request to the gateway, the only component that changes orders ({@code orders.commands}).
 * The gateway applies each command id once.
 */
public record OrderCommand(
        String commandId,
        CommandType command,
        String clientOrderId,
        String symbol,
        String reason,
        String issuedBy,
        ExchangeOrderSnapshot exchangeOrder,
        FillReport fill,
        Instant issuedAt) {
}
