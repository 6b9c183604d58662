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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    /** How long a send waits for the broker before the event is left for the next evaluation. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);
    /** Acknowledged events are kept this long (for an audit of what was sent when), then forgotten. */
    private static final Duration KEEP_PUBLISHED = Duration.ofDays(7);

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

    /** One evaluation of every rule; returns the changes it stored, whose events it then sent. */
    public List<AlertChange> evaluate() {
        List<AlertChange> changes = evaluator.evaluate(AlertObservations.observe(model, heartbeatMissing), Instant.now());
        for (AlertChange change : changes) {
            store.save(change, event(change));
            LOG.infof("Alert %s %s %s: %s", change.kind(), change.severity(), change.rule().name(), change.message());
        }
        publishPending();
        return changes;
    }

    /**
     * Sends the stored alert events the broker has not acknowledged, oldest first, each under the id it was
     * stored with (a consumer that saw an earlier attempt recognises it); stops at the first one not
     * acknowledged, to keep their order, and tries again at the next evaluation.
     */
    void publishPending() {
        for (EventEnvelope<Alert> event : store.unpublished("/" + service.serviceName(), 100)) {
            CompletableFuture<Void> acknowledged = new CompletableFuture<>();
            emitter.send(CloudEventMessages.toMessage(event, service.serviceName())
                    .withAck(() -> {
                        acknowledged.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        acknowledged.completeExceptionally(failure);
                        return CompletableFuture.completedFuture(null);
                    }));
            try {
                acknowledged.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("Alert event %s not acknowledged by the broker (%s); kept and sent again in %s", event.id(),
                        e instanceof ExecutionException ? e.getCause() : "no answer in " + SEND_TIMEOUT, period);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            store.published(event.id(), Instant.now());
        }
        store.forgetPublishedBefore(Instant.now().minus(KEEP_PUBLISHED));
    }

    private EventEnvelope<Alert> event(AlertChange change) {
        var alert = new Alert(change.alertId(), change.rule().name(), change.rule().metric(), change.severity(), change.active(),
                change.observed(), change.threshold(), change.rule().action(), change.message(), change.at());
        // Microseconds, as Postgres keeps them, so that a resend carries exactly the time of the first send.
        return new EventEnvelope<>(UUID.randomUUID().toString(), "/" + service.serviceName(), EventType.ALERT,
                Instant.now().truncatedTo(ChronoUnit.MICROS), change.rule().name(), EventType.SCHEMA_VERSION, alert);
    }
}
