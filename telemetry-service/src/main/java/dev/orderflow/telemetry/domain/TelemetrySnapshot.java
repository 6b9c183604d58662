package dev.orderflow.telemetry.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything the telemetry service knows at one instant. {@code windows} is keyed by 5m, 1h and 24h. */
public record TelemetrySnapshot(Instant at, Map<String, ScopeFigures> windows, List<InstanceFigures> instances,
        ReconciliationSummary lastReconciliation, List<TrendPoint> trend) {
}
