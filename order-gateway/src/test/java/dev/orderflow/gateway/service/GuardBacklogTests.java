package dev.orderflow.gateway.service;

import static dev.orderflow.gateway.support.GatewayTest.TRADER;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static dev.orderflow.gateway.support.GatewayTest.limitOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.notNullValue;

import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.GuardBacklogProfile;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the guards fall behind, entries are refused at the door with 503 and Retry-After instead of being
 * accepted and BLOCKED by the guard timeout later (a strategy can retry a 503; a BLOCKED entry is gone).
 */
@QuarkusTest
@TestProfile(GuardBacklogProfile.class)
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class GuardBacklogTests {

    @BeforeEach
    void noEntryWaitsForTheGuards() {
        // ready once the decision consumer holds its partitions; before that entries are refused as guards-unavailable
        await().atMost(Duration.ofSeconds(60)).until(() -> io.restassured.RestAssured.given().get("/q/health/ready").statusCode() == 200);
        // entries left waiting by earlier tests time out (10 s) before this one starts
        await().atMost(Duration.ofSeconds(30)).until(() -> GatewayTest.metric("orderflow_guard_waiting_entries") == 0);
    }

    @Test
    void entriesAreRefusedWhileTheOldestWaitingEntryHasWaitedTooLongAndTakenAgainOnceItIsDecided() throws Exception {
        String first = coid("slow-guards");
        entry(first).then().statusCode(201);
        // the guards say nothing for longer than gateway.guards.max-wait (2 s)
        await().atMost(Duration.ofSeconds(10)).until(() -> GatewayTest.metric("orderflow_guard_wait_oldest_seconds") > 2.2);

        String next = coid("behind-slow-guards");
        entry(next).then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", endsWith("/guards-backlog"))
                .body("detail", containsString("the oldest entry waiting for a guard decision has waited"));
        as(GatewayTest.READER).get("/api/v1/orders/{c}", next).then().statusCode(404);
        // exits never wait for the guards
        GatewayTest.holdPosition("ETHUSDT", "1.0");
        as(TRADER).body(limitOrder(coid("exit-slow"), "ETHUSDT", "SELL", "EXIT", "0.1", "9000"))
                .post("/api/v1/orders").then().statusCode(201);

        GatewayTest.allow(first, "BTCUSDT", "BUY");
        // the strategy retries the same client order id and it is taken once the guards caught up
        await().atMost(Duration.ofSeconds(20)).until(() -> entry(next).statusCode() == 201);
        GatewayTest.allow(next, "BTCUSDT", "BUY");
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of("ACKNOWLEDGED", "FILLED").contains(GatewayTest.status(first))
                && List.of("ACKNOWLEDGED", "FILLED").contains(GatewayTest.status(next)));
    }

    @Test
    void aBurstIsTakenOnlyAsFarAsTheWaitingLimit() {
        List<String> burst = List.of(coid("burst0"), coid("burst1"), coid("burst2"), coid("burst3"));
        for (int i = 0; i < 3; i++) {
            entry(burst.get(i)).then().statusCode(201);
        }
        entry(burst.get(3)).then().statusCode(503).header("Retry-After", notNullValue())
                .body("type", endsWith("/guards-backlog"))
                .body("detail", containsString("entries are waiting for a guard decision (limit 3)"));

        for (int i = 0; i < 3; i++) {
            GatewayTest.allow(burst.get(i), "BTCUSDT", "BUY");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> entry(burst.get(3)).statusCode() == 201);
        GatewayTest.allow(burst.get(3), "BTCUSDT", "BUY");
        await().atMost(Duration.ofSeconds(20)).until(() -> burst.stream().noneMatch(id -> "PENDING_GUARDS".equals(GatewayTest.status(id))));
        assertThat(burst).noneMatch(id -> "BLOCKED".equals(GatewayTest.status(id)));
    }

    private static Response entry(String clientOrderId) {
        return as(TRADER).body(limitOrder(clientOrderId, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders");
    }
}
