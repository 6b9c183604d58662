package dev.orderflow.contracts.events;

public enum Side {
    BUY,
    SELL
}
