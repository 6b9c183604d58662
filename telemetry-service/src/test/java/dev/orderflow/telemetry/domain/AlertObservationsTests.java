package dev.orderflow.telemetry.domain;

import static dev.orderflow.telemetry.domain.TestEvents.heartbeat;
import static dev.orderflow.telemetry.domain.TestEvents.reconciliation;
import static dev.orderflow.telemetry.domain.TestEvents.replay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.alerts.AlertRule;
import dev.orderflow.contracts.events.AlertSeverity;
import dev.orderflow.telemetry.domain.AlertEvaluator.AlertChange;
import dev.orderflow.telemetry.domain.TelemetryModelTests.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert table read from the figures: what raises what. */
class AlertObservationsTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final TelemetryModel model = new TelemetryModel(clock, 100, 10_000);
    private final AlertRule heartbeatMissing = AlertObservations.heartbeatMissing(Duration.ofSeconds(15));
    private final AlertEvaluator evaluator = new AlertEvaluator(rules(), false, Duration.ZERO);

    @Test
    void replaysTheCoidManagerAnsweredRaiseNothing() {
        for (int i = 0; i < 10; i++) {
            model.apply(replay("A", "BTCUSDT", "s1", clock.instant()));
        }

        assertThat(evaluate()).noneMatch(c -> c.rule() == AlertRule.DUPLICATE_ORDERS);
    }

    @Test
    void aVenueDuplicateRaisesTheWarningAndFourInAnHourTheCritical() {
        model.apply(reconciliation(clock.instant(), "ORPHAN_AT_EXCHANGE"));
        AlertChange warning = evaluate().stream().filter(c -> c.rule() == AlertRule.DUPLICATE_ORDERS).findFirst().orElseThrow();
        assertThat(warning.severity()).isEqualTo(AlertSeverity.WARNING);

        model.apply(reconciliation(clock.instant(), "ORPHAN_AT_EXCHANGE", "SECOND_VENUE_ORDER", "ORPHAN_AT_EXCHANGE"));
        AlertChange critical = evaluate().stream().filter(c -> c.rule() == AlertRule.DUPLICATE_ORDERS).findFirst().orElseThrow();
        assertThat(critical.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(critical.observed()).isEqualByComparingTo("4");

        clock.advance(Duration.ofMinutes(61));
        AlertChange resolved = evaluate().stream().filter(c -> c.rule() == AlertRule.DUPLICATE_ORDERS).findFirst().orElseThrow();
        assertThat(resolved.active()).isFalse();
    }

    @Test
    void aVenueDuplicateReportedByRunAfterRunCountsOnce() {
        for (int run = 0; run < 5; run++) {
            model.apply(reconciliation(clock.instant(), List.of(TestEvents.finding("ORPHAN_AT_EXCHANGE", "ex-1"))));
        }

        AlertChange warning = evaluate().stream().filter(c -> c.rule() == AlertRule.DUPLICATE_ORDERS).findFirst().orElseThrow();
        assertThat(warning.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(warning.observed()).isEqualByComparingTo("1");
    }

    @Test
    void findingsThatAreNotVenueDuplicatesRaiseNothing() {
        model.apply(reconciliation(clock.instant(), "MISSING_AT_EXCHANGE", "FILL_MISSING", "TTL_EXPIRED", "STATUS_MISMATCH"));

        assertThat(evaluate()).noneMatch(c -> c.rule() == AlertRule.DUPLICATE_ORDERS);
    }

    @Test
    void memoryGrowthFromTheRssSeriesOfEachInstance() {
        Instant start = clock.instant().minus(Duration.ofHours(5));
        for (int minute = 0; minute <= 300; minute += 5) {
            // 200 MB/day = 8.333 MB/hour on one instance; flat on the other.
            long rss = 300_000_000L + (long) (minute / 60.0 * 8_333_333);
            model.apply(heartbeat("order-gateway", "gw-a", "aaaaaaaaaaaa", start.plus(Duration.ofMinutes(minute)),
                    Map.of("process.rss.bytes", String.valueOf(rss))));
            model.apply(heartbeat("order-gateway", "gw-b", "aaaaaaaaaaaa", start.plus(Duration.ofMinutes(minute)),
                    Map.of("process.rss.bytes", "300000000")));
        }

        List<AlertChange> changes = evaluate().stream().filter(c -> c.rule() == AlertRule.MEMORY_GROWTH).toList();
        assertThat(changes).hasSize(1);
        assertThat(changes.getFirst().subject()).isEqualTo("order-gateway/gw-a");
        assertThat(changes.getFirst().severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(changes.getFirst().observed().doubleValue()).isBetween(199.0, 201.0);
    }

    @Test
    void cpuIncreaseAgainstTheFigureRecordedBeforeThePhaseChange() {
        Instant start = clock.instant().minus(Duration.ofHours(2));
        for (int minute = 0; minute < 60; minute++) {
            model.apply(heartbeat("risk-guards", "rg-a", "aaaaaaaaaaaa", start.plus(Duration.ofMinutes(minute)),
                    Map.of("process.cpu.usage", "0.05")));
        }
        assertThat(evaluate()).noneMatch(c -> c.rule() == AlertRule.CPU_USAGE_INCREASE);
        for (int minute = 60; minute <= 120; minute++) {
            model.apply(heartbeat("risk-guards", "rg-a", "bbbbbbbbbbbb", start.plus(Duration.ofMinutes(minute)),
                    Map.of("process.cpu.usage", "0.35")));
        }

        AlertChange change = evaluate().stream().filter(c -> c.rule() == AlertRule.CPU_USAGE_INCREASE).findFirst().orElseThrow();
        assertThat(change.subject()).isEqualTo("risk-guards");
        assertThat(change.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(change.observed()).isEqualByComparingTo("30");
    }

    @Test
    void aHeartbeatMissingForThreeIntervalsRaisesAndAFreshOneResolves() {
        model.apply(heartbeat("reconciler", "rc-a", "aaaaaaaaaaaa", clock.instant().minusSeconds(20), Map.of()));
        AlertChange raised = evaluate().stream().filter(c -> c.rule() == heartbeatMissing).findFirst().orElseThrow();
        assertThat(raised.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(raised.subject()).isEqualTo("reconciler/rc-a");

        clock.advance(Duration.ofSeconds(60));
        assertThat(evaluate().stream().filter(c -> c.rule() == heartbeatMissing).findFirst().orElseThrow().severity())
                .isEqualTo(AlertSeverity.CRITICAL);

        model.apply(heartbeat("reconciler", "rc-a", "aaaaaaaaaaaa", clock.instant(), Map.of()));
        assertThat(evaluate().stream().filter(c -> c.rule() == heartbeatMissing).findFirst().orElseThrow().active()).isFalse();
    }

    @Test
    void aCrashedInstanceReplacedByANewOneResolvesItsHeartbeatMissing() {
        Instant crashedAt = clock.instant().minusSeconds(90);
        model.apply(heartbeat("order-gateway", "gw-before-crash", "aaaaaaaaaaaa", crashedAt, Map.of()));
        assertThat(evaluate().stream().filter(c -> c.rule() == heartbeatMissing).findFirst().orElseThrow().severity())
                .isEqualTo(AlertSeverity.CRITICAL);

        // The restarted process comes back under a new name: started after the old one's last beat.
        model.apply(TestEvents.heartbeat("order-gateway", "gw-after-restart", "aaaaaaaaaaaa", clock.instant().minusSeconds(5),
                clock.instant(), Map.of()));

        AlertChange resolved = evaluate().stream().filter(c -> c.rule() == heartbeatMissing).findFirst().orElseThrow();
        assertThat(resolved.subject()).isEqualTo("order-gateway/gw-before-crash");
        assertThat(resolved.active()).isFalse();
        assertThat(model.instances(Duration.ofSeconds(15))).extracting(InstanceFigures::instance)
                .containsExactly("gw-after-restart");
    }

    @Test
    void aSilentReplicaStaysMissingWhileOnlyOlderReplicasLive() {
        Instant start = clock.instant().minusSeconds(600);
        model.apply(TestEvents.heartbeat("order-gateway", "gw-a", "aaaaaaaaaaaa", start, clock.instant(), Map.of()));
        model.apply(TestEvents.heartbeat("order-gateway", "gw-b", "aaaaaaaaaaaa", start.plusSeconds(1),
                clock.instant().minusSeconds(90), Map.of()));

        AlertChange critical = evaluate().stream().filter(c -> c.rule() == heartbeatMissing).findFirst().orElseThrow();
        assertThat(critical.subject()).isEqualTo("order-gateway/gw-b");
        assertThat(critical.severity()).isEqualTo(AlertSeverity.CRITICAL);
    }

    private List<AlertChange> evaluate() {
        return evaluator.evaluate(AlertObservations.observe(model, heartbeatMissing), clock.instant());
    }

    private List<AlertRule> rules() {
        List<AlertRule> rules = new ArrayList<>(AlertRule.ALL);
        rules.add(heartbeatMissing);
        return rules;
    }
}
