package dev.orderflow.reconciler.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code reconciliation_run}: the claim of a run id and, once it ended, its outcome. */
@Entity
@Table(name = "reconciliation_run")
public class RunEntity {

    @Id
    @Column(name = "run_id")
    public String runId;

    @Column(nullable = false)
    public String kind;

    /** STARTED, FINISHED or FAILED. */
    @Column(nullable = false)
    public String phase;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** The findings as the JSON array of {@code ReconciliationFinding} that {@code EventJson} writes. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String findings;

    @Column(name = "commands_sent", nullable = false)
    public int commandsSent;

    public String error;

    @Column(name = "result_event_id")
    public String resultEventId;
}
