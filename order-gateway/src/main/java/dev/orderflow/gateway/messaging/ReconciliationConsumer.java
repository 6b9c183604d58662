package dev.orderflow.gateway.messaging;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.ReconciliationRun;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.service.ReconcileGate;
import dev.orderflow.platform.messaging.CloudEventMessages;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Opens the startup-reconcile gate when the reconciler's STARTUP run is FINISHED
 * ({@code ops.reconciliation}). Each gateway instance reads the topic with a group of its own from
 * the beginning, and counts a run that finished after it started, or at most
 * {@code gateway.reconcile.accept-finished-within} before.
 */
@ApplicationScoped
public class ReconciliationConsumer {

    private static final Logger LOG = Logger.getLogger(ReconciliationConsumer.class);

    private final ReconcileGate gate;
    private final GatewayConfig config;
    private final Instant startedAt = Instant.now();

    public ReconciliationConsumer(ReconcileGate gate, GatewayConfig config) {
        this.gate = gate;
        this.config = config;
    }

    @Incoming("reconciliation")
    @Blocking
    public void onRun(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<?> event;
        try {
            event = CloudEventMessages.fromRecord(record);
        } catch (RuntimeException e) {
            LOG.errorf("Skipping invalid reconciliation event: %s", e.getMessage());
            return;
        }
        if (event.data() instanceof ReconciliationRun run && "STARTUP".equals(run.kind()) && "FINISHED".equals(run.phase())) {
            Instant finished = run.finishedAt() == null ? event.time() : run.finishedAt();
            if (finished.isAfter(startedAt.minus(config.reconcile().acceptFinishedWithin()))) {
                gate.finished(run.runId());
            }
        }
    }
}
