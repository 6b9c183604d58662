package dev.orderflow.reconciler.service;

import dev.orderflow.platform.persistence.BatchedDelete;
import dev.orderflow.reconciler.config.ReconcilerConfig;
import dev.orderflow.reconciler.persistence.RunRepository;
import dev.orderflow.reconciler.persistence.TrackedOrderRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.jboss.logging.Logger;

/**
 * Keeps the reconciler's tables bounded: every {@code reconciler.purge-interval}, final orders with their
 * trades, processed event ids and finished runs older than {@code reconciler.retention} are deleted in
 * batches. Open orders and runs under way are never deleted.
 */
@Startup
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    /** What one purge deleted, per table. */
    public record Purged(int orders, int events, int runs) {
    }

    private final TrackedOrderRepository orders;
    private final RunRepository runs;
    private final ReconcilerConfig config;
    private final Map<String, Counter> purged;

    public RetentionPurge(TrackedOrderRepository orders, RunRepository runs, ReconcilerConfig config, MeterRegistry registry) {
        this.orders = orders;
        this.runs = runs;
        this.config = config;
        if (config.retention().compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalStateException("reconciler.retention (RECONCILER_RETENTION) must be at least 24h, is " + config.retention());
        }
        this.purged = Map.of("tracked_order", counter(registry, "tracked_order"), "processed_event",
                counter(registry, "processed_event"), "reconciliation_run", counter(registry, "reconciliation_run"));
    }

    private static Counter counter(MeterRegistry registry, String table) {
        return Counter.builder("orderflow_reconciler_purged_total").tag("table", table)
                .description("Rows deleted by the retention purge (tracked_order counts orders; their trades go with them)")
                .register(registry);
    }

    @Scheduled(every = "${reconciler.purge-interval:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            purge(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("Retention purge failed, the next one retries: %s", e.getMessage());
        }
    }

    /** Deletes everything older than the retention at {@code now}. */
    public Purged purge(Instant now) {
        Instant cutoff = now.minus(config.retention());
        Purged result = new Purged(
                inBatches("tracked_order", batch -> orders.purgeFinal(cutoff, batch)),
                inBatches("processed_event", batch -> orders.purgeProcessedEvents(cutoff, batch)),
                inBatches("reconciliation_run", batch -> runs.purgeFinished(cutoff, batch)));
        if (result.orders() + result.events() + result.runs() > 0) {
            LOG.infof("Retention purge (older than %s): %d final orders, %d event ids, %d runs", cutoff, result.orders(),
                    result.events(), result.runs());
        }
        return result;
    }

    private int inBatches(String table, IntUnaryOperator deleteUpTo) {
        int total = BatchedDelete.untilShort(config.purgeBatchSize(), deleteUpTo);
        purged.get(table).increment(total);
        return total;
    }
}
