package dev.orderflow.paper.fault;

/** Failure modes the paper exchange can inject; none is active unless an operator adds it. */
public enum FaultType {
    /** Every API request waits before it is processed: {@code minMs}..{@code maxMs} uniform, or {@code meanMs} exponential. */
    LATENCY,
    /** POST /api/v3/order is executed, then no response is sent; the connection closes after {@code holdMs}. */
    DROP_RESPONSE,
    /** POST /api/v3/order is executed, then answered 503 with -1007 (send status unknown). */
    TIMEOUT_AFTER_ACCEPT,
    /** Requests fail before processing with HTTP {@code status} (default 500) and code -1000/-1001. */
    SERVER_ERROR,
    /** Lower request-weight ({@code weightPerMinute}) and/or order-count ({@code ordersPer10s}) limits. */
    RATE_LIMIT,
    /** One matching pass fills at most {@code fraction} (default 0.25) of an order. */
    PARTIAL_FILLS,
    /** The book stops moving (stale): no random walk, no refresh, no resting fills. */
    FROZEN_BOOK,
    /** Execution reports and account updates leave {@code delayMs} (default 1000) late. */
    REPORT_DELAY,
    /** Execution reports are sent twice. */
    REPORT_DUPLICATE,
    /** Execution reports are held and sent after the next one (out of order). */
    REPORT_REORDER
}
