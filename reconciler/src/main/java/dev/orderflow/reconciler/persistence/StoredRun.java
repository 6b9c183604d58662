package dev.orderflow.reconciler.persistence;

import dev.orderflow.contracts.events.ReconciliationFinding;
import java.time.Instant;
import java.util.List;

/** A reconciliation run as stored. */
public record StoredRun(
        String runId,
        String kind,
        String phase,
        String requestedBy,
        Instant startedAt,
        Instant finishedAt,
        List<ReconciliationFinding> findings,
        int commandsSent,
        String error,
        String resultEventId) {

    public boolean ended() {
        return "FINISHED".equals(phase) || "FAILED".equals(phase);
    }
}
