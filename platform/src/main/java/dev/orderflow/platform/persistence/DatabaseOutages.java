package dev.orderflow.platform.persistence;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Carries Kafka consumers through a database outage. A record whose processing failed only because
 * Postgres could not be reached (a restart, a failover, an exhausted pool) is processed again after a
 * pause, for as long as the outage lasts, instead of failing its channel: a failed record stops a
 * SmallRye channel for good, so a 5 s restart of Postgres used to leave the consumer out of its group
 * until the service was restarted. Any other failure is rethrown at once: retrying a bug or a refused
 * statement would only block the partition behind it.
 *
 * <p>The work must be safe to run again from the start (its own transaction, idempotent by event id
 * or by the order's state), which is what every consumer here already needs for redelivery. While it
 * waits, readiness reports the database DOWN (the datasource check) and the record stays
 * unacknowledged, so nothing is committed past it.
 */
@ApplicationScoped
public class DatabaseOutages {

    private static final Logger LOG = Logger.getLogger(DatabaseOutages.class);
    static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
    private static final Duration WARNING_INTERVAL = Duration.ofSeconds(30);

    private final MeterRegistry registry;

    public DatabaseOutages(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Runs {@code work} until it completes or fails for a reason other than an unreachable database.
     * If the thread is interrupted while it waits (shutdown), the last failure is rethrown and the
     * record is redelivered to the next instance.
     */
    public void retryWhileDown(String work, Runnable task) {
        long startedNanos = 0;
        long lastWarningNanos = 0;
        int attempts = 0;
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                task.run();
                if (attempts > 0) {
                    LOG.infof("%s went through after the database came back (%d attempts in %d ms)", work, attempts + 1,
                            (System.nanoTime() - startedNanos) / 1_000_000);
                }
                return;
            } catch (RuntimeException failure) {
                if (!isOutage(failure)) {
                    throw failure;
                }
                long now = System.nanoTime();
                if (attempts == 0) {
                    startedNanos = now;
                }
                attempts++;
                registry.counter("orderflow_database_outage_retries_total", "work", work).increment();
                if (attempts == 1 || now - lastWarningNanos >= WARNING_INTERVAL.toNanos()) {
                    lastWarningNanos = now;
                    LOG.warnf("%s waits for the database (attempt %d, %d ms so far): %s", work, attempts,
                            (now - startedNanos) / 1_000_000, rootMessage(failure));
                }
                try {
                    // Jitter keeps the consumers of several services from reconnecting in lock step.
                    Thread.sleep(pause.toMillis() / 2 + ThreadLocalRandom.current().nextLong(pause.toMillis() / 2 + 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
                pause = pause.multipliedBy(2);
                if (pause.compareTo(LONGEST_PAUSE) > 0) {
                    pause = LONGEST_PAUSE;
                }
            }
        }
    }

    /** Whether {@code failure} comes from Postgres being unreachable rather than from what was asked of it. */
    public static boolean isOutage(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql) {
                return isUnavailable(sql.getSQLState());
            }
        }
        return false;
    }

    /**
     * Whether a SQL state means the database could not be reached or refused all work: connection
     * exceptions (08), insufficient resources (53), operator intervention such as a shutdown (57),
     * system errors (58). No state at all is what the pool reports when no connection could be had.
     */
    public static boolean isUnavailable(String sqlState) {
        return sqlState == null || sqlState.startsWith("08") || sqlState.startsWith("53") || sqlState.startsWith("57")
                || sqlState.startsWith("58");
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
