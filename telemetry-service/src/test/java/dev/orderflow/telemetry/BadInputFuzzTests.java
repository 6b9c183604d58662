package dev.orderflow.telemetry;

import static dev.orderflow.testing.fuzz.Endpoint.choice;
import static dev.orderflow.testing.fuzz.Endpoint.of;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orderflow.testing.TestTokens;
import dev.orderflow.testing.fuzz.ApiFuzzer;
import dev.orderflow.testing.fuzz.Endpoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Bad input at telemetry's API (docs/reliability.md, "Bad input"). The API only reads, so there is nothing a
 * refused request could write; the dashboard's event stream never ends by design and is left out.
 */
@QuarkusTest
@WithTestResource(TelemetryInfrastructure.class)
class BadInputFuzzTests {

    @TestHTTPResource("/")
    URI base;

    static List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>(List.of(
                of("GET", "/api/v1/telemetry").query("window", choice("5m", "1h", "24h")).tokens(TestTokens.OPERATOR, TestTokens.TRADER).build(),
                of("GET", "/api/v1/alerts").tokens(TestTokens.OPERATOR, TestTokens.MONITORING).build(),
                of("GET", "/api/v1/reports/{kind}").pathValue("kind", "daily").query("format", choice("json", "md"))
                        .tokens(TestTokens.OPERATOR, TestTokens.READER).build(),
                of("GET", "/api/v1/dashboard").tokens(TestTokens.OPERATOR, TestTokens.RECONCILIATION_READER).build(),
                of("GET", "/api/v1/services").tokens(TestTokens.OPERATOR, TestTokens.TRADER).build()));
        endpoints.addAll(Endpoint.operations());
        return endpoints;
    }

    @Test
    void noBadRequestGetsA5xx() {
        ApiFuzzer.Report report = ApiFuzzer.of(base, endpoints()).run();
        System.out.println("telemetry-service fuzz: " + report);

        assertThat(report.findings()).as(report.describe()).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }
}
