package dev.orderflow.contracts.alerts;

import dev.orderflow.contracts.events.AlertSeverity;
import java.math.BigDecimal;
import java.util.Objects;

/** One level of an alert rule: the severity raised when the observed value crosses {@code value}. */
public record AlertThreshold(AlertSeverity severity, Comparison comparison, BigDecimal value) {

    public AlertThreshold {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(value, "value");
    }

    public static AlertThreshold warning(Comparison comparison, String value) {
        return new AlertThreshold(AlertSeverity.WARNING, comparison, new BigDecimal(value));
    }

    public static AlertThreshold critical(Comparison comparison, String value) {
        return new AlertThreshold(AlertSeverity.CRITICAL, comparison, new BigDecimal(value));
    }

    public boolean breachedBy(BigDecimal observed) {
        return comparison.holds(observed, value);
    }

    /** The condition as PromQL appends it to an expression, for example {@code > 20}. */
    public String promqlCondition() {
        return comparison.operator() + " " + value.toPlainString();
    }

    /** The condition as the deployment guide writes it, for example {@code >20} or {@code <80}. */
    @Override
    public String toString() {
        return comparison.operator() + value.toPlainString();
    }
}
