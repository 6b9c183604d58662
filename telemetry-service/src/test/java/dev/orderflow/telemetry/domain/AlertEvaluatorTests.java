package dev.orderflow.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.alerts.AlertRule;
import dev.orderflow.contracts.events.AlertSeverity;
import dev.orderflow.telemetry.domain.AlertEvaluator.AlertChange;
import dev.orderflow.telemetry.domain.AlertEvaluator.ChangeKind;
import dev.orderflow.telemetry.domain.AlertEvaluator.Observation;
import dev.orderflow.telemetry.domain.AlertEvaluator.OpenAlert;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTests {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    /** Each row of the guide's table: a value at warning, one at critical, one back inside. */
    static Stream<Arguments> guideTable() {
        return Stream.of(
                Arguments.of(AlertRule.DUPLICATE_ORDERS, "1", "4", "0"),
                Arguments.of(AlertRule.ENTRY_SLIPPAGE, "21", "51", "20"),
                Arguments.of(AlertRule.FILL_RATE, "79", "69", "80"),
                Arguments.of(AlertRule.API_THROTTLE_RATE, "16", "31", "15"),
                Arguments.of(AlertRule.MEMORY_GROWTH, "101", "501", "100"),
                Arguments.of(AlertRule.CPU_USAGE_INCREASE, "11", "26", "10"));
    }

    @ParameterizedTest
    @MethodSource("guideTable")
    void raisedAtWarningEscalatedAtCriticalResolvedInside(AlertRule rule, String warning, String critical, String inside) {
        var evaluator = new AlertEvaluator(AlertRule.ALL, false, Duration.ZERO);

        AlertChange raised = single(evaluator.evaluate(observe(rule, warning), T0));
        assertThat(raised.kind()).isEqualTo(ChangeKind.RAISED);
        assertThat(raised.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(raised.threshold()).isEqualByComparingTo(rule.warning().value());
        assertThat(raised.message()).contains(rule.metric());

        AlertChange escalated = single(evaluator.evaluate(observe(rule, critical), T0.plusSeconds(2)));
        assertThat(escalated.kind()).isEqualTo(ChangeKind.ESCALATED);
        assertThat(escalated.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(escalated.alertId()).isEqualTo(raised.alertId());

        AlertChange resolved = single(evaluator.evaluate(observe(rule, inside), T0.plusSeconds(4)));
        assertThat(resolved.kind()).isEqualTo(ChangeKind.RESOLVED);
        assertThat(resolved.active()).isFalse();
        assertThat(resolved.alertId()).isEqualTo(raised.alertId());
        assertThat(evaluator.evaluate(observe(rule, inside), T0.plusSeconds(6))).isEmpty();
    }

    @Test
    void aValueStraightAtCriticalRaisesCritical() {
        var evaluator = new AlertEvaluator(AlertRule.ALL, false, Duration.ZERO);

        assertThat(single(evaluator.evaluate(observe(AlertRule.FILL_RATE, "50"), T0)).severity()).isEqualTo(AlertSeverity.CRITICAL);
    }

    @Test
    void raisedOnlyOnceTheBreachHeldForTheRulesPeriod() {
        var evaluator = new AlertEvaluator(AlertRule.ALL, true, Duration.ZERO);
        Duration holdFor = AlertRule.ENTRY_SLIPPAGE.holdFor();

        assertThat(evaluator.evaluate(observe(AlertRule.ENTRY_SLIPPAGE, "30"), T0)).isEmpty();
        assertThat(evaluator.evaluate(observe(AlertRule.ENTRY_SLIPPAGE, "30"), T0.plus(holdFor).minusSeconds(1))).isEmpty();
        assertThat(single(evaluator.evaluate(observe(AlertRule.ENTRY_SLIPPAGE, "30"), T0.plus(holdFor))).kind())
                .isEqualTo(ChangeKind.RAISED);
    }

    @Test
    void aBreachInterruptedBeforeItsPeriodRaisesNothing() {
        var evaluator = new AlertEvaluator(AlertRule.ALL, true, Duration.ZERO);
        Duration holdFor = AlertRule.ENTRY_SLIPPAGE.holdFor();

        evaluator.evaluate(observe(AlertRule.ENTRY_SLIPPAGE, "30"), T0);
        evaluator.evaluate(observe(AlertRule.ENTRY_SLIPPAGE, "10"), T0.plusSeconds(60));
        assertThat(evaluator.evaluate(observe(AlertRule.ENTRY_SLIPPAGE, "30"), T0.plus(holdFor).plusSeconds(1))).isEmpty();
    }

    @Test
    void aValueHoveringAtTheThresholdDoesNotFlap() {
        var evaluator = new AlertEvaluator(AlertRule.ALL, false, Duration.ofMinutes(1));
        evaluator.evaluate(observe(AlertRule.API_THROTTLE_RATE, "16"), T0);

        assertThat(evaluator.evaluate(observe(AlertRule.API_THROTTLE_RATE, "14"), T0.plusSeconds(2))).isEmpty();
        assertThat(evaluator.evaluate(observe(AlertRule.API_THROTTLE_RATE, "16"), T0.plusSeconds(4))).isEmpty();
        assertThat(evaluator.evaluate(observe(AlertRule.API_THROTTLE_RATE, "14"), T0.plusSeconds(6))).isEmpty();
        assertThat(evaluator.evaluate(observe(AlertRule.API_THROTTLE_RATE, "14"), T0.plusSeconds(65))).isEmpty();
        assertThat(single(evaluator.evaluate(observe(AlertRule.API_THROTTLE_RATE, "14"), T0.plusSeconds(66))).kind())
                .isEqualTo(ChangeKind.RESOLVED);
    }

    @Test
    void criticalStepsDownToWarningBeforeResolving() {
        var evaluator = new AlertEvaluator(AlertRule.ALL, false, Duration.ZERO);
        evaluator.evaluate(observe(AlertRule.FILL_RATE, "60"), T0);

        AlertChange down = single(evaluator.evaluate(observe(AlertRule.FILL_RATE, "75"), T0.plusSeconds(2)));
        assertThat(down.kind()).isEqualTo(ChangeKind.DOWNGRADED);
        assertThat(down.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(down.active()).isTrue();
    }

    @Test
    void noTrafficResolvesWithTheLastValueSeen() {
        var evaluator = new AlertEvaluator(AlertRule.ALL, false, Duration.ZERO);
        evaluator.evaluate(observe(AlertRule.FILL_RATE, "60"), T0);

        AlertChange resolved = single(evaluator.evaluate(observe(AlertRule.FILL_RATE, null), T0.plusSeconds(2)));
        assertThat(resolved.kind()).isEqualTo(ChangeKind.RESOLVED);
        assertThat(resolved.observed()).isEqualByComparingTo("60");
    }

    @Test
    void anAlertOpenBeforeARestartIsTakenOverNotRaisedAgain() {
        var evaluator = new AlertEvaluator(AlertRule.ALL, true, Duration.ZERO);
        evaluator.restore(new OpenAlert("6f1c0f4e-9a55-4a53-8f7e-08f7d4a1a001", AlertRule.DUPLICATE_ORDERS.name(),
                AlertObservations.WHOLE_FLOW, AlertSeverity.WARNING, T0.minusSeconds(600), BigDecimal.ONE));

        assertThat(evaluator.evaluate(observe(AlertRule.DUPLICATE_ORDERS, "1"), T0)).isEmpty();
        AlertChange resolved = single(evaluator.evaluate(observe(AlertRule.DUPLICATE_ORDERS, "0"), T0.plusSeconds(2)));
        assertThat(resolved.alertId()).isEqualTo("6f1c0f4e-9a55-4a53-8f7e-08f7d4a1a001");
        assertThat(resolved.kind()).isEqualTo(ChangeKind.RESOLVED);
    }

    @Test
    void subjectsAreAlertedSeparately() {
        var evaluator = new AlertEvaluator(AlertRule.ALL, false, Duration.ZERO);

        List<AlertChange> changes = evaluator.evaluate(List.of(
                new Observation(AlertRule.MEMORY_GROWTH, "order-gateway/a", new BigDecimal("150")),
                new Observation(AlertRule.MEMORY_GROWTH, "order-gateway/b", new BigDecimal("20"))), T0);
        assertThat(changes).extracting(AlertChange::subject).containsExactly("order-gateway/a");
    }

    private static List<Observation> observe(AlertRule rule, String value) {
        return List.of(new Observation(rule, AlertObservations.WHOLE_FLOW, value == null ? null : new BigDecimal(value)));
    }

    private static AlertChange single(List<AlertChange> changes) {
        assertThat(changes).hasSize(1);
        return changes.getFirst();
    }
}
