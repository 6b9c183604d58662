package dev.orderflow.gateway.domain;

/** Whether new orders are taken: ACTIVE everything, REDUCING exits only, HALTED nothing new. */
public enum TradingState {
    ACTIVE,
    REDUCING,
    HALTED;

    public boolean allowsEntries() {
        return this == ACTIVE;
    }

    public boolean allowsExits() {
        return this != HALTED;
    }
}
