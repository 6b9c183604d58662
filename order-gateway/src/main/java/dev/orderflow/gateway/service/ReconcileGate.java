package dev.orderflow.gateway.service;

import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.platform.config.Flags;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * With ENABLE_STARTUP_RECONCILE on, entries stay closed (and readiness DOWN) until the reconciler
 * reports its STARTUP run FINISHED on ops.reconciliation, or until the configured wait runs out and
 * {@code gateway.reconcile.proceed-on-timeout} is true. With the flag off the gate is open.
 */
@Singleton
public class ReconcileGate {

    private static final Logger LOG = Logger.getLogger(ReconcileGate.class);

    public enum Phase { NOT_REQUIRED, WAITING, FINISHED, TIMED_OUT_OPEN, TIMED_OUT_CLOSED }

    private final boolean required;
    private final GatewayConfig config;
    private final Instant startedAt = Instant.now();
    private final AtomicReference<Phase> phase = new AtomicReference<>();
    private volatile String runId;

    public ReconcileGate(Flags flags, GatewayConfig config) {
        this.required = flags.isEnabled(FeatureFlag.ENABLE_STARTUP_RECONCILE);
        this.config = config;
        phase.set(required ? Phase.WAITING : Phase.NOT_REQUIRED);
        if (required) {
            LOG.infof("ENABLE_STARTUP_RECONCILE on: entries refused until the startup reconciliation finished (wait up to %s)",
                    config.reconcile().startupTimeout());
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

    public String runId() {
        return runId;
    }

    /** The reconciler's startup run finished (or an operator says so). */
    public void finished(String runId) {
        if (required && phase.get() != Phase.FINISHED) {
            this.runId = runId;
            phase.set(Phase.FINISHED);
            LOG.infof("Startup reconciliation %s finished: entries open", runId);
        }
    }
}
