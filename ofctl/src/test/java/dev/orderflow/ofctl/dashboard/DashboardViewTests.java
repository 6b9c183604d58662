package dev.orderflow.ofctl.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.ofctl.dashboard.DashboardView.Connection;
import dev.orderflow.ofctl.dashboard.DashboardView.Style;
import java.time.Instant;
import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

class DashboardViewTests {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    private static final String FRAME = """
            {"at":"2026-12-07T10:00:00Z","refreshSeconds":2.000,
             "lastFiveMinutes":{"ordersByState":{"ACCEPTED":7,"FILLED":5,"REJECTED":1},"entriesSubmitted":6,"entriesFilled":5,
               "fillRatePercent":83.33,"partialFills":1,"slippageBps":{"count":5,"mean":1.20,"p50":1.00,"p95":3.50,"max":4.00},
               "decisionsByOutcome":{"ALLOW":6,"BLOCK":2},"reasonsByOutcome":{"BLOCK":{"SPREAD":2,"DEPTH":1}},"blockRatioPercent":25.00,
               "shadowBlocks":0,"replays":1,"venueDuplicates":0,"submissions":6,"throttles":1,"throttleRatePercent":16.67,
               "cacheHits":9,"cacheMisses":1,"cacheHitRatePercent":90.00,"findingsByKind":{}},
             "symbols":{"BTCUSDT":{"ordersByState":{"ACCEPTED":7,"FILLED":5},"submissions":6,"fillRatePercent":83.33,
               "slippageBps":{"count":5,"mean":1.20,"p95":3.50}}},
             "lastHour":{"entriesSubmitted":40,"entriesFilled":38,"fillRatePercent":95.00,"slippageBps":{"mean":0.80,"p95":2.10},
               "venueDuplicates":0,"replays":3},
             "openAlerts":[{"rule":"ApiThrottleRate","subject":"","metric":"API Throttle Rate","severity":"CRITICAL","observed":31.5,
               "threshold":30,"unit":"%","action":"Reduce request rate","raisedAt":"2026-12-07T09:58:00Z"}],
             "instances":[{"service":"order-gateway","instance":"gw-0","version":"0.1.0","status":"UP","heartbeatAgeSeconds":1.5,
               "heapUsedBytes":62914560,"rssBytes":262144000,"cpuPercent":4.2,"memoryGrowthMbPerDay":null},
               {"service":"risk-guards","instance":"rg-0","version":"0.1.0","status":"MISSING","heartbeatAgeSeconds":48.0}],
             "lastReconciliation":{"runId":"run-1","kind":"PERIODIC","phase":"FINISHED","finishedAt":"2026-12-07T09:59:00Z",
               "findings":0,"findingsByKind":{}},
             "trend":[{"submissions":0,"entriesFilled":0,"blocks":0,"throttles":0,"slippageMeanBps":null},
               {"submissions":2,"entriesFilled":1,"blocks":1,"throttles":0,"slippageMeanBps":0.5},
               {"submissions":4,"entriesFilled":4,"blocks":1,"throttles":1,"slippageMeanBps":1.5}]}
            """;

    @Test
    void frameShowsEveryFigureTelemetryServes() throws Exception {
        String text = DashboardView.plain(render(FRAME, 120, 0, Connection.live(), Style.PLAIN));

        assertThat(text)
                .containsPattern("BTCUSDT +7 +6 +5 +0 +0 +0 +0 +83.33 % +1.2 bps +3.5 bps")
                .containsPattern("all +7 +6 +5 +1 +0 +1 +0 +83.33 % +1.2 bps +3.5 bps")
                .contains("Last hour: fill rate 95 % (38/40), slippage mean 0.8 / p95 2.1 bps, venue duplicates 0, replays 3")
                .contains("Guard blocks: 2 (SPREAD 2, DEPTH 1) of 8 entry decisions, block ratio 25 %")
                .contains("Throttle rate: 16.67 % (1 of 6 submissions)")
                .contains("Cache hit rate: 90 % (9 hits, 1 misses)")
                .contains("CRITICAL  ApiThrottleRate: 31.5 % (threshold 30 %) since 09:58:00Z -> Reduce request rate")
                .containsPattern("order-gateway +gw-0 +UP +1.5 s +60.0 MiB +250.0 MiB +4.2 %")
                .contains("risk-guards", "MISSING")
                .contains("run-1 PERIODIC FINISHED at 2026-12-07T09:59:00Z, 0 findings")
                .containsPattern("submissions +_=# +now 4, max 4")
                .contains("Trading state: ACTIVE (resumed), set by operator at 2026-12-07T09:00:00Z")
                .doesNotContain("q quit");
    }

