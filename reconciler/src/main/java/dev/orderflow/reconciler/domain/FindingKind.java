package dev.orderflow.reconciler.domain;

/** The differences a reconciliation run looks for. */
public enum FindingKind {
    /** An open order at the exchange that the gateway does not know: ADOPT. A venue duplicate. */
    ORPHAN_AT_EXCHANGE,
    /**
     * An open order at the exchange under a known client order id but another exchange order id than the
     * gateway recorded: a second venue order for one intent. A venue duplicate; an operator cancels it.
     */
    SECOND_VENUE_ORDER,
    /** A local order sent (or maybe sent) that the exchange does not have (-2013): MARK_LOST. */
    MISSING_AT_EXCHANGE,
    /** An exchange trade of a local order that never reached {@code orders.events}: APPLY_FILL. */
    FILL_MISSING,
    /** The exchange ended the order (canceled, expired, rejected) while it is open locally: CANCEL. */
    STATUS_MISMATCH,
    /** Open at the exchange for longer than the order TTL: CANCEL with a reason starting with "TTL". */
    TTL_EXPIRED
}
