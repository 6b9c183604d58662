package dev.orderflow.contracts.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.contracts.events.AlertSeverity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRuleTests {

    /**
     * The guide's table: metric, warning, critical, action. One action differs on purpose: the guide's
     * "Disable COID Manager, investigate" for duplicates would switch off the protection against them.
     */
    private static final List<List<String>> GUIDE_TABLE = List.of(
            List.of("Duplicate Orders", ">0", ">3",
                    "Halt trading, cancel the duplicate at the exchange, investigate (keep the COID Manager on)"),
            List.of("Entry Slippage", ">20", ">50", "Review slippage guard threshold"),
            List.of("Fill Rate Drop", "<80", "<70", "Review guard thresholds"),
            List.of("API Throttle Rate", ">15", ">30", "Reduce request rate"),
            List.of("Memory Growth", ">100", ">500", "Investigate leak"),
            List.of("CPU Usage Increase", ">10", ">25", "Disable live monitors"));

    @Test
    void theTableIsTheGuidesAlertThresholds() {
        assertThat(AlertRule.ALL).extracting(r -> List.of(r.metric(), r.warning().toString(), r.critical().toString(), r.action()))
                .containsExactlyElementsOf(GUIDE_TABLE);
    }

    @Test
    void duplicatesAreCountedPerHour() {
        assertThat(AlertRule.DUPLICATE_ORDERS.window()).isEqualTo(Duration.ofHours(1));
        assertThat(AlertRule.DUPLICATE_ORDERS.unit()).isEqualTo("duplicates per hour");
    }

    @Test
    void duplicatesAreVenueOrdersFoundByReconciliationNeverReplays() {
        assertThat(AlertRule.DUPLICATE_ORDERS.expression()).isEqualTo("sum(increase(orderflow_venue_duplicate_orders_total[1h]))");
        assertThat(AlertRule.ALL).extracting(AlertRule::expression).noneMatch(e -> e.contains("coid_"));
    }

    @Test
    void everyExpressionUsesItsWindowAndAnExposedMetric() {
        for (AlertRule rule : AlertRule.ALL) {
            assertThat(rule.expression()).as(rule.name()).contains("[" + AlertRule.promqlDuration(rule.window()));
            assertThat(rule.expression()).as(rule.name())
                    .containsAnyOf("orderflow_", "jvm_memory_used_bytes", "process_cpu_usage");
        }
    }

    @Test
    void evaluationPicksTheMostSevereBreachedThreshold() {
        assertThat(AlertRule.DUPLICATE_ORDERS.evaluate(BigDecimal.ZERO)).isEmpty();
        assertThat(AlertRule.DUPLICATE_ORDERS.evaluate(BigDecimal.ONE)).get()
                .extracting(AlertThreshold::severity).isEqualTo(AlertSeverity.WARNING);
        assertThat(AlertRule.DUPLICATE_ORDERS.evaluate(new BigDecimal("3"))).get()
                .extracting(AlertThreshold::severity).isEqualTo(AlertSeverity.WARNING);
        assertThat(AlertRule.DUPLICATE_ORDERS.evaluate(new BigDecimal("4"))).get()
                .extracting(AlertThreshold::severity).isEqualTo(AlertSeverity.CRITICAL);

        assertThat(AlertRule.FILL_RATE.evaluate(new BigDecimal("85"))).isEmpty();
        assertThat(AlertRule.FILL_RATE.evaluate(new BigDecimal("80"))).isEmpty();
        assertThat(AlertRule.FILL_RATE.evaluate(new BigDecimal("75.5"))).get()
                .extracting(AlertThreshold::severity).isEqualTo(AlertSeverity.WARNING);
        assertThat(AlertRule.FILL_RATE.evaluate(new BigDecimal("69.9"))).get()
                .extracting(AlertThreshold::severity).isEqualTo(AlertSeverity.CRITICAL);
    }

    @Test
    void prometheusFormIsTheExpressionWithTheCondition() {
        assertThat(AlertRule.ENTRY_SLIPPAGE.prometheusAlertName()).isEqualTo("OrderflowEntrySlippage");
        assertThat(AlertRule.FILL_RATE.prometheusExpression(AlertSeverity.CRITICAL))
                .isEqualTo("(" + AlertRule.FILL_RATE.expression() + ") < 70");
        assertThat(AlertRule.byName("OrderflowApiThrottleRate")).contains(AlertRule.API_THROTTLE_RATE);
        assertThat(AlertRule.promqlDuration(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(AlertRule.promqlDuration(Duration.ofDays(1))).isEqualTo("1d");
    }

    @Test
    void swappedOrInvertedThresholdsAreRejected() {
        assertThatThrownBy(() -> new AlertRule("X", "X", "x", "u", Duration.ofHours(1), Duration.ZERO,
                AlertThreshold.warning(Comparison.ABOVE, "50"), AlertThreshold.critical(Comparison.ABOVE, "20"), "a"))
                .hasMessageContaining("beyond the warning");
        assertThatThrownBy(() -> new AlertRule("X", "X", "x", "u", Duration.ofHours(1), Duration.ZERO,
                AlertThreshold.warning(Comparison.BELOW, "80"), AlertThreshold.critical(Comparison.ABOVE, "90"), "a"))
                .hasMessageContaining("same way");
    }
}
