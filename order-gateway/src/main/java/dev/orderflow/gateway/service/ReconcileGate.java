package dev.orderflow.gateway.service;

import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.ReconciliationRun;
import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.platform.config.Flags;
import dev.orderflow.platform.config.ServiceConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * With ENABLE_STARTUP_RECONCILE on, entries stay closed (and readiness DOWN) until the reconciler
 * reports the STARTUP run this instance asked for as FINISHED.
 *
 * <p>Protocol on {@code ops.reconciliation} (key = service name): at start the gateway publishes a
 * {@code RECONCILIATION_RUN} with kind STARTUP, phase REQUESTED, a new run id and
 * {@code requestedBy} = its instance; only a FINISHED event with that run id opens the gate. FAILED
 * keeps it closed and a new run is requested after {@code gateway.reconcile.retry-backoff}. Without
 * a finished run within {@code gateway.reconcile.startup-timeout}, entries stay refused
 * ({@code proceed-on-timeout=false}) or open ({@code true}), logged at ERROR either way. With the
 * flag off the gate is open.
 */
@Singleton
public class ReconcileGate {

    private static final Logger LOG = Logger.getLogger(ReconcileGate.class);

    public enum Phase { NOT_REQUIRED, WAITING, FINISHED, TIMED_OUT_OPEN, TIMED_OUT_CLOSED }

    private final boolean required;
    private final GatewayConfig config;
    private final ServiceConfig service;
    private final EventPublisher events;
    private final Instant startedAt = Instant.now();
    private final AtomicReference<Phase> phase = new AtomicReference<>();
    private volatile String runId;
    private volatile Instant requestedAt;
    private volatile Instant retryAt;

    public ReconcileGate(Flags flags, GatewayConfig config, ServiceConfig service, EventPublisher events) {
        this.required = flags.isEnabled(FeatureFlag.ENABLE_STARTUP_RECONCILE);
        this.config = config;
        this.service = service;
        this.events = events;
        phase.set(required ? Phase.WAITING : Phase.NOT_REQUIRED);
        if (required) {
            LOG.infof("ENABLE_STARTUP_RECONCILE on: entries refused until the startup reconciliation finished (wait up to %s)",
                    config.reconcile().startupTimeout());
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (required) {
            request();
        }
    }

    /** Publishes a REQUESTED STARTUP run with a new run id; the gate waits for that id. */
    public synchronized String request() {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> events.publish(service.serviceName(), id, EventType.RECONCILIATION_RUN,
                new ReconciliationRun(id, "STARTUP", "REQUESTED", service.instance(), now, null, List.of(), null)));
        runId = id;
        requestedAt = now;
        retryAt = null;
        LOG.infof("Startup reconciliation %s requested by %s", id, service.instance());
        return id;
    }

    /** Re-requests a run after a failure, once the backoff has passed. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void retryAfterFailure() {
        Instant due = retryAt;
        if (due != null && phase.get() == Phase.WAITING && Instant.now().isAfter(due)) {
            try {
                request();
            } catch (RuntimeException e) {
                LOG.warnf("Startup reconciliation not requested again yet: %s", e.getMessage());
            }
        }
    }

    public Phase phase() {
        Phase current = phase.get();
        if (current == Phase.WAITING && Instant.now().isAfter(startedAt.plus(config.reconcile().startupTimeout()))) {
            Phase timedOut = config.reconcile().proceedOnTimeout() ? Phase.TIMED_OUT_OPEN : Phase.TIMED_OUT_CLOSED;
            if (phase.compareAndSet(Phase.WAITING, timedOut)) {
                LOG.errorf("No finished startup reconciliation within %s: entries %s", config.reconcile().startupTimeout(),
                        timedOut == Phase.TIMED_OUT_OPEN ? "OPENED (proceed-on-timeout)" : "stay REFUSED");
            }
            return phase.get();
        }
        return current;
    }

    public boolean entriesOpen() {
        Phase current = phase();
        return current == Phase.NOT_REQUIRED || current == Phase.FINISHED || current == Phase.TIMED_OUT_OPEN;
    }

    public boolean required() {
        return required;
    }

    /** The run id this instance waits for (or the one that finished). */
    public String runId() {
        return runId;
    }

    /** A reconciliation event arrived: only this instance's run counts. */
    public void onRun(ReconciliationRun run) {
        if (!required || !"STARTUP".equals(run.kind()) || run.runId() == null || !run.runId().equals(runId)) {
            return;
        }
        switch (run.phase()) {
            case "FINISHED" -> {
                if (phase.get() != Phase.FINISHED) {
                    phase.set(Phase.FINISHED);
                    LOG.infof("Startup reconciliation %s finished: entries open", run.runId());
                }
            }
            case "FAILED" -> {
                if (phase.get() == Phase.WAITING || phase.get() == Phase.TIMED_OUT_CLOSED) {
                    retryAt = Instant.now().plus(config.reconcile().retryBackoff());
                    LOG.errorf("Startup reconciliation %s FAILED (%s): entries stay refused; a new run is requested in %s",
                            run.runId(), run.error(), config.reconcile().retryBackoff());
                }
            }
            default -> LOG.debugf("Startup reconciliation %s: %s", run.runId(), run.phase());
        }
    }
}
