package dev.orderflow.gateway.service;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.gateway.domain.OutboundEvent;
import dev.orderflow.gateway.messaging.outbox.OutboxWriter;
import dev.orderflow.platform.config.Flags;
import dev.orderflow.platform.config.ServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Puts events into the outbox as CloudEvents, keyed by symbol, with the order's COID as subject. */
@ApplicationScoped
public class EventPublisher {

    private final OutboxWriter outbox;
    private final Flags flags;
    private final String source;

    public EventPublisher(OutboxWriter outbox, Flags flags, ServiceConfig config) {
        this.outbox = outbox;
        this.flags = flags;
        this.source = "/" + config.serviceName();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String symbol, String subject, List<OutboundEvent> events) {
        for (OutboundEvent event : events) {
            publish(symbol, subject, event.type(), event.payload());
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String key, String subject, EventType type, Record payload) {
        if (type == EventType.ENTRY_SLIPPAGE && !flags.isEnabled(FeatureFlag.ENABLE_FILL_TELEMETRY)) {
            return; // realised slippage is fill telemetry (phase 3)
        }
        outbox.write(EventEnvelope.of(source, type, subject, payload), key);
    }
}
