package dev.orderflow.contracts.events;

public enum TimeInForce {
    GTC,
    IOC,
    FOK
}
