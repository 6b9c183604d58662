package dev.orderflow.gateway.messaging;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.ReconciliationRun;
import dev.orderflow.gateway.service.ReconcileGate;
import dev.orderflow.platform.messaging.CloudEventMessages;
import dev.orderflow.platform.persistence.DatabaseOutages;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds {@code ops.reconciliation} to the {@link ReconcileGate}, which opens only for the FINISHED
 * event of the STARTUP run this instance requested. Each gateway instance reads the topic with a
 * group of its own.
 */
@ApplicationScoped
public class ReconciliationConsumer {

    private static final Logger LOG = Logger.getLogger(ReconciliationConsumer.class);

    private final ReconcileGate gate;
    private final DatabaseOutages outages;

    public ReconciliationConsumer(ReconcileGate gate, DatabaseOutages outages) {
        this.gate = gate;
        this.outages = outages;
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
        if (event.data() instanceof ReconciliationRun run) {
            outages.retryWhileDown("reconciliation", () -> gate.onRun(run));
        }
    }
}
