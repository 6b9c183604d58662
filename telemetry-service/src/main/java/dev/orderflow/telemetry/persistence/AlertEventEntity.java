package dev.orderflow.telemetry.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An alert's raise or resolve event waiting for, or acknowledged by, the broker (the alert outbox). */
@Entity
@Table(name = "alert_event")
public class AlertEventEntity {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "alert_id", nullable = false)
    public UUID alertId;

    @Column(nullable = false)
    public String subject;

    /** The Alert payload as JSON, exactly as it is sent. */
    @Column(nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;
}
