package dev.orderflow.guards.persistence;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardFinding;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Stored decisions, the guards' idempotency record. Plain JDBC: each call is one statement, and
 * {@code INSERT .. ON CONFLICT DO NOTHING} on the client order id is what makes a second decision
 * for the same order impossible, even with two deliveries of one intent processed at once. The same
 * store on Hibernate ORM with Panache took about three times the CPU per entry (figures in
 * docs/architecture.md, "Persistence"), so this one stays.
 */
@Singleton
public class DecisionRepository {

    private static final String COLUMNS = "client_order_id, intent_event_id, decision_event_id, decided_at, payload::text";

    private final AgroalDataSource dataSource;
    private final String source;

    public DecisionRepository(AgroalDataSource dataSource, dev.orderflow.platform.config.ServiceConfig config) {
        this.dataSource = dataSource;
        this.source = "/" + config.serviceName();
    }

    /** A stored decision and the intent event it answered. */
    public record StoredDecision(EventEnvelope<GuardDecision> event, String intentEventId) {
    }

    /** The decision already taken for this order (or for this intent event), if any. */
    public Optional<StoredDecision> find(String clientOrderId, String intentEventId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                        + " FROM guard_decision WHERE client_order_id = ? OR intent_event_id = ? LIMIT 1")) {
            query.setString(1, clientOrderId);
            query.setString(2, intentEventId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("decision of " + clientOrderId + " not read", e);
        }
    }

    public Optional<StoredDecision> find(String clientOrderId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM guard_decision WHERE client_order_id = ?")) {
            query.setString(1, clientOrderId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("decision of " + clientOrderId + " not read", e);
        }
    }

    /**
     * Stores the decision unless one exists for the same order; answers whichever is stored, so
     * that two concurrent deliveries publish the same decision.
     */
    public StoredDecision insertOrGet(EventEnvelope<GuardDecision> event, String intentEventId) {
        GuardDecision decision = event.data();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO guard_decision "
                        + "(client_order_id, intent_event_id, decision_event_id, symbol, outcome, reasons, payload, decided_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (client_order_id) DO NOTHING")) {
            insert.setString(1, decision.clientOrderId());
            insert.setString(2, intentEventId);
            insert.setString(3, event.id());
            insert.setString(4, decision.symbol());
            insert.setString(5, decision.outcome().name());
            insert.setString(6, decision.findings().stream().filter(f -> !f.passed()).map(GuardFinding::reason)
                    .map(Enum::name).collect(Collectors.joining(",")));
            insert.setString(7, new String(EventJson.toBytes(decision), StandardCharsets.UTF_8));
            insert.setTimestamp(8, Timestamp.from(event.time()));
            if (insert.executeUpdate() == 1) {
                return new StoredDecision(event, intentEventId);
            }
        } catch (SQLException e) {
            throw new PersistenceException("decision of " + decision.clientOrderId() + " not stored", e);
        }
        return find(decision.clientOrderId()).orElseThrow(
                () -> new PersistenceException("decision of " + decision.clientOrderId() + " neither stored nor found", null));
    }

    /** Notes that the decision went out (again). */
    public void markPublished(String clientOrderId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE guard_decision SET publish_count = publish_count + 1, last_published_at = ? WHERE client_order_id = ?")) {
            update.setTimestamp(1, Timestamp.from(Instant.now()));
            update.setString(2, clientOrderId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("publication of " + clientOrderId + " not recorded", e);
        }
    }

    /** How often the decision of an order was published (1 unless its intent was redelivered). */
    public int publishCount(String clientOrderId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT publish_count FROM guard_decision WHERE client_order_id = ?")) {
            query.setString(1, clientOrderId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new PersistenceException("decision of " + clientOrderId + " not read", e);
        }
    }

    private StoredDecision read(ResultSet row) throws SQLException {
        GuardDecision decision = EventJson.fromBytes(row.getString(5).getBytes(StandardCharsets.UTF_8), GuardDecision.class);
        EventEnvelope<GuardDecision> event = new EventEnvelope<>(row.getString(3), source, EventType.GUARD_DECISION,
                row.getTimestamp(4).toInstant(), row.getString(1), EventType.SCHEMA_VERSION, decision);
        return new StoredDecision(event, row.getString(2));
    }

    /** The decision store failed; the intent is not acknowledged and comes again. */
    public static class PersistenceException extends RuntimeException {
        public PersistenceException(String message, Throwable cause) {
            super(message + (cause == null ? "" : ": " + cause.getMessage()), cause);
        }
    }
}
