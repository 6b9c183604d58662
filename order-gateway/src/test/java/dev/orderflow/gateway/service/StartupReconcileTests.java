package dev.orderflow.gateway.service;

import static dev.orderflow.gateway.support.GatewayTest.TRADER;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static dev.orderflow.gateway.support.GatewayTest.limitOrder;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.ReconciliationRun;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.gateway.support.StartupReconcileProfile;
import dev.orderflow.testing.EventRecorder;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(StartupReconcileProfile.class)
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class StartupReconcileTests {

    @Test
    void entriesOpenOnlyWhenTheRunThisInstanceRequestedFinished() throws Exception {
        String instance = ConfigProvider.getConfig().getValue("orderflow.service.instance", String.class);
        try (EventRecorder runs = GatewayTest.recorder(Topics.RECONCILIATION)) {
            // at start: a REQUESTED STARTUP run of this instance, keyed by the service name
            var seen = runs.awaitEvent(e -> e.data() instanceof ReconciliationRun r && "REQUESTED".equals(r.phase())
                    && instance.equals(r.requestedBy()), Duration.ofSeconds(30));
            ReconciliationRun requested = (ReconciliationRun) seen.getLast().data();
            assertThat(requested.kind()).isEqualTo("STARTUP");
            assertThat(requested.runId()).isNotBlank();
            assertThat(outboxKey(requested.runId())).isEqualTo("order-gateway");

            // closed: readiness DOWN, entries 503 with Retry-After, exits allowed
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'Startup reconciliation' }.status", equalTo("DOWN"));
            as(TRADER).body(limitOrder(coid("gate"), "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then()
                    .statusCode(503).header("Retry-After", notNullValue()).body("type", endsWith("/startup-reconciliation"));
            try (Connection db = GatewayTest.database()) {
                db.createStatement().execute("INSERT INTO positions (symbol, quantity, updated_at) VALUES ('BTCUSDT', 5, now()) "
                        + "ON CONFLICT (symbol) DO UPDATE SET quantity = 5");
            }
            as(TRADER).body(limitOrder(coid("gate-exit"), "BTCUSDT", "SELL", "EXIT", "0.01", "90000")).post("/api/v1/orders").then()
                    .statusCode(201);

            // another instance's run finishing does not open this gate
            publish(run(UUID.randomUUID().toString(), "FINISHED", "someone-else", null));
            // this run failing keeps it closed, and a new run is requested after the backoff
            publish(run(requested.runId(), "FAILED", instance, "exchange unreachable"));
            var again = runs.awaitEvent(e -> e.data() instanceof ReconciliationRun r && "REQUESTED".equals(r.phase())
                    && instance.equals(r.requestedBy()) && !requested.runId().equals(r.runId()), Duration.ofSeconds(30));
            ReconciliationRun retry = (ReconciliationRun) again.getLast().data();
            as(TRADER).body(limitOrder(coid("gate2"), "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then()
                    .statusCode(503);

            // the FINISHED event of the current run opens it
            publish(run(retry.runId(), "FINISHED", instance, null));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .body("checks.find { it.name == 'Startup reconciliation' }.status", equalTo("UP")));
            as(TRADER).body(limitOrder(coid("open"), "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then()
                    .statusCode(201);
        }
    }

    private static ReconciliationRun run(String runId, String phase, String requestedBy, String error) {
        return new ReconciliationRun(runId, "STARTUP", phase, requestedBy, Instant.now().minusSeconds(1), Instant.now(), List.of(), error);
    }

    private static void publish(ReconciliationRun run) {
        GatewayTest.publish(EventEnvelope.of("/reconciler", EventType.RECONCILIATION_RUN, run.runId(), run), "reconciler");
    }

    private static String outboxKey(String runId) throws Exception {
        try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT msg_key FROM outbox WHERE event_type = 'RECONCILIATION_RUN' AND payload->>'runId' = '" + runId + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
