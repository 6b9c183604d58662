package dev.orderflow.telemetry;

import static dev.orderflow.telemetry.domain.TestEvents.slippage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orderflow.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A second start on the first start's Postgres, consumer group and archive, with the dashboard
 * flag off. Runs after the other classes (Quarkus orders test classes by profile) and checks what
 * they left.
 */
@QuarkusTest
@TestProfile(RestartTests.RestartedWithDashboardOff.class)
@WithTestResource(TelemetryInfrastructure.class)
class RestartTests {

    public static class RestartedWithDashboardOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ENABLE_LIVE_DASHBOARD", "false");
        }
    }

    @Test
    void openAlertsSurviveTheRestart() {
        String alertId = TelemetryInfrastructure.recalled("duplicateOrdersAlertId");
        assumeThat(alertId).as("the first start raised a duplicate-orders alert").isNotNull();

        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/alerts").then().statusCode(200)
                .body("open.find { it.rule == 'DuplicateOrders' }.alertId", equalTo(alertId));
        // The evaluator took it over: after a few evaluations it is still the same open alert, not a new one.
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> TestTokens.as(TestTokens.OPERATOR).get("/api/v1/alerts").then()
                .body("open.findAll { it.rule == 'DuplicateOrders' }.size()", equalTo(1))
                .body("open.find { it.rule == 'DuplicateOrders' }.alertId", equalTo(alertId)));
    }

    @Test
    void theArchiveContinuesWithoutLosingOrRepeatingALineAndTheFiguresComeBackFromIt() {
        String archivedId = TelemetryInfrastructure.recalled("archivedEventId");
        assumeThat(archivedId).as("the first start archived events").isNotNull();
        String symbol = TelemetryInfrastructure.recalled("symbol");

        assertThat(Archive.sessions()).hasSizeGreaterThanOrEqualTo(2);
        String after = TestTokens.as(TestTokens.OPERATOR).get("/api/v1/telemetry?window=1h").then().statusCode(200).extract().jsonPath()
                .getMap("windows.'1h'.symbols." + symbol).toString();
        assertThat(after).isEqualTo(TelemetryInfrastructure.recalled("figures"));

        // Kafka delivering an archived event again after the restart adds no line and no count.
        Broker.send(Archive.event(archivedId));
        var marker = slippage("after-restart", symbol, "1", Instant.now());
        Broker.send(marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> Archive.linesContaining(marker.id()) == 1);
        assertThat(Archive.linesContaining(archivedId)).isEqualTo(1);
        assertThat(TestTokens.as(TestTokens.OPERATOR).get("/api/v1/telemetry?window=1h").jsonPath()
                .getInt("windows.'1h'.symbols." + symbol + ".entriesFilled")).isEqualTo(1);
        // With more than one file, grep prefixes each match with its file name; -h keeps lines jq can read.
        String value = Archive.shell(Archive.withArchive(
                "grep -h \"ENTRY_SLIPPAGE\" $ARCHIVE/sessions/*/*.jsonl | grep after-restart | jq '.slippage_bps'"));
        assertThat(value.strip()).isEqualTo("1");
    }

    @Test
    void withTheDashboardFlagOffTheFeedIsAProblemNamingTheFlag() {
        for (String path : new String[] {"/api/v1/dashboard", "/api/v1/dashboard/stream"}) {
            TestTokens.as(TestTokens.OPERATOR).get(path).then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("flag", equalTo("ENABLE_LIVE_DASHBOARD"))
                    .body("detail", org.hamcrest.Matchers.containsString("ENABLE_LIVE_DASHBOARD is off"));
        }
        TestTokens.as(TestTokens.OPERATOR).get("/api/v1/alerts").then().statusCode(200);
    }
}
