package dev.orderflow.telemetry.domain;

import static dev.orderflow.telemetry.domain.TestEvents.cache;
import static dev.orderflow.telemetry.domain.TestEvents.decision;
import static dev.orderflow.telemetry.domain.TestEvents.fill;
import static dev.orderflow.telemetry.domain.TestEvents.reconciliation;
import static dev.orderflow.telemetry.domain.TestEvents.replay;
import static dev.orderflow.telemetry.domain.TestEvents.slippage;
import static dev.orderflow.telemetry.domain.TestEvents.state;
import static dev.orderflow.telemetry.domain.TestEvents.submitted;
import static dev.orderflow.telemetry.domain.TestEvents.throttle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryModelTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final TelemetryModel model = new TelemetryModel(clock, 100, 10_000);

    @Test
    void everyFigureOfAKnownSequence() {
        Instant t = clock.instant().minusSeconds(20);
        // Three entries sent: A fills in two parts, B fills at once, C is canceled; one exit fills.
        submitted("A", "BTCUSDT", "s1", Intent.ENTRY, t).forEach(model::apply);
        submitted("B", "BTCUSDT", "s1", Intent.ENTRY, t).forEach(model::apply);
        submitted("C", "ETHUSDT", "s2", Intent.ENTRY, t).forEach(model::apply);
        submitted("X", "BTCUSDT", "s1", Intent.EXIT, t).forEach(model::apply);
        // C's answer was lost and it was sent again: one entry sent, two submissions.
        model.apply(state("C", "ETHUSDT", "s2", Intent.ENTRY, OrderStatus.SUBMITTING, OrderStatus.UNKNOWN, t));
        model.apply(state("C", "ETHUSDT", "s2", Intent.ENTRY, OrderStatus.UNKNOWN, OrderStatus.SUBMITTING, t));
        model.apply(fill("A", "BTCUSDT", Intent.ENTRY, "0.4", "0.4", "1", t.plusMillis(120), t.plusMillis(120)));
        model.apply(fill("A", "BTCUSDT", Intent.ENTRY, "0.6", "1", "1", t.plusMillis(120), t.plusMillis(300)));
        model.apply(fill("B", "BTCUSDT", Intent.ENTRY, "1", "1", "1", t.plusMillis(40), t.plusMillis(40)));
        model.apply(fill("X", "BTCUSDT", Intent.EXIT, "1", "1", "1", t.plusMillis(10), t.plusMillis(10)));
        model.apply(state("C", "ETHUSDT", "s2", Intent.ENTRY, OrderStatus.ACKNOWLEDGED, OrderStatus.CANCELED, t.plusSeconds(1)));
        model.apply(slippage("A", "BTCUSDT", "1.5", t.plusMillis(300)));
        model.apply(slippage("B", "BTCUSDT", "-0.5", t.plusMillis(40)));
        // Guards: two allowed, one blocked for spread and depth, one shadow block for slippage.
        model.apply(decision("A", "BTCUSDT", GuardOutcome.ALLOW, t));
        model.apply(decision("B", "BTCUSDT", GuardOutcome.ALLOW, t));
        model.apply(decision("D", "BTCUSDT", GuardOutcome.BLOCK, t, GuardReason.SPREAD, GuardReason.DEPTH));
        model.apply(decision("E", "BTCUSDT", GuardOutcome.SHADOW_BLOCK, t, GuardReason.SLIPPAGE));
        model.apply(replay("A", "BTCUSDT", "s1", t));
        model.apply(throttle("BTCUSDT", t));
        model.apply(cache(EventType.CACHE_HIT, "BTCUSDT", 9, t));
        model.apply(cache(EventType.CACHE_MISS, "BTCUSDT", 1, t));
        model.apply(reconciliation(t, "ORPHAN_AT_EXCHANGE", "TTL_EXPIRED"));

        TelemetrySnapshot snapshot = model.snapshot(Duration.ofSeconds(15));
        Figures all = snapshot.windows().get("5m").overall();

        assertThat(all.entriesSubmitted()).isEqualTo(3);
        assertThat(all.entriesFilled()).isEqualTo(2);
        assertThat(all.fillRatePercent()).isEqualByComparingTo("66.67");
        assertThat(all.submissions()).isEqualTo(5);
        assertThat(all.ordersByState()).containsEntry("ACCEPTED", 4L).containsEntry("SUBMITTING", 4L)
                .containsEntry("PARTIALLY_FILLED", 1L).containsEntry("FILLED", 3L).containsEntry("CANCELED", 1L)
                .containsEntry("UNKNOWN", 1L);
        assertThat(all.partialFills()).isEqualTo(1);
        assertThat(all.slippageBps().count()).isEqualTo(2);
        assertThat(all.slippageBps().mean()).isEqualByComparingTo("0.50");
        assertThat(all.slippageBps().p50()).isEqualByComparingTo("-0.50");
        assertThat(all.slippageBps().p95()).isEqualByComparingTo("1.50");
        assertThat(all.slippageBps().max()).isEqualByComparingTo("1.50");
        assertThat(all.timeToFirstFillMs().count()).isEqualTo(3);
        assertThat(all.timeToFirstFillMs().p50()).isEqualByComparingTo("40");
        assertThat(all.timeToFirstFillMs().p95()).isEqualByComparingTo("120");
        assertThat(all.decisionsByOutcome()).isEqualTo(Map.of("ALLOW", 2L, "BLOCK", 1L, "SHADOW_BLOCK", 1L));
        assertThat(all.reasonsByOutcome()).isEqualTo(Map.of("BLOCK", Map.of("SPREAD", 1L, "DEPTH", 1L),
                "SHADOW_BLOCK", Map.of("SLIPPAGE", 1L)));
        assertThat(all.blockRatioPercent()).isEqualByComparingTo("25");
        assertThat(all.shadowBlocks()).isEqualTo(1);
        assertThat(all.replays()).isEqualTo(1);
        assertThat(all.venueDuplicates()).isEqualTo(1);
        assertThat(all.throttles()).isEqualTo(1);
        assertThat(all.throttleRatePercent()).isEqualByComparingTo("20");
        assertThat(all.cacheHitRatePercent()).isEqualByComparingTo("90");
        assertThat(all.findingsByKind()).isEqualTo(Map.of("ORPHAN_AT_EXCHANGE", 1L, "TTL_EXPIRED", 1L));

        Figures btc = snapshot.windows().get("5m").symbols().get("BTCUSDT");
        assertThat(btc.entriesSubmitted()).isEqualTo(2);
        assertThat(btc.fillRatePercent()).isEqualByComparingTo("100");
        Figures s2 = snapshot.windows().get("1h").strategies().get("s2");
        assertThat(s2.entriesSubmitted()).isEqualTo(1);
        assertThat(s2.fillRatePercent()).isEqualByComparingTo("0");
        assertThat(snapshot.windows().get("24h").strategies().get("s1").slippageBps().count()).isEqualTo(2);
        assertThat(snapshot.lastReconciliation().findings()).isEqualTo(2);
    }

    @Test
    void eventsLeaveEachWindowWhenItHasMovedPastThem() {
        submitted("A", "BTCUSDT", "s1", Intent.ENTRY, clock.instant()).forEach(model::apply);

        clock.advance(Duration.ofMinutes(6));
        TelemetrySnapshot snapshot = model.snapshot(Duration.ofSeconds(15));
        assertThat(snapshot.windows().get("5m").overall().entriesSubmitted()).isZero();
        assertThat(snapshot.windows().get("1h").overall().entriesSubmitted()).isEqualTo(1);

        clock.advance(Duration.ofHours(1));
        assertThat(model.snapshot(Duration.ofSeconds(15)).windows().get("1h").overall().entriesSubmitted()).isZero();
        assertThat(model.snapshot(Duration.ofSeconds(15)).windows().get("24h").overall().entriesSubmitted()).isEqualTo(1);

        clock.advance(Duration.ofDays(1));
        assertThat(model.snapshot(Duration.ofSeconds(15)).windows().get("24h").overall().entriesSubmitted()).isZero();
    }

    @Test
    void eventOlderThanTheDayCountsNowhere() {
        submitted("A", "BTCUSDT", "s1", Intent.ENTRY, clock.instant().minus(Duration.ofHours(25))).forEach(model::apply);

        assertThat(model.snapshot(Duration.ofSeconds(15)).windows().get("24h").overall().entriesSubmitted()).isZero();
    }

    @Test
    void ratiosWithoutTrafficHaveNoValue() {
        Figures all = model.snapshot(Duration.ofSeconds(15)).windows().get("1h").overall();

        assertThat(all.fillRatePercent()).isNull();
        assertThat(all.throttleRatePercent()).isNull();
        assertThat(all.blockRatioPercent()).isNull();
        assertThat(all.cacheHitRatePercent()).isNull();
        assertThat(all.slippageBps()).isNull();
    }

    @Test
    void percentilesStayWithinOnePercentOverManyValues() {
        for (int i = 1; i <= 1000; i++) {
            model.apply(slippage("c" + i, "BTCUSDT", BigDecimal.valueOf(i, 1).toPlainString(), clock.instant()));
        }
        DistributionSummary slippage = model.snapshot(Duration.ofSeconds(15)).windows().get("5m").overall().slippageBps();

        assertThat(slippage.mean()).isEqualByComparingTo("50.05");
        assertThat(slippage.max()).isEqualByComparingTo("100.00");
        assertThat(slippage.p50().doubleValue()).isCloseTo(50.0, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(slippage.p95().doubleValue()).isCloseTo(95.0, org.assertj.core.data.Percentage.withPercentage(1));
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
