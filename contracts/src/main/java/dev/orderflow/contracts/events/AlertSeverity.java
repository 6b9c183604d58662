package dev.orderflow.contracts.events;

public enum AlertSeverity {
    WARNING,
    CRITICAL
}
