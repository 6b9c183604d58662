package dev.orderflow.telemetry.messaging;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Heartbeat;
import dev.orderflow.contracts.events.InvalidEventException;
import dev.orderflow.platform.messaging.CloudEventMessages;
import dev.orderflow.telemetry.persistence.ServiceHeartbeatEntity;
import dev.orderflow.telemetry.persistence.ServiceHeartbeatRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the last heartbeat of every service instance. Redelivered or late heartbeats never move an
 * instance back in time.
 */
@ApplicationScoped
public class HeartbeatConsumer {

    private static final Logger LOG = Logger.getLogger(HeartbeatConsumer.class);

    private final ServiceHeartbeatRepository repository;
    private final MeterRegistry registry;

    public HeartbeatConsumer(ServiceHeartbeatRepository repository, MeterRegistry registry) {
        this.repository = repository;
        this.registry = registry;
    }

    @Incoming("heartbeats-in")
    @Blocking
    @Transactional
    public void receive(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<?> event;
        try {
            event = CloudEventMessages.fromRecord(record);
        } catch (InvalidEventException e) {
            registry.counter("orderflow_events_rejected_total", "topic", record.topic()).increment();
            LOG.warnf("Rejected record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (event.type() != EventType.HEARTBEAT) {
            return;
        }
        Heartbeat heartbeat = (Heartbeat) event.data();
        var key = new ServiceHeartbeatEntity.Key(heartbeat.service(), heartbeat.instance());
        ServiceHeartbeatEntity row = repository.findById(key);
        if (row == null) {
            row = new ServiceHeartbeatEntity();
            row.id = key;
        } else if (!heartbeat.at().isAfter(row.lastSeenAt)) {
            return;
        }
        row.version = heartbeat.version();
        row.status = heartbeat.status();
        row.flagsHash = heartbeat.flagsHash();
        row.masterSwitch = heartbeat.masterSwitch();
        row.startedAt = heartbeat.startedAt();
        row.lastSeenAt = heartbeat.at();
        row.lastEventId = event.id();
        repository.persist(row);
        registry.counter("orderflow_heartbeats_received_total", "service", heartbeat.service()).increment();
    }
}
