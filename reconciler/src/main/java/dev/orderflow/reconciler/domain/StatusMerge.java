package dev.orderflow.reconciler.domain;

import dev.orderflow.contracts.events.OrderStatus;
import java.util.EnumSet;
import java.util.Set;

/**
 * How an event moves the local view of an order. Events of one symbol arrive in the gateway's commit
 * order, so the newest event wins, except that a finished order stays finished: a late fill after a
 * cancel (ORDER_PARTIAL) does not reopen it.
 */
public final class StatusMerge {

    public static final Set<OrderStatus> TERMINAL = EnumSet.of(OrderStatus.BLOCKED, OrderStatus.FILLED, OrderStatus.CANCELED,
            OrderStatus.REJECTED, OrderStatus.EXPIRED);

    private StatusMerge() {
    }

    public static OrderStatus next(OrderStatus current, OrderStatus incoming) {
        if (current == null) {
            return incoming;
        }
        if (TERMINAL.contains(current)) {
            return current;
        }
        return incoming;
    }
}
