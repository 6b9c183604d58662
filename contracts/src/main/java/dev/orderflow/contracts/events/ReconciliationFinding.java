package dev.orderflow.contracts.events;

/**
 * A difference between the gateway's orders and the exchange.
 *
 * @param kind for example {@code ORPHAN_AT_EXCHANGE}, {@code SECOND_VENUE_ORDER}, {@code MISSING_AT_EXCHANGE},
 *        {@code STATUS_MISMATCH}, {@code FILL_MISSING}, {@code TTL_EXPIRED}
 * @param action the command issued to resolve it, or {@code NONE}
 * @param venueDuplicate true when the finding is an order at the exchange that no accepted request asked
 *        for (a venue order unknown to the gateway, or a second venue order for one client order id): a
 *        duplicate order in the sense of the alert table. A replay the COID manager answered is never one.
 *        Every run reports such an order again until it is resolved; count distinct
 *        {@code (symbol, exchangeOrderId)}.
 */
public record ReconciliationFinding(
        String kind,
        String clientOrderId,
        String symbol,
        String exchangeOrderId,
        String detail,
        String action,
        boolean venueDuplicate) {

    /** A finding that is not a venue duplicate. */
    public ReconciliationFinding(String kind, String clientOrderId, String symbol, String exchangeOrderId, String detail,
            String action) {
        this(kind, clientOrderId, symbol, exchangeOrderId, detail, action, false);
    }
}