    @Test
    void everyLineFitsTheWidthAndTheRulesSpanIt() throws Exception {
        for (int width : new int[] {60, 120}) {
            List<AttributedString> lines = render(FRAME, width, 0, Connection.live(), new Style(true, true));

            assertThat(lines).allSatisfy(line -> assertThat(line.columnLength()).isLessThanOrEqualTo(width));
            assertThat(lines.stream().map(AttributedString::toString).filter(l -> l.startsWith("\u2501\u2501 OPEN ALERTS")))
                    .singleElement().satisfies(rule -> assertThat(rule).hasSize(width));
        }
    }

    @Test
    void aShortTerminalGetsTheTopOfTheFrameAndHowMuchIsHidden() throws Exception {
        List<AttributedString> lines = render(FRAME, 120, 12, Connection.live(), Style.PLAIN);

        assertThat(lines).hasSize(12);
        assertThat(lines.get(11).toString()).matches("\\.\\.\\. \\d+ more lines: enlarge the terminal");
    }

    @Test
    void disconnectedTelemetryIsSaidWithItsAgeAndTheLastFrameStays() throws Exception {
        Connection away = Connection.away(AT.minusSeconds(35), "telemetry-service at http://127.0.0.1:8082 did not answer (Connection refused)",
                AT.plusSeconds(4));

        String text = DashboardView.plain(render(FRAME, 140, 0, away, Style.PLAIN));

        assertThat(text).contains("DISCONNECTED since 09:59:25Z (35 s), retrying at 10:00:04Z")
                .contains("telemetry: telemetry-service at http://127.0.0.1:8082 did not answer (Connection refused); the figures below are from the last frame")
                .contains("BTCUSDT");
    }

    @Test
    void aNarrowTerminalStillShowsThatTelemetryIsAway() throws Exception {
        Connection away = Connection.away(AT.minusSeconds(35), "connection refused", AT.plusSeconds(4));

        String title = render(FRAME, 90, 0, away, Style.PLAIN).get(0).toString();

        assertThat(title).hasSize(90).endsWith("DISCONNECTED since 09:59:25Z (35 s), retrying at 10:00:04Z ");
    }

    @Test
    void withoutColourNothingButPlainText() throws Exception {
        List<AttributedString> lines = render(FRAME, 120, 0, Connection.live(), Style.PLAIN);

        assertThat(lines).allSatisfy(line -> assertThat(line.toAnsi()).doesNotContain("\u001b["));
    }

    @Test
    void sparklinesScaleToTheLargestValueAndLeaveGapsBlank() {
        assertThat(Sparkline.of(java.util.Arrays.asList(new java.math.BigDecimal("0"), null, new java.math.BigDecimal("7"),
                new java.math.BigDecimal("14")), true)).isEqualTo("\u2581 \u2585\u2588");
        assertThat(Sparkline.of(List.of(java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO), false)).isEqualTo("__");
    }

    private static List<AttributedString> render(String frame, int width, int height, Connection connection, Style style) throws Exception {
        JsonNode state = EventJson.mapper().readTree("""
                {"state":"ACTIVE","reason":"resumed","updatedBy":"operator","updatedAt":"2026-12-07T09:00:00Z"}""");
        return new DashboardView(style, "telemetry 127.0.0.1:8082").render(EventJson.mapper().readTree(frame), state, connection,
                width, height, AT, false);
    }
}
