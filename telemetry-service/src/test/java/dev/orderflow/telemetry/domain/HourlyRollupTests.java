package dev.orderflow.telemetry.domain;

import static dev.orderflow.telemetry.domain.TestEvents.decision;
import static dev.orderflow.telemetry.domain.TestEvents.fill;
import static dev.orderflow.telemetry.domain.TestEvents.reconciliation;
import static dev.orderflow.telemetry.domain.TestEvents.slippage;
import static dev.orderflow.telemetry.domain.TestEvents.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.telemetry.domain.TelemetryModelTests.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HourlyRollupTests {

    @Test
    void hoursWrittenAndReadBackAddUpToTheDaysFigures() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:30:00Z"));
        TelemetryModel model = new TelemetryModel(clock, 100, 10_000);
        for (int hour = 0; hour < 5; hour++) {
            Instant t = clock.instant().minus(Duration.ofHours(hour));
            submitted("A" + hour, "BTCUSDT", "s1", Intent.ENTRY, t).forEach(model::apply);
            submitted("B" + hour, "ETHUSDT", "s1", Intent.ENTRY, t).forEach(model::apply);
            model.apply(fill("A" + hour, "BTCUSDT", Intent.ENTRY, "1", "1", "1", t.plusMillis(50 + hour), t.plusMillis(50 + hour)));
            model.apply(slippage("A" + hour, "BTCUSDT", String.valueOf(hour - 2), t));
            model.apply(decision("C" + hour, "BTCUSDT", GuardOutcome.BLOCK, t, GuardReason.DEPTH));
            model.apply(reconciliation(t, "FILL_MISSING"));
        }

        List<HourlyRollup> rollups = model.hourlyRollups();
        List<JsonNode> overall = new ArrayList<>();
        for (HourlyRollup rollup : rollups) {
            if (rollup.scope().equals(HourlyRollup.OVERALL)) {
                // As stored in and read from a jsonb column.
                overall.add(EventJson.readTree(rollup.figures().toString().getBytes()));
            }
        }
        assertThat(overall).hasSize(5);

        Figures fromRollups = HourlyRollup.sum(overall);
        Figures day = model.snapshot(Duration.ofSeconds(15)).windows().get("24h").overall();
        assertThat(fromRollups).isEqualTo(day);
        assertThat(fromRollups.entriesSubmitted()).isEqualTo(10);
        assertThat(fromRollups.slippageBps().p50()).isEqualByComparingTo("0");
        assertThat(fromRollups.findingsByKind()).containsEntry("FILL_MISSING", 5L);
    }
}
