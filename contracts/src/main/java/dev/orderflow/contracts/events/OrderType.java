package dev.orderflow.contracts.events;

public enum OrderType {
    MARKET,
    LIMIT
}
