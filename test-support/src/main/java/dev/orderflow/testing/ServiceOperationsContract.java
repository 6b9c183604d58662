package dev.orderflow.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Heartbeat;
import dev.orderflow.contracts.topics.Topics;
import io.quarkus.arc.Arc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What every service promises operators: health, metrics, OpenAPI, its flags, its own schema and
 * heartbeats on the real broker, and that nothing but health answers without a bearer token. Each
 * service runs it against itself.
 */
public abstract class ServiceOperationsContract {

    private final String service;
    private final String schema;

    protected ServiceOperationsContract(String service, String schema) {
        this.service = service;
        this.schema = schema;
    }

    @Test
    void livenessStartupAndReadinessAreUpWithRealDependencies() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        // ready once every consumer has joined its group, which may take a moment after start
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItems("Database connections health check", "Kafka")));
    }

    @Test
    void prometheusMetricsAreServed() {
        TestTokens.as(TestTokens.MONITORING).get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("application=\"" + service + "\""));
    }

    @Test
    void openApiDocumentIsServed() {
        TestTokens.as(TestTokens.MONITORING).accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("openapi", containsString("3."))
                .body("paths", org.hamcrest.Matchers.hasKey("/q/flags"));
    }

    @Test
    void effectiveFlagsAreShown() {
        TestTokens.as(TestTokens.MONITORING).get("/q/flags").then().statusCode(200)
                .body("flags", hasSize(16))
                .body("masterSwitch", equalTo(true))
                .body("hash", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{12}"))
                .body("flags.find { it.name == 'LIVE_MONITOR_REFRESH_S' }.effective", equalTo("2.0"));
    }

    @Test
    void onlyHealthAnswersWithoutABearerToken() {
        given().get("/q/health").then().statusCode(200);
        for (String path : new String[] { "/q/flags", "/q/metrics", "/q/openapi", "/api/v2/not-yet-written", "/q/not-yet-written" }) {
            given().get(path).then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("Bearer realm=\"" + service + "\""))
                    .body("status", equalTo(401))
                    .body("type", equalTo("https://orderflow.dev/problems/unauthorized"));
        }
        TestTokens.as("not-a-known-token").get("/q/flags").then().statusCode(401)
                .body("detail", equalTo("The bearer token is not valid"));
    }

    @Test
    void aPathNoRuleNamesNeedsTheOperatorsScope() {
        TestTokens.as(TestTokens.MONITORING).get("/api/v2/not-yet-written").then().statusCode(403)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""))
                .body("detail", containsString("ops:admin"));
        TestTokens.as(TestTokens.READER).get("/q/metrics").then().statusCode(403)
                .body("detail", containsString("ops:read"));
    }

    @Test
    void flywayMigratedTheServiceSchemaAndRecordedThisStart() throws SQLException {
        var config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT count(*), min(flags_hash) FROM " + schema + ".service_run")) {
            rows.next();
            assertThat(rows.getInt(1)).isGreaterThanOrEqualTo(1);
            assertThat(rows.getString(2)).hasSize(12);
        }
    }

    @Test
    void heartbeatReachesTheBrokerAndMatchesItsSchema() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (EventRecorder recorder = new EventRecorder(bootstrap, Topics.HEARTBEATS)) {
            var publisher = Arc.container().instance(dev.orderflow.platform.messaging.HeartbeatPublisher.class).get();
            publisher.publish();

            var events = recorder.awaitEvent(e -> e.type() == EventType.HEARTBEAT
                    && ((Heartbeat) e.data()).service().equals(service), Duration.ofSeconds(30));

            Heartbeat heartbeat = (Heartbeat) events.getLast().data();
            assertThat(heartbeat.status()).isEqualTo("UP");
            assertThat(events.getLast().source()).isEqualTo("/" + service);
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithAProblemTheClientReads() throws Exception {
        // 2 MB: over quarkus.http.limits.max-body-size, and far more than the socket buffers hold, so a server
        // that closes without reading it resets the connection before the client sees any answer
        java.net.URI uri = java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/api/v1/anything");
        try (var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            var response = client.send(java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Authorization", TestTokens.bearer(TestTokens.OPERATOR)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("\"" + "x".repeat(2 * 1024 * 1024) + "\"")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("\"status\":413").contains("at most");
        }
    }

    @Test
    void metricsRefuseAnAcceptTheyCannotServeWithAProblem() {
        TestTokens.as(TestTokens.MONITORING).accept("application/json").get("/q/metrics").then().statusCode(406)
                .contentType("application/problem+json")
                .body("status", equalTo(406))
                .body("detail", containsString("text/plain"));
        TestTokens.as(TestTokens.MONITORING).accept("application/json, text/plain").get("/q/metrics").then().statusCode(406)
                .contentType("application/problem+json");
        // what Prometheus sends
        TestTokens.as(TestTokens.MONITORING).accept("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
                + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1").get("/q/metrics").then().statusCode(200);
    }
}
