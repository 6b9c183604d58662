package dev.orderflow.telemetry;

import static dev.orderflow.telemetry.domain.TestEvents.cache;
import static dev.orderflow.telemetry.domain.TestEvents.decision;
import static dev.orderflow.telemetry.domain.TestEvents.fill;
import static dev.orderflow.telemetry.domain.TestEvents.heartbeat;
import static dev.orderflow.telemetry.domain.TestEvents.reconciliation;
import static dev.orderflow.telemetry.domain.TestEvents.replay;
import static dev.orderflow.telemetry.domain.TestEvents.slippage;
import static dev.orderflow.telemetry.domain.TestEvents.submitted;
import static dev.orderflow.telemetry.domain.TestEvents.throttle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.orderflow.contracts.alerts.AlertRule;
import dev.orderflow.contracts.events.Alert;
import dev.orderflow.contracts.events.AlertSeverity;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.testing.EventRecorder;
import dev.orderflow.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The whole path on the real broker and Postgres: events in, figures, alerts, archive and the live feed out. */
@QuarkusTest
@WithTestResource(TelemetryInfrastructure.class)
class TelemetryFlowTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void figuresOfAKnownSequenceCountARedeliveredEventOnce() {
        String symbol = uniqueSymbol();
        String strategy = "strategy-" + symbol;
        Instant t = Instant.now();
        List<EventEnvelope<?>> events = new ArrayList<>();
        events.addAll(submitted("A" + symbol, symbol, strategy, Intent.ENTRY, t));
        events.addAll(submitted("B" + symbol, symbol, strategy, Intent.ENTRY, t));
        EventEnvelope<?> filled = fill("A" + symbol, symbol, Intent.ENTRY, "1", "1", "1", t.plusMillis(80), t.plusMillis(80));
        events.add(filled);
        events.add(filled);
        events.add(slippage("A" + symbol, symbol, "2.5", t.plusMillis(80)));
        events.add(decision("A" + symbol, symbol, GuardOutcome.ALLOW, t));
        events.add(decision("B" + symbol, symbol, GuardOutcome.ALLOW, t));
        events.add(decision("C" + symbol, symbol, GuardOutcome.BLOCK, t, GuardReason.SPREAD));
        events.add(decision("D" + symbol, symbol, GuardOutcome.SHADOW_BLOCK, t, GuardReason.DEPTH));
        events.add(replay("A" + symbol, symbol, strategy, t));
        events.add(throttle(symbol, t));
        events.add(cache(EventType.CACHE_HIT, symbol, 3, t));
        events.add(cache(EventType.CACHE_MISS, symbol, 1, t));
        Broker.send(events);

        String path = "windows.'5m'.symbols." + symbol;
        await().atMost(WAIT).untilAsserted(() -> TestTokens.as(TestTokens.OPERATOR).get("/api/v1/telemetry").then().statusCode(200)
                .body(path + ".decisionsByOutcome.SHADOW_BLOCK", equalTo(1))
                .body(path + ".cacheMisses", equalTo(1)));
        JsonPath figures = TestTokens.as(TestTokens.OPERATOR).get("/api/v1/telemetry?window=5m").then().statusCode(200).extract().jsonPath()
                .setRootPath(path);
        assertThat(figures.getInt("entriesSubmitted")).isEqualTo(2);
        assertThat(figures.getInt("entriesFilled")).isEqualTo(1);
        assertThat(figures.getDouble("fillRatePercent")).isEqualTo(50.0);
        assertThat(figures.getInt("ordersByState.FILLED")).isEqualTo(1);
        assertThat(figures.getInt("slippageBps.count")).isEqualTo(1);
        assertThat(figures.getDouble("slippageBps.mean")).isEqualTo(2.5);
        assertThat(figures.getDouble("timeToFirstFillMs.p50")).isEqualTo(80.0);
        assertThat(figures.getInt("reasonsByOutcome.BLOCK.SPREAD")).isEqualTo(1);
        assertThat(figures.getDouble("blockRatioPercent")).isEqualTo(25.0);
        assertThat(figures.getInt("shadowBlocks")).isEqualTo(1);
        assertThat(figures.getInt("replays")).isEqualTo(1);
        assertThat(figures.getInt("venueDuplicates")).isZero();
        assertThat(figures.getDouble("throttleRatePercent")).isEqualTo(50.0);
        assertThat(figures.getDouble("cacheHitRatePercent")).isEqualTo(75.0);
        assertThat(TestTokens.as(TestTokens.OPERATOR).get("/api/v1/telemetry").jsonPath().getInt("windows.'24h'.strategies.'" + strategy + "'.entriesFilled"))
                .isEqualTo(1);
        assertThat(Archive.linesContaining(filled.id())).isEqualTo(1);

