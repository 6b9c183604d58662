package dev.orderflow.guards.messaging;

import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.InvalidEventException;
import dev.orderflow.contracts.events.OrderIntent;
import dev.orderflow.guards.GuardMetrics;
import dev.orderflow.guards.GuardService;
import dev.orderflow.guards.persistence.DecisionRepository;
import dev.orderflow.guards.persistence.DecisionRepository.StoredDecision;
import dev.orderflow.platform.config.ServiceConfig;
import dev.orderflow.platform.messaging.CloudEventMessages;
import dev.orderflow.platform.persistence.DatabaseOutages;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Answers every intent on {@code orders.intents} with exactly one decision on {@code orders.decisions}.
 *
 * <p>For each record: look for a stored decision of the same client order id (or intent event id);
 * if there is none, decide, and store the decision ({@code ON CONFLICT DO NOTHING}, so concurrent
 * deliveries end with one stored decision); then publish the stored decision under its own event
 * id and wait for the broker's acknowledgement; only then is the intent acknowledged. A crash
 * anywhere before that leaves the intent unacknowledged; its redelivery finds the stored decision
 * and publishes it again, never a second, different one. Records are processed concurrently on
 * worker threads (the decision does not depend on the order of intents), at most
 * {@code smallrye.messaging.worker.intents.max-concurrency} at a time: after a restart the whole backlog
 * arrives at once, and with one thread per record it took every database connection, timed out, and the
 * failed record stopped the channel. A record that meets a database outage is handled again once Postgres
 * is back ({@link DatabaseOutages}); the stored decision makes the second run publish the same decision.
 */
@ApplicationScoped
public class IntentConsumer {

    private static final Logger LOG = Logger.getLogger(IntentConsumer.class);

    private final GuardService guards;
    private final DecisionRepository decisions;
    private final MutinyEmitter<byte[]> emitter;
    private final GuardMetrics metrics;
    private final String source;
    private final DatabaseOutages outages;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();

    public IntentConsumer(GuardService guards, DecisionRepository decisions, @Channel("decisions") MutinyEmitter<byte[]> emitter,
            GuardMetrics metrics, ServiceConfig config, DatabaseOutages outages) {
        this.outages = outages;
        this.guards = guards;
        this.decisions = decisions;
        this.emitter = emitter;
        this.metrics = metrics;
        this.source = "/" + config.serviceName();
        metrics.inFlightGauge(inFlight::get);
    }

    /** Most intents handled at the same time since start. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Incoming("intents")
    @Blocking(value = "intents", ordered = false)
    public void onIntent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<?> event;
        try {
            event = CloudEventHeaders.fromHeaders(CloudEventMessages.headerMap(record.headers()), record.value());
        } catch (InvalidEventException | UncheckedIOException e) {
            metrics.invalidIntent();
            LOG.warnf("Skipping record %s-%d@%d on %s: not a valid event (%s)", record.topic(), record.partition(), record.offset(),
                    record.topic(), e.getMessage());
            return;
        }
        if (!(event.data() instanceof OrderIntent intent) || event.type() != EventType.ORDER_INTENT) {
            metrics.invalidIntent();
            LOG.warnf("Skipping %s event %s on %s: only ORDER_INTENT is expected", event.type(), event.id(), record.topic());
            return;
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            outages.retryWhileDown("intents", () -> handle(intent, event.id()));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Decides (or finds the stored decision), publishes it and waits for the broker. */
    public StoredDecision handle(OrderIntent intent, String intentEventId) {
        Optional<StoredDecision> existing = decisions.find(intent.clientOrderId(), intentEventId);
        StoredDecision stored;
        if (existing.isPresent()) {
            metrics.redelivered();
            stored = existing.get();
            LOG.infof("Intent %s for %s seen again (event %s); re-publishing decision %s", intent.clientOrderId(), intent.symbol(),
                    intentEventId, stored.event().id());
        } else {
            GuardDecision decision = guards.decide(intent);
            stored = decisions.insertOrGet(EventEnvelope.of(source, EventType.GUARD_DECISION, intent.clientOrderId(), decision),
                    intentEventId);
        }
        emitter.sendMessageAndAwait(CloudEventMessages.toMessage(stored.event(), stored.event().data().symbol()));
        decisions.markPublished(intent.clientOrderId());
        return stored;
    }
}
