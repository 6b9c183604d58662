package dev.orderflow.contracts.flags;

public enum FlagType {
    BOOLEAN,
    DECIMAL
}
