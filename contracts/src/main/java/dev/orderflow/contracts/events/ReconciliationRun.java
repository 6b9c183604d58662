package dev.orderflow.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * A reconciliation run ({@code ops.reconciliation}), published when it starts and when it ends.
 *
 * @param kind {@code STARTUP} or {@code PERIODIC}
 * @param phase {@code STARTED}, {@code FINISHED} or {@code FAILED}
 */
public record ReconciliationRun(
        String runId,
        String kind,
        String phase,
        Instant startedAt,
        Instant finishedAt,
        List<ReconciliationFinding> findings,
        String error) {

    public ReconciliationRun {
        findings = List.copyOf(findings);
    }
}
