package dev.orderflow.reconciler.domain;

import dev.orderflow.contracts.events.OrderStatus;

/**
 * How an event moves the local view of an order. Events of one symbol arrive in the gateway's commit
 * order, so the newest event wins, except that a finished order stays finished: a late fill after a
 * cancel (ORDER_PARTIAL) does not reopen it.
 */
public final class StatusMerge {

    private StatusMerge() {
    }

    public static OrderStatus next(OrderStatus current, OrderStatus incoming) {
        if (current == null) {
            return incoming;
        }
        if (OrderStatus.TERMINAL.contains(current)) {
            return current;
        }
        return incoming;
    }
}