        await().atMost(WAIT).untilAsserted(() -> TestTokens.as(TestTokens.OPERATOR).get("/q/metrics").then()
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*orderflow_telemetry_fill_rate_percent\\{[^}]*key=\""
                        + symbol + "\",scope=\"symbol\",window=\"5m\"} 50\\.0.*")));

        TelemetryInfrastructure.remember("symbol", symbol);
        TelemetryInfrastructure.remember("figures", TestTokens.as(TestTokens.OPERATOR).get("/api/v1/telemetry?window=1h").jsonPath()
                .getMap("windows.'1h'.symbols." + symbol).toString());
        TelemetryInfrastructure.remember("archivedEventId", filled.id());
    }

    @Test
    void archiveLinesAnswerTheDeploymentGuidesOneLiners() {
        String symbol = uniqueSymbol();
        Instant t = Instant.now();
        List<EventEnvelope<?>> events = new ArrayList<>();
        events.add(slippage("S1" + symbol, symbol, "4", t));
        events.add(slippage("S2" + symbol, symbol, "8", t));
        events.add(fill("S1" + symbol, symbol, Intent.ENTRY, "0.5", "0.5", "1", t, t));
        Broker.send(events);
        await().atMost(WAIT).until(() -> Archive.linesContaining(symbol) == 3);

        // The guide's lines, with logs/ replaced by the archive's sessions.
        String values = Archive.shell(Archive.withArchive(
                "grep \"ENTRY_SLIPPAGE\" $ARCHIVE/sessions/*/*.jsonl | grep " + symbol + " | jq '.slippage_bps'"));
        assertThat(values.lines().toList()).containsExactlyInAnyOrder("4", "8");
        String average = Archive.shell(Archive.withArchive("grep \"ENTRY_SLIPPAGE\" $ARCHIVE/sessions/*/*.jsonl | grep " + symbol
                + " | jq '.slippage_bps' | awk '{sum+=$1; count++} END {print \"Avg slippage:\", sum/count, \"bps\"}'"));
        assertThat(average.strip()).isEqualTo("Avg slippage: 6 bps");
        String partials = Archive.shell(Archive.withArchive("grep \"ORDER_PARTIAL\" $ARCHIVE/sessions/*/*.jsonl | grep " + symbol + " | wc -l"));
        assertThat(partials.strip()).isEqualTo("1");
        String fields = Archive.shell(Archive.withArchive("grep -h \"ORDER_PARTIAL\" $ARCHIVE/sessions/*/*.jsonl | grep " + symbol
                + " | jq -r '[.event, .level, .symbol, .clientOrderId, .ts] | join(\" \")'"));
        assertThat(fields.strip()).startsWith("ORDER_PARTIAL INFO " + symbol + " S1" + symbol + " ");
    }

    @Test
    void replaysRaiseNothingAndVenueDuplicatesRaiseTheAlertOnOpsAlerts() {
        try (var alerts = new EventRecorder(Broker.bootstrapServers(), Topics.ALERTS)) {
            String symbol = uniqueSymbol();
            for (int i = 0; i < 5; i++) {
                Broker.send(replay("R" + symbol, symbol, "s", Instant.now()));
            }
            await().atMost(WAIT).untilAsserted(() -> TestTokens.as(TestTokens.OPERATOR).get("/api/v1/telemetry?window=1h").then()
                    .body("windows.'1h'.symbols." + symbol + ".replays", equalTo(5)));
            awaitEvaluation();
            TestTokens.as(TestTokens.OPERATOR).get("/api/v1/alerts").then().statusCode(200).body("open.rule", org.hamcrest.Matchers.not(hasItem("DuplicateOrders")));

            Broker.send(reconciliation(Instant.now(), "ORPHAN_AT_EXCHANGE"));
            EventEnvelope<?> raised = alerts.awaitEvent(e -> e.data() instanceof Alert a && a.rule().equals("DuplicateOrders"), WAIT).getLast();
            Alert warning = (Alert) raised.data();
            assertThat(warning.active()).isTrue();
            assertThat(warning.severity()).isEqualTo(AlertSeverity.WARNING);
            assertThat(warning.metric()).isEqualTo("Duplicate Orders");
            assertThat(warning.observed()).isEqualByComparingTo("1");
            assertThat(warning.threshold()).isEqualByComparingTo("0");
            assertThat(warning.action()).isEqualTo(AlertRule.DUPLICATE_ORDERS.action());

            Broker.send(reconciliation(Instant.now(), "ORPHAN_AT_EXCHANGE", "ORPHAN_AT_EXCHANGE", "ORPHAN_AT_EXCHANGE"));
            Alert critical = (Alert) alerts.awaitEvent(e -> e.data() instanceof Alert a && a.rule().equals("DuplicateOrders")
                    && a.severity() == AlertSeverity.CRITICAL, WAIT).getLast().data();
            assertThat(critical.alertId()).isEqualTo(warning.alertId());
            assertThat(critical.observed()).isEqualByComparingTo("4");

            TestTokens.as(TestTokens.OPERATOR).get("/api/v1/alerts").then().statusCode(200)
                    .body("open.find { it.rule == 'DuplicateOrders' }.severity", equalTo("CRITICAL"))
                    .body("open.find { it.rule == 'DuplicateOrders' }.alertId", equalTo(warning.alertId()))
                    .body("open.find { it.rule == 'DuplicateOrders' }.action", equalTo(AlertRule.DUPLICATE_ORDERS.action()));
            TelemetryInfrastructure.remember("duplicateOrdersAlertId", warning.alertId());
        }
    }

    @Test
    void aHeartbeatMissingForThreeIntervalsRaisesAnAlertThatAFreshOneResolves() {
        String instance = "gw-" + UUID.randomUUID();
        try (var alerts = new EventRecorder(Broker.bootstrapServers(), Topics.ALERTS)) {
            Broker.send(heartbeat("order-gateway", instance, "aaaaaaaaaaaa", Instant.now().minusSeconds(20),
                    Map.of("process.rss.bytes", "250000000", "jvm.heap.used.bytes", "60000000", "process.cpu.usage", "0.0420")));
            Alert raised = (Alert) alerts.awaitEvent(e -> e.data() instanceof Alert a && a.rule().equals("HeartbeatMissing")
                    && a.message().contains(instance), WAIT).getLast().data();
            assertThat(raised.severity()).isEqualTo(AlertSeverity.WARNING);
            // The figures are a snapshot at most 1 s old (docs/monitoring.md).
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> TestTokens.as(TestTokens.OPERATOR)
                    .get("/api/v1/telemetry?window=5m").then()
                    .body("instances.find { it.instance == '" + instance + "' }.status", equalTo("MISSING"))
                    .body("instances.find { it.instance == '" + instance + "' }.rssBytes", equalTo(250000000))
                    .body("instances.find { it.instance == '" + instance + "' }.cpuPercent", equalTo(4.2f)));

            Broker.send(heartbeat("order-gateway", instance, "aaaaaaaaaaaa", Instant.now(), Map.of()));
            Alert resolved = (Alert) alerts.awaitEvent(e -> e.data() instanceof Alert a && a.alertId().equals(raised.alertId())
                    && !a.active(), WAIT).getLast().data();
            assertThat(resolved.rule()).isEqualTo("HeartbeatMissing");
            TestTokens.as(TestTokens.OPERATOR).get("/api/v1/alerts").then().body("recent.alertId", hasItem(raised.alertId()));
        }
    }

    @Test
    void dashboardSnapshotAndItsStreamAtTheConfiguredPeriod() throws Exception {
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/dashboard").then().statusCode(200)
                .body("refreshSeconds", equalTo(2.0f))
                .body("trend.size()", equalTo(10))
                .body("lastFiveMinutes.submissions", org.hamcrest.Matchers.notNullValue());

        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/dashboard/stream"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + TestTokens.OPERATOR).build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<Long> arrivals = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while (arrivals.size() < 4 && (line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    arrivals.add(System.nanoTime());
                    assertThat(JsonPath.from(line.substring(5)).getDouble("refreshSeconds")).isEqualTo(2.0);
                }
            }
        }
        for (int i = 2; i < arrivals.size(); i++) {
            assertThat(Duration.ofNanos(arrivals.get(i) - arrivals.get(i - 1))).isBetween(Duration.ofMillis(1500), Duration.ofMillis(2600));
        }
        assertThat(arrivals).hasSize(4);
    }

    @Test
    void dailyAndWeeklyReportsComeFromTheHourlyRollups() {
        String symbol = uniqueSymbol();
        Instant t = Instant.now();
        List<EventEnvelope<?>> events = new ArrayList<>();
        events.addAll(submitted("P" + symbol, symbol, "s", Intent.ENTRY, t));
        events.addAll(submitted("Q" + symbol, symbol, "s", Intent.ENTRY, t));
        events.add(fill("P" + symbol, symbol, Intent.ENTRY, "1", "1", "1", t, t));
        events.add(slippage("P" + symbol, symbol, "3", t));
        events.add(decision("Z" + symbol, symbol, GuardOutcome.SHADOW_BLOCK, t, GuardReason.SLIPPAGE));
        Broker.send(events);
        await().atMost(WAIT).until(() -> Archive.linesContaining(symbol) == events.size());

        for (String kind : List.of("daily", "weekly")) {
            TestTokens.as(TestTokens.OPERATOR).get("/api/v1/reports/" + kind).then().statusCode(200)
                    .body("kind", equalTo(kind))
                    .body("symbols." + symbol + ".entriesSubmitted", equalTo(2))
                    .body("symbols." + symbol + ".entriesFilled", equalTo(1))
                    .body("symbols." + symbol + ".fillRatePercent", equalTo(50.0f))
                    .body("symbols." + symbol + ".slippageBps.max", equalTo(3.0f))
                    .body("symbols." + symbol + ".reasonsByOutcome.SHADOW_BLOCK.SLIPPAGE", equalTo(1))
                    .body("alerts", org.hamcrest.Matchers.notNullValue())
                    .body("resources", org.hamcrest.Matchers.notNullValue());
        }
        String markdown = TestTokens.as(TestTokens.OPERATOR).get("/api/v1/reports/weekly?format=md").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/markdown")).extract().asString();
        assertThat(markdown).startsWith("# Weekly review").contains("| " + symbol + " | 2 | 1 | 50.00 | 3.00 | 0 |");
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/reports/monthly").then().statusCode(400).body("errors[0].field", equalTo("kind"));
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/reports/daily?format=pdf").then().statusCode(400).body("errors[0].field", equalTo("format"));
    }

    @Test
    void anUnknownWindowIsAProblemNamingTheParameter() {
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/telemetry?window=2h").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("window"))
                .body("errors[0].message", equalTo("must be 5m, 1h or 24h"));
    }

    private static void awaitEvaluation() {
        try {
            Thread.sleep(2_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String uniqueSymbol() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase() + "USDT";
    }
}
