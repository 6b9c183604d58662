package dev.orderflow.telemetry.persistence;

import dev.orderflow.contracts.events.Heartbeat;
import dev.orderflow.telemetry.domain.ServiceInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Keeps the last heartbeat of every service instance; a late heartbeat never moves an instance back in time. */
@ApplicationScoped
public class ServiceHeartbeatStore {

    private final ServiceHeartbeatRepository repository;

    public ServiceHeartbeatStore(ServiceHeartbeatRepository repository) {
        this.repository = repository;
    }

    @Transactional
    public void record(String eventId, Heartbeat heartbeat) {
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
        row.lastEventId = eventId;
        repository.persist(row);
    }

    /**
     * Every instance that sent a heartbeat, ordered by service and instance; missing if its last one is older
     * than {@code missingAfter} at {@code now}.
     */
    @Transactional
    public List<ServiceInstance> instances(Instant now, Duration missingAfter) {
        return repository.listByService().stream()
                .map(row -> ServiceInstance.of(row.id.service(), row.id.instance(), row.version, row.status, row.flagsHash,
                        row.masterSwitch, row.startedAt, row.lastSeenAt, now, missingAfter))
                .toList();
    }
}
