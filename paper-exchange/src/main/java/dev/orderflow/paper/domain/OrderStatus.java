package dev.orderflow.paper.domain;

/** Binance order statuses the simulator produces. */
public enum OrderStatus {
    NEW, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED, EXPIRED;

    public boolean isOpen() {
        return this == NEW || this == PARTIALLY_FILLED;
    }
}
