package dev.orderflow.telemetry.domain;

import java.time.Instant;
import java.util.Map;

/** The latest reconciliation run seen on {@code ops.reconciliation}. */
public record ReconciliationSummary(String runId, String kind, String phase, Instant startedAt, Instant finishedAt,
        int findings, Map<String, Long> findingsByKind, String error) {
}
