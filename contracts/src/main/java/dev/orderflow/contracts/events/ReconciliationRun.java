package dev.orderflow.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * A reconciliation run ({@code ops.reconciliation}). A gateway instance starting with
 * ENABLE_STARTUP_RECONCILE publishes a {@code REQUESTED} STARTUP run; the reconciler answers with
 * {@code STARTED} and then {@code FINISHED} or {@code FAILED} under the same run id, and the gateway
 * takes entries only once its run has finished. Periodic runs have no request.
 *
 * @param kind {@code STARTUP} or {@code PERIODIC}
 * @param phase {@code REQUESTED}, {@code STARTED}, {@code FINISHED} or {@code FAILED}
 * @param requestedBy the gateway instance that asked for a STARTUP run, or {@code schedule}
 */
public record ReconciliationRun(
        String runId,
        String kind,
        String phase,
        String requestedBy,
        Instant startedAt,
        Instant finishedAt,
        List<ReconciliationFinding> findings,
        String error) {

    public ReconciliationRun {
        findings = List.copyOf(findings);
    }
}
