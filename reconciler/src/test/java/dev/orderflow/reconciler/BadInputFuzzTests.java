package dev.orderflow.reconciler;

import static dev.orderflow.testing.fuzz.Endpoint.of;
import static dev.orderflow.testing.fuzz.Endpoint.whole;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.PaperExchangeResource;
import dev.orderflow.testing.TestTokens;
import dev.orderflow.testing.fuzz.ApiFuzzer;
import dev.orderflow.testing.fuzz.Endpoint;
import dev.orderflow.testing.fuzz.Rows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Bad input at the reconciler's API (docs/reliability.md, "Bad input"). */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperExchangeResource.class)
class BadInputFuzzTests {

    private static final Map<String, String> OPERATOR_RUNS = Map.of("reconciliation_run", "requested_by = 'operator'");

    @TestHTTPResource("/")
    URI base;

    static List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>(List.of(
                of("POST", "/api/v1/reconciliation/runs").tokens(TestTokens.OPERATOR, TestTokens.RECONCILIATION_READER).build(),
                of("GET", "/api/v1/reconciliation/runs").query("limit", whole())
                        .tokens(TestTokens.RECONCILIATION_READER, TestTokens.READER).build(),
                of("GET", "/api/v1/reconciliation/runs/{runId}").pathValue("runId", "fuzz-run")
                        .tokens(TestTokens.RECONCILIATION_READER, TestTokens.MONITORING).build()));
        endpoints.addAll(Endpoint.operations());
        return endpoints;
    }

    @Test
    void noBadRequestGetsA5xxOrStartsARun() {
        long before = Rows.count("reconciler", OPERATOR_RUNS).get("reconciliation_run");
        ApiFuzzer.Report report = ApiFuzzer.of(base, endpoints()).run();
        System.out.println("reconciler fuzz: " + report);

        assertThat(report.findings()).as(report.describe()).isEmpty();
        // a method turned into POST starts a run: exactly one for each request answered with one
        long started = report.count(e -> e.request().method().equals("POST") && e.request().target().equals("/api/v1/reconciliation/runs")
                && e.answer().status() == 200);
        assertThat(Rows.count("reconciler", OPERATOR_RUNS).get("reconciliation_run")).isEqualTo(before + started);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }
}
