package dev.orderflow.gateway.messaging;

import static dev.orderflow.gateway.support.GatewayTest.READER;
import static dev.orderflow.gateway.support.GatewayTest.TRADER;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static dev.orderflow.gateway.support.GatewayTest.limitOrder;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's consumers ride out a Postgres restart instead of stopping for good. */
@QuarkusTest
@TestProfile(DatabaseOutageTests.PatientGuards.class)
@WithTestResource(value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = KafkaAndPostgresResource.POSTGRES_LINK, value = "cuttable"))
@WithTestResource(PaperVenue.class)
class DatabaseOutageTests {

    /** Long enough that a guard timeout cannot stand in for the decision the test waits for. */
    public static class PatientGuards implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.guards.timeout", "90s");
        }
    }

    @Test
    void aDecisionThatArrivesWhilePostgresRestartsIsAppliedAndTheConsumerGoesOn() throws Exception {
        String during = coid("pgrestart");
        as(TRADER).body(limitOrder(during, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then().statusCode(201);

        var link = KafkaAndPostgresResource.postgresLink();
        link.cut();
        try {
            GatewayTest.publish(block(during), "BTCUSDT");
            Thread.sleep(5_000); // the length of the restart seen in the chaos run
        } finally {
            link.restore();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(READER).get("/api/v1/orders/{c}", during).then()
                .statusCode(200).body("status", equalTo("BLOCKED")).body("statusCause", containsString("guards BLOCK")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        given().get("/q/health/live").then().statusCode(200);

        String after = coid("pgback");
        as(TRADER).body(limitOrder(after, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then().statusCode(201);
        GatewayTest.publish(block(after), "BTCUSDT");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(READER).get("/api/v1/orders/{c}", after).then()
                .body("status", equalTo("BLOCKED")).body("statusCause", containsString("guards BLOCK")));
    }

    private static EventEnvelope<GuardDecision> block(String clientOrderId) {
        return EventEnvelope.of("/risk-guards", EventType.GUARD_DECISION, clientOrderId, new GuardDecision(clientOrderId, "BTCUSDT",
                Side.BUY, Intent.ENTRY, GuardOutcome.BLOCK, false, true, List.<GuardFinding>of(), Instant.now(), 120, Instant.now()));
    }
}
