package dev.orderflow.telemetry.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "alert")
public class AlertEntity {

    @Id
    @Column(name = "alert_id")
    public UUID alertId;

    @Column(nullable = false)
    public String rule;

    @Column(nullable = false)
    public String subject;

    @Column(nullable = false)
    public String metric;

    @Column(nullable = false)
    public String severity;

    public BigDecimal observed;

    @Column(nullable = false)
    public BigDecimal threshold;

    @Column(nullable = false)
    public String unit;

    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public String message;

    @Column(name = "raised_at", nullable = false)
    public Instant raisedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;
}
