package dev.orderflow.gateway.domain;

import dev.orderflow.contracts.events.EventType;
import java.util.Objects;

/** An event a transition asks to publish; the service writes it to the outbox in the same transaction. */
public record OutboundEvent(EventType type, Record payload) {

    public OutboundEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        if (!type.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException(type + " carries " + type.payloadType().getSimpleName());
        }
    }
}
