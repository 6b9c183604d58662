package dev.orderflow.gateway.service;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.RateLimitThrottle;
import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.gateway.domain.OutboundEvent;
import dev.orderflow.gateway.messaging.outbox.OutboxWriter;
import dev.orderflow.platform.config.Flags;
import dev.orderflow.platform.config.ServiceConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Puts events into the outbox as CloudEvents, keyed by symbol, with the order's COID as subject. */
@ApplicationScoped
public class EventPublisher implements ThrottleEvents {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final OutboxWriter outbox;
    private final Flags flags;
    private final String source;

    public EventPublisher(OutboxWriter outbox, Flags flags, ServiceConfig config) {
        this.outbox = outbox;
        this.flags = flags;
        this.source = "/" + config.serviceName();
    }

    /** Events of one order: keyed by its symbol, with its client order id as subject. */
    public record OrderEvents(String symbol, String subject, List<OutboundEvent> events) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String symbol, String subject, List<OutboundEvent> events) {
        publishAll(List.of(new OrderEvents(symbol, subject, events)));
    }

    /** The events of several orders, written to the outbox in one statement in the order given. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(List<OrderEvents> orders) {
        List<OutboxWriter.Keyed> keyed = new ArrayList<>();
        for (OrderEvents order : orders) {
            for (OutboundEvent event : order.events()) {
                if (published(event.type())) {
                    keyed.add(new OutboxWriter.Keyed(EventEnvelope.of(source, event.type(), order.subject(), event.payload()),
                            order.symbol()));
                }
            }
        }
        outbox.writeAll(keyed);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String key, String subject, EventType type, Record payload) {
        if (published(type)) {
            outbox.write(EventEnvelope.of(source, type, subject, payload), key);
        }
    }

    @Override
    public void waited(String key, RateLimitThrottle throttle) {
        try {
            QuarkusTransaction.requiringNew().run(() -> publish(key, key, EventType.RATE_LIMIT_THROTTLE, throttle));
        } catch (RuntimeException e) {
            LOG.warnf("RATE_LIMIT_THROTTLE not recorded: %s", e.getMessage());
        }
    }

    private boolean published(EventType type) {
        return type != EventType.ENTRY_SLIPPAGE || flags.isEnabled(FeatureFlag.ENABLE_FILL_TELEMETRY); // slippage is fill telemetry (phase 3)
    }
}
