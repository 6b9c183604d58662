package dev.orderflow.contracts.events;

/**
 * A difference between the gateway's orders and the exchange.
 *
 * @param kind for example {@code ORPHAN_AT_EXCHANGE}, {@code MISSING_AT_EXCHANGE}, {@code STATUS_MISMATCH}, {@code FILL_MISSING}, {@code TTL_EXPIRED}
 * @param action the command issued to resolve it, or {@code NONE}
 */
public record ReconciliationFinding(
        String kind,
        String clientOrderId,
        String symbol,
        String exchangeOrderId,
        String detail,
        String action) {
}
