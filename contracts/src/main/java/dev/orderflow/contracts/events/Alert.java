package dev.orderflow.contracts.events;

import java.math.BigDecimal;
import java.time.Instant;

/** An alert raised or resolved by the telemetry service ({@code ops.alerts}). */
public record Alert(
        String alertId,
        String rule,
        String metric,
        AlertSeverity severity,
        boolean active,
        BigDecimal observed,
        BigDecimal threshold,
        String action,
        String message,
        Instant at) {
}
