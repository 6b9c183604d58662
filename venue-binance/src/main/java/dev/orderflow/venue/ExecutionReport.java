package dev.orderflow.venue;

import java.time.Instant;

/**
 * One execution report of the user data stream, in the project's terms.
 *
 * @param clientOrderId the order's client order id (for a cancel, the id of the order canceled)
 * @param trade the fill, for {@link Kind#TRADE}
 * @param reason the venue's reject reason, for {@link Kind#REJECTED}
 */
public record ExecutionReport(
        Kind kind,
        String clientOrderId,
        String exchangeOrderId,
        String symbol,
        VenueTrade trade,
        String reason,
        Instant at) {

    /** What happened to the order. */
    public enum Kind {
        /** Accepted and resting at the venue. */
        NEW,
        /** Filled, in part or in full: {@link #trade()} says how much. */
        TRADE,
        CANCELED,
        EXPIRED,
        REJECTED,
        /** Anything else (replaced, pending ...): not used here. */
        OTHER
    }
}
