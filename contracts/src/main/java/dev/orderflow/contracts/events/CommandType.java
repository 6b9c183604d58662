package dev.orderflow.contracts.events;

public enum CommandType {
    CANCEL,
    ADOPT,
    MARK_LOST,
    APPLY_FILL
}
