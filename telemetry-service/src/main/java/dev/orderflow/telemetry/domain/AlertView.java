package dev.orderflow.telemetry.domain;

import dev.orderflow.contracts.events.AlertSeverity;
import java.math.BigDecimal;
import java.time.Instant;

/** An alert as the API and the dashboard show it. {@code subject} is empty for rules about the whole flow. */
public record AlertView(String alertId, String rule, String subject, String metric, AlertSeverity severity, boolean active,
        BigDecimal observed, BigDecimal threshold, String unit, String action, String message, Instant raisedAt,
        Instant updatedAt, Instant resolvedAt) {
}
