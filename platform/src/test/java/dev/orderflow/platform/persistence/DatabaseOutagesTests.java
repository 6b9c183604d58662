package dev.orderflow.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatabaseOutagesTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DatabaseOutages outages = new DatabaseOutages(registry);

    @Test
    void whatARestartingPostgresAnswersIsAnOutage() {
        assertThat(DatabaseOutages.isOutage(wrapped(new SQLException("FATAL: terminating connection due to administrator command", "57P01"))))
                .isTrue();
        assertThat(DatabaseOutages.isOutage(wrapped(new SQLException("An I/O error occurred while sending to the backend.", "08006"))))
                .isTrue();
        assertThat(DatabaseOutages.isOutage(wrapped(new SQLException("Connection to 127.0.0.1:5432 refused.", "08001")))).isTrue();
        assertThat(DatabaseOutages.isOutage(wrapped(new SQLException("the database system is starting up", "57P03")))).isTrue();
        assertThat(DatabaseOutages.isOutage(wrapped(new SQLTransientConnectionException("Acquisition timeout while waiting for new connection"))))
                .as("the pool gives no SQL state when it has no connection to give").isTrue();
    }

    @Test
    void aRefusedStatementOrABugIsNotAnOutage() {
        assertThat(DatabaseOutages.isOutage(wrapped(new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(DatabaseOutages.isOutage(wrapped(new SQLException("relation \"orders\" does not exist", "42P01")))).isFalse();
        assertThat(DatabaseOutages.isOutage(new IllegalStateException("no SQL in sight"))).isFalse();
    }

    @Test
    void workIsRunAgainUntilTheDatabaseIsBack() {
        AtomicInteger attempts = new AtomicInteger();
        outages.retryWhileDown("decisions", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw wrapped(new SQLException("Connection refused", "08001"));
            }
        });
        assertThat(attempts).hasValue(3);
        assertThat(registry.counter("orderflow_database_outage_retries_total", "work", "decisions").count()).isEqualTo(2.0);
    }

    @Test
    void anyOtherFailureIsRethrownAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        RuntimeException refused = wrapped(new SQLException("duplicate key", "23505"));
        assertThatThrownBy(() -> outages.retryWhileDown("decisions", () -> {
            attempts.incrementAndGet();
            throw refused;
        })).isSameAs(refused);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aShutdownWhileWaitingEndsTheWaitWithTheLastFailure() {
        RuntimeException down = wrapped(new SQLException("Connection refused", "08001"));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> outages.retryWhileDown("decisions", () -> {
                throw down;
            })).isSameAs(down);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private static RuntimeException wrapped(SQLException cause) {
        return new RuntimeException("statement failed", cause);
    }
}
