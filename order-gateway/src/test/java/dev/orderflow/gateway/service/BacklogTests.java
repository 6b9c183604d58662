package dev.orderflow.gateway.service;

import static dev.orderflow.gateway.support.GatewayTest.TRADER;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static dev.orderflow.gateway.support.GatewayTest.limitOrder;
import static dev.orderflow.gateway.support.PaperVenue.fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.notNullValue;

import dev.orderflow.gateway.support.BacklogProfile;
import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(BacklogProfile.class)
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class BacklogTests {

    @Test
    void entriesAreRefusedWith503WhileTheSubmissionBacklogIsFullAndExitsAreStillTaken() throws Exception {
        // the venue answers SOLUSDT orders after 1.5 s (within the request timeout), and the symbol lock sends them one at a time
        fault("{\"type\":\"LATENCY\",\"symbol\":\"SOLUSDT\",\"params\":{\"minMs\":1500,\"maxMs\":1500}}");
        try {
            List<String> accepted = new ArrayList<>();
            io.restassured.response.Response refused = null;
            for (int i = 0; i < 12 && refused == null; i++) {
                String id = coid("backlog" + i);
                var response = as(TRADER).body(limitOrder(id, "SOLUSDT", "BUY", "ENTRY", "0.1", "170")).post("/api/v1/orders");
                if (response.statusCode() == 201) {
                    accepted.add(id);
                    GatewayTest.allow(id, "SOLUSDT", "BUY");
                    // the guards' ALLOW hands the entry to the workers, where it waits behind the slow SOLUSDT orders
                    int expected = Math.min(accepted.size(), 3);
                    await().atMost(Duration.ofSeconds(20)).until(() -> GatewayTest.metric("orderflow_submission_backlog") >= expected);
                } else {
                    refused = response;
                }
            }
            assertThat(refused).as("an entry refused once the backlog is full").isNotNull();
            assertThat(accepted).hasSizeGreaterThanOrEqualTo(3);
            refused.then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", notNullValue()).body("type", endsWith("/submission-backlog"));

            // an exit is still taken while entries are refused
            try (Connection db = GatewayTest.database()) {
                db.createStatement().execute("INSERT INTO positions (symbol, quantity, updated_at) VALUES ('ETHUSDT', 1.0, now()) "
                        + "ON CONFLICT (symbol) DO UPDATE SET quantity = 1.0");
            }
            as(TRADER).body(limitOrder(coid("backlog-exit"), "ETHUSDT", "SELL", "EXIT", "0.1", "9000")).post("/api/v1/orders")
                    .then().statusCode(201);

            // nothing accepted is lost: every accepted entry still reaches the venue once
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted.stream().allMatch(id -> "FILLED".equals(GatewayTest.status(id))));
            for (String id : accepted) {
                assertThat(PaperVenue.ordersAtExchange("SOLUSDT", id)).hasSize(1);
            }
            // and once the backlog drained, entries are taken again
            as(TRADER).body(limitOrder(coid("backlog-after"), "SOLUSDT", "BUY", "ENTRY", "0.1", "170")).post("/api/v1/orders")
                    .then().statusCode(201);
        } finally {
            PaperVenue.resetFaults();
        }
    }
}
