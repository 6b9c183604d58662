package dev.orderflow.telemetry.messaging;

import dev.orderflow.contracts.alerts.AlertRule;
import dev.orderflow.contracts.events.Alert;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.platform.config.Flags;
import dev.orderflow.platform.config.ServiceConfig;
import dev.orderflow.platform.messaging.CloudEventMessages;
import dev.orderflow.telemetry.domain.AlertEvaluator;
import dev.orderflow.telemetry.domain.AlertEvaluator.AlertChange;
import dev.orderflow.telemetry.domain.AlertObservations;
import dev.orderflow.telemetry.domain.SnapshotCache;
import dev.orderflow.telemetry.domain.TelemetryModel;
import dev.orderflow.telemetry.domain.TelemetrySnapshot;
import dev.orderflow.telemetry.persistence.AlertStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Evaluates the alert table every LIVE_MONITOR_REFRESH_S seconds, whatever the dashboard flags say:
 * each raise, change and resolution is stored, then published on {@code ops.alerts}. Alerts open
 * before a restart are taken over from Postgres, not raised again.
 */
@ApplicationScoped
public class AlertMonitor {

    private static final Logger LOG = Logger.getLogger(AlertMonitor.class);

    private final TelemetryModel model;
    private final AlertEvaluator evaluator;
    private final AlertRule heartbeatMissing;
    private final AlertStore store;
    private final Emitter<byte[]> emitter;
    private final Duration period;
    private final ServiceConfig service;
    private final SnapshotCache<TelemetrySnapshot> snapshots;
    private final TelemetryMetrics metrics;
    private ScheduledExecutorService executor;

    public AlertMonitor(TelemetryModel model, AlertEvaluator evaluator, @Named("heartbeatMissing") AlertRule heartbeatMissing,
            AlertStore store, @Channel("alerts") Emitter<byte[]> emitter, Flags flags, ServiceConfig service,
            SnapshotCache<TelemetrySnapshot> snapshots, TelemetryMetrics metrics) {
        this.model = model;
        this.evaluator = evaluator;
        this.heartbeatMissing = heartbeatMissing;
        this.store = store;
        this.emitter = emitter;
        this.period = flags.values().liveMonitorRefresh();
        this.service = service;
        this.snapshots = snapshots;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent ignored) {
        store.openForRestore().forEach(evaluator::restore);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "telemetry-alerts");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(this::evaluateSafely, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    public Duration period() {
        return period;
    }

    private void evaluateSafely() {
        try {
            evaluate();
            metrics.update(snapshots.get(), store.open());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Alert evaluation failed; next try in %s", period);
        }
    }

    /** One evaluation of every rule; returns the changes it stored and published. */
    public List<AlertChange> evaluate() {
        List<AlertChange> changes = evaluator.evaluate(AlertObservations.observe(model, heartbeatMissing), Instant.now());
        for (AlertChange change : changes) {
            store.save(change);
            publish(change);
            LOG.infof("Alert %s %s %s: %s", change.kind(), change.severity(), change.rule().name(), change.message());
        }
        return changes;
    }

    private void publish(AlertChange change) {
        var alert = new Alert(change.alertId(), change.rule().name(), change.rule().metric(), change.severity(), change.active(),
                change.observed(), change.threshold(), change.rule().action(), change.message(), change.at());
        var event = EventEnvelope.of("/" + service.serviceName(), EventType.ALERT, change.rule().name(), alert);
        emitter.send(CloudEventMessages.toMessage(event, service.serviceName()));
    }
}
