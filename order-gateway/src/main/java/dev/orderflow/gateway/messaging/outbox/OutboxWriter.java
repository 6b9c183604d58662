package dev.orderflow.gateway.messaging.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.gateway.persistence.DataAccessException;
import dev.orderflow.platform.persistence.ArrayColumns;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes events to the outbox table inside the caller's transaction, so an event exists exactly
 * when the change it announces was committed. Runs only inside a transaction (MANDATORY).
 */
@ApplicationScoped
public class OutboxWriter {

    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry registry;
    private final OutboxRelay relay;

    public OutboxWriter(AgroalDataSource dataSource, TransactionSynchronizationRegistry registry, OutboxRelay relay) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.relay = relay;
    }

    /** An event and the Kafka key it is published under. */
    public record Keyed(EventEnvelope<?> event, String key) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void write(EventEnvelope<?> event, String key) {
        writeAll(List.of(new Keyed(event, key)));
    }

    /** Writes the events in one statement; the relay publishes them in the order given. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void writeAll(List<Keyed> events) {
        if (events.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (event_id, topic, msg_key, event_type, payload, headers) "
                        + "SELECT event_id::uuid, topic, msg_key, event_type, payload::jsonb, headers::jsonb "
                        + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                        + "AS u(event_id, topic, msg_key, event_type, payload, headers)")) {
            new ArrayColumns(c, ps)
                    .text(events, e -> e.event().id())
                    .text(events, e -> e.event().topic())
                    .text(events, Keyed::key)
                    .text(events, e -> e.event().type().name())
                    .text(events, e -> new String(EventJson.toBytes(e.event().data()), StandardCharsets.UTF_8))
                    .text(events, e -> headersJson(e.event()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("write outbox event " + DataAccessException.rows(events, keyed -> keyed.event().type().name()), e);
        }
        wakeRelayAfterCommit();
    }

    private static String headersJson(EventEnvelope<?> event) {
        Map<String, String> headers = new LinkedHashMap<>();
        CloudEventHeaders.toHeaders(event).forEach((name, value) -> headers.put(name, new String(value, StandardCharsets.UTF_8)));
        try {
            return EventJson.mapper().writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void wakeRelayAfterCommit() {
        if (registry.getResource(OutboxWriter.class) != null) {
            return;
        }
        registry.putResource(OutboxWriter.class, Boolean.TRUE);
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }
}
