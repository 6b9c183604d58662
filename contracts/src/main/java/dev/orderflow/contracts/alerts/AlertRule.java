package dev.orderflow.contracts.alerts;

import static dev.orderflow.contracts.alerts.Comparison.ABOVE;
import static dev.orderflow.contracts.alerts.Comparison.BELOW;

import dev.orderflow.contracts.events.AlertSeverity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The alert table of the deployment guide ("Alert Thresholds"), defined once. The telemetry service
 * evaluates these rules on the event stream and publishes {@code ops.alerts}; the PrometheusRule in
 * {@code k8s/components/monitoring} states the same rules in PromQL and a test keeps the two equal.
 *
 * @param name        stable identifier, used as the Prometheus alert name after the prefix {@code Orderflow}
 * @param metric      the metric as the guide names it
 * @param expression  PromQL computing the observed value over {@code window} (no comparison)
 * @param unit        unit of the observed value and of the thresholds
 * @param window      period the observed value is computed over
 * @param holdFor     how long the condition must hold before the alert fires (Prometheus {@code for})
 * @param warning     the warning threshold
 * @param critical    the critical threshold
 * @param action      what the operator does, from the guide's table
 */
public record AlertRule(
        String name,
        String metric,
        String expression,
        String unit,
        Duration window,
        Duration holdFor,
        AlertThreshold warning,
        AlertThreshold critical,
        String action) {

    /** Prefix of the Prometheus alert names. */
    public static final String PROMETHEUS_PREFIX = "Orderflow";

    /**
     * Orders at the exchange that no accepted request asked for, found by reconciliation (a venue order
     * unknown to the gateway, or a second venue order under one client order id), each counted once.
     * Replays the COID manager answered are the protection working and never count: the guide's action
     * "Disable COID Manager" would turn that protection off, so the action here stops new orders instead.
     */
    public static final AlertRule DUPLICATE_ORDERS = new AlertRule(
            "DuplicateOrders", "Duplicate Orders",
            "sum(increase(orderflow_venue_duplicate_orders_total[1h]))",
            "duplicates per hour", Duration.ofHours(1), Duration.ZERO,
            AlertThreshold.warning(ABOVE, "0"), AlertThreshold.critical(ABOVE, "3"),
            "Halt trading, cancel the duplicate at the exchange, investigate (keep the COID Manager on)");

    public static final AlertRule ENTRY_SLIPPAGE = new AlertRule(
            "EntrySlippage", "Entry Slippage",
            "sum(rate(orderflow_entry_slippage_bps_sum[1h])) / sum(rate(orderflow_entry_slippage_bps_count[1h]))",
            "bps", Duration.ofHours(1), Duration.ofMinutes(10),
            AlertThreshold.warning(ABOVE, "20"), AlertThreshold.critical(ABOVE, "50"),
            "Review slippage guard threshold");

    public static final AlertRule FILL_RATE = new AlertRule(
            "FillRateDrop", "Fill Rate Drop",
            "100 * sum(increase(orderflow_orders_filled_total[1h])) / sum(increase(orderflow_orders_submitted_total[1h]))",
            "%", Duration.ofHours(1), Duration.ofMinutes(15),
            AlertThreshold.warning(BELOW, "80"), AlertThreshold.critical(BELOW, "70"),
            "Review guard thresholds");

    public static final AlertRule API_THROTTLE_RATE = new AlertRule(
            "ApiThrottleRate", "API Throttle Rate",
            "100 * sum(increase(orderflow_exchange_requests_throttled_total[15m])) / sum(increase(orderflow_exchange_requests_total[15m]))",
            "%", Duration.ofMinutes(15), Duration.ofMinutes(5),
            AlertThreshold.warning(ABOVE, "15"), AlertThreshold.critical(ABOVE, "30"),
            "Reduce request rate");

    public static final AlertRule MEMORY_GROWTH = new AlertRule(
            "MemoryGrowth", "Memory Growth",
            "deriv(sum by (application, pod) (jvm_memory_used_bytes)[6h:5m]) * 86400 / 1000000",
            "MB/day", Duration.ofHours(6), Duration.ofHours(1),
            AlertThreshold.warning(ABOVE, "100"), AlertThreshold.critical(ABOVE, "500"),
            "Investigate leak");

    public static final AlertRule CPU_USAGE_INCREASE = new AlertRule(
            "CpuUsageIncrease", "CPU Usage Increase",
            "100 * (avg by (application) (avg_over_time(process_cpu_usage[1h]))"
                    + " - avg by (application) (avg_over_time(process_cpu_usage[1h] offset 1d)))",
            "percentage points", Duration.ofHours(1), Duration.ofMinutes(30),
            AlertThreshold.warning(ABOVE, "10"), AlertThreshold.critical(ABOVE, "25"),
            "Disable live monitors");

    /** Every rule, in the order of the guide's table. */
    public static final List<AlertRule> ALL = List.of(
            DUPLICATE_ORDERS, ENTRY_SLIPPAGE, FILL_RATE, API_THROTTLE_RATE, MEMORY_GROWTH, CPU_USAGE_INCREASE);

    public AlertRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(holdFor, "holdFor");
        if (warning.severity() != AlertSeverity.WARNING || critical.severity() != AlertSeverity.CRITICAL) {
            throw new IllegalArgumentException(name + ": the warning and critical thresholds are swapped");
        }
        if (warning.comparison() != critical.comparison()) {
            throw new IllegalArgumentException(name + ": warning and critical must compare the same way");
        }
        if (critical.breachedBy(warning.value()) || !warning.breachedBy(critical.value())) {
            throw new IllegalArgumentException(name + ": the critical threshold must lie beyond the warning threshold");
        }
    }

    /** The most severe threshold the observed value breaches, if any. */
    public Optional<AlertThreshold> evaluate(BigDecimal observed) {
        if (critical.breachedBy(observed)) {
            return Optional.of(critical);
        }
        return warning.breachedBy(observed) ? Optional.of(warning) : Optional.empty();
    }

    public AlertThreshold threshold(AlertSeverity severity) {
        return severity == AlertSeverity.CRITICAL ? critical : warning;
    }

    /** The alert name in Prometheus, for example {@code OrderflowDuplicateOrders}. */
    public String prometheusAlertName() {
        return PROMETHEUS_PREFIX + name;
    }

    /** The PromQL of the alert at one severity: the expression and the threshold's condition. */
    public String prometheusExpression(AlertSeverity severity) {
        return "(" + expression + ") " + threshold(severity).promqlCondition();
    }

    /** {@code window} written as a PromQL duration, for example {@code 1h} or {@code 15m}. */
    public static String promqlDuration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds == 0) {
            return "0s";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    public static Optional<AlertRule> byName(String name) {
        return ALL.stream().filter(r -> r.name.equals(name) || r.prometheusAlertName().equals(name)).findFirst();
    }
}
