package dev.orderflow.telemetry.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

@Entity
@Table(name = "service_heartbeat")
public class ServiceHeartbeatEntity {

    @EmbeddedId
    public Key id;

    @Column(nullable = false)
    public String version;

    @Column(nullable = false)
    public String status;

    @Column(name = "flags_hash", nullable = false)
    public String flagsHash;

    @Column(name = "master_switch", nullable = false)
    public boolean masterSwitch;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;

    @Column(name = "last_event_id", nullable = false)
    public String lastEventId;

    @Embeddable
    public record Key(String service, String instance) implements Serializable {
    }
}
