package dev.orderflow.reconciler.messaging;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.ReconciliationRun;
import dev.orderflow.platform.messaging.CloudEventMessages;
import dev.orderflow.platform.persistence.DatabaseOutages;
import dev.orderflow.reconciler.service.ReconciliationRunner;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Answers STARTUP run requests on {@code ops.reconciliation}: a starting gateway instance publishes
 * phase REQUESTED with a run id; the run's STARTED and FINISHED/FAILED go out under that id. Every
 * other event on the topic (including this service's own) is ignored.
 */
@ApplicationScoped
public class RunRequestConsumer {

    private static final Logger LOG = Logger.getLogger(RunRequestConsumer.class);

    private final ReconciliationRunner runner;
    private final DatabaseOutages outages;

    public RunRequestConsumer(ReconciliationRunner runner, DatabaseOutages outages) {
        this.runner = runner;
        this.outages = outages;
    }

    @Incoming("run-requests")
    @Blocking
    public void onEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<?> event;
        try {
            event = CloudEventMessages.fromRecord(record);
        } catch (RuntimeException e) {
            LOG.errorf("Skipping invalid reconciliation event at offset %d: %s", record.offset(), e.getMessage());
            return;
        }
        if (event.data() instanceof ReconciliationRun run && "REQUESTED".equals(run.phase())) {
            if (!"STARTUP".equals(run.kind())) {
                LOG.warnf("Ignoring request %s of kind %s: only STARTUP runs are run on request", run.runId(), run.kind());
                return;
            }
            String requestedBy = run.requestedBy() == null ? event.source() : run.requestedBy();
            outages.retryWhileDown("run-requests", () -> runner.onRequest(run.runId(), requestedBy));
        }
    }
}
