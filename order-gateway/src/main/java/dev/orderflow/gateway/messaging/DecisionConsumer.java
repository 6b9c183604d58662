package dev.orderflow.gateway.messaging;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.InvalidEventException;
import dev.orderflow.gateway.domain.OrderEvent;
import dev.orderflow.gateway.persistence.GuardDecisionRepository;
import dev.orderflow.gateway.persistence.OrderRepository;
import dev.orderflow.gateway.service.OrderLifecycle;
import dev.orderflow.gateway.service.SubmissionQueue;
import dev.orderflow.platform.messaging.CloudEventMessages;
import dev.orderflow.platform.persistence.DatabaseOutages;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The entry guards' answers ({@code orders.decisions}). BLOCK blocks the waiting order; ALLOW and
 * SHADOW_BLOCK are stored with the order and the order goes on to submission. Idempotent by the
 * order's state: a decision for an order no longer waiting changes nothing, which is also what lets a
 * decision that met a database outage be applied again once Postgres is back.
 */
@ApplicationScoped
public class DecisionConsumer {

    private static final Logger LOG = Logger.getLogger(DecisionConsumer.class);

    private final OrderRepository orders;
    private final GuardDecisionRepository decisions;
    private final OrderLifecycle lifecycle;
    private final SubmissionQueue queue;
    private final DatabaseOutages outages;

    public DecisionConsumer(OrderRepository orders, GuardDecisionRepository decisions, OrderLifecycle lifecycle,
            SubmissionQueue queue, DatabaseOutages outages) {
        this.orders = orders;
        this.decisions = decisions;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.outages = outages;
    }

    @Incoming("decisions")
    @Blocking
    public void onDecision(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<?> event;
        try {
            event = CloudEventMessages.fromRecord(record);
        } catch (InvalidEventException | java.io.UncheckedIOException e) {
            LOG.errorf("Skipping invalid decision at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (!(event.data() instanceof GuardDecision decision) || decision.intent() == Intent.EXIT) {
            return;
        }
        outages.retryWhileDown("decisions", () -> apply(decision));
    }

    private void apply(GuardDecision decision) {
        String reasons = decision.findings().stream().map(f -> String.valueOf(f.reason())).distinct()
                .collect(Collectors.joining(","));
        var order = orders.find(decision.clientOrderId());
        if (order.isEmpty()) {
            return;
        }
        if (decision.outcome() == GuardOutcome.BLOCK) {
            lifecycle.apply(decision.clientOrderId(), new OrderEvent.GuardDecided(GuardOutcome.BLOCK, reasons, Instant.now()));
            return;
        }
        boolean stored = QuarkusTransaction.requiringNew().call(() -> decisions.record(order.get().id(), decision.outcome(), reasons,
                decision.expectedPrice()));
        if (stored) {
            queue.enqueue(decision.clientOrderId());
        }
    }
}
