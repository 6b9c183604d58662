package dev.orderflow.contracts.events;

public enum GuardReason {
    SLIPPAGE,
    SPREAD,
    DEPTH,
    STALE_BOOK,
    MARKET_DATA_UNAVAILABLE,
    EXIT_BYPASS
}
