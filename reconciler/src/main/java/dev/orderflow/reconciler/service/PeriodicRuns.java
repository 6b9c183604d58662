package dev.orderflow.reconciler.service;

import dev.orderflow.reconciler.config.ReconcilerConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Schedules a PERIODIC run every {@code reconciler.periodic-interval}; {@code 0s} schedules none. */
@ApplicationScoped
public class PeriodicRuns {

    private static final Logger LOG = Logger.getLogger(PeriodicRuns.class);

    private final Scheduler scheduler;
    private final ReconciliationRunner runner;
    private final ReconcilerConfig config;

    public PeriodicRuns(Scheduler scheduler, ReconciliationRunner runner, ReconcilerConfig config) {
        this.scheduler = scheduler;
        this.runner = runner;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        var interval = config.periodicInterval();
        if (interval.isZero() || interval.isNegative()) {
            LOG.info("Periodic reconciliation is off (reconciler.periodic-interval=0)");
            return;
        }
        scheduler.newJob("periodic-reconciliation")
                .setInterval(interval.toMillis() + "ms")
                .setDelayed(interval.toMillis() + "ms")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> runner.periodic())
                .schedule();
        LOG.infof("Periodic reconciliation every %s", interval);
    }
}
