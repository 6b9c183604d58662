package dev.orderflow.telemetry.persistence;

import dev.orderflow.contracts.events.Heartbeat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

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
}
