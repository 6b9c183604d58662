package dev.orderflow.gateway.messaging.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.gateway.persistence.DataAccessException;
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
import java.util.Map;
import java.util.UUID;

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

    @Transactional(Transactional.TxType.MANDATORY)
    public void write(EventEnvelope<?> event, String key) {
        Map<String, String> headers = new LinkedHashMap<>();
        CloudEventHeaders.toHeaders(event).forEach((name, value) -> headers.put(name, new String(value, StandardCharsets.UTF_8)));
        String headersJson;
        try {
            headersJson = EventJson.mapper().writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (event_id, topic, msg_key, event_type, payload, headers) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
            ps.setObject(1, UUID.fromString(event.id()));
            ps.setString(2, event.topic());
            ps.setString(3, key);
            ps.setString(4, event.type().name());
            ps.setString(5, new String(EventJson.toBytes(event.data()), StandardCharsets.UTF_8));
            ps.setString(6, headersJson);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("write outbox event " + event.type(), e);
        }
        wakeRelayAfterCommit();
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
