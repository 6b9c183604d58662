package dev.orderflow.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.contracts.alerts.AlertRule;
import dev.orderflow.contracts.events.Alert;
import dev.orderflow.contracts.events.AlertSeverity;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.testing.EventRecorder;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Alert events go out through an outbox: an event stored with its alert change but never acknowledged
 * by the broker (the process stopped, the broker was away) is sent at the next evaluation under the
 * id it was stored with, and marked sent.
 */
@QuarkusTest
@WithTestResource(TelemetryInfrastructure.class)
class AlertOutboxTests {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anAlertEventStoredButNeverSentGoesOutUnderItsIdAtTheNextEvaluation() throws Exception {
        UUID alertId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        Instant at = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MICROS);
        AlertRule rule = AlertRule.API_THROTTLE_RATE;
        Alert alert = new Alert(alertId.toString(), rule.name(), rule.metric(), AlertSeverity.WARNING, false,
                new BigDecimal("12.5"), new BigDecimal("15"), rule.action(), "resolved before the process stopped", at);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alert (alert_id, rule, subject, metric, severity,"
                    + " observed, threshold, unit, action, message, raised_at, updated_at, resolved_at)"
                    + " VALUES (?, ?, 'outbox-test', ?, 'WARNING', 12.5, 15, '%', ?, ?, ?, ?, ?)")) {
                insert.setObject(1, alertId);
                insert.setString(2, rule.name());
                insert.setString(3, rule.metric());
                insert.setString(4, rule.action());
                insert.setString(5, alert.message());
                insert.setTimestamp(6, Timestamp.from(at.minusSeconds(60)));
                insert.setTimestamp(7, Timestamp.from(at));
                insert.setTimestamp(8, Timestamp.from(at));
                insert.executeUpdate();
            }
            try (EventRecorder alerts = new EventRecorder(Broker.bootstrapServers(), Topics.ALERTS)) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO alert_event (event_id, alert_id, subject, payload, created_at) VALUES (?, ?, ?, ?, ?)")) {
                    insert.setObject(1, eventId);
                    insert.setObject(2, alertId);
                    insert.setString(3, rule.name());
                    insert.setString(4, new String(EventJson.toBytes(alert), StandardCharsets.UTF_8));
                    insert.setTimestamp(5, Timestamp.from(at));
                    insert.executeUpdate();
                }

                EventEnvelope<?> sent = alerts.awaitEvent(e -> e.id().equals(eventId.toString()), Duration.ofSeconds(30)).getLast();
                assertThat(sent.data()).isEqualTo(alert);
                assertThat(sent.time()).isEqualTo(at);
                assertThat(sent.subject()).isEqualTo(rule.name());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> publishedAt(connection, eventId) != null);
        }
    }

    private static Timestamp publishedAt(Connection connection, UUID eventId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT published_at FROM alert_event WHERE event_id = ?")) {
            select.setObject(1, eventId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getTimestamp(1) : null;
            }
        }
    }
}
