package dev.orderflow.gateway.domain;

import dev.orderflow.contracts.events.OrderStatus;
import java.util.List;

/** The outcome of applying one event to one order: a value, never an exception. */
public sealed interface Transition {

    /** The event moved the order (or updated it in place); the new state and what to publish. */
    record Applied(OrderStatus from, OrderState next, String cause, List<OutboundEvent> events) implements Transition {
        public Applied {
            events = List.copyOf(events);
        }

        public boolean statusChanged() {
            return from != next.status();
        }
    }

    /** A stale or repeated report that changes nothing (an acknowledgement after the fill, a second cancel). */
    record Ignored(OrderStatus state, String reason) implements Transition {
    }

    /** The event is not allowed in this state: a bug or a venue inconsistency, logged and counted, never applied. */
    record Illegal(OrderStatus state, String event, String reason) implements Transition {
    }
}
