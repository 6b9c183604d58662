package dev.orderflow.gateway.messaging;

import static dev.orderflow.gateway.support.GatewayTest.TRADER;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static dev.orderflow.gateway.support.GatewayTest.limitOrder;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.gateway.messaging.outbox.OutboxRelay;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.testing.EventRecorder;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class OutboxRelayTests {

    @Inject
    OutboxRelay relay;

    @Test
    void relayStoppedBetweenCommitAndPublishLosesNothingAndKeepsPerSymbolOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        try (EventRecorder events = GatewayTest.recorder(Topics.ORDER_EVENTS)) {
            relay.stop(); // the relay dies: orders keep being committed with their events
            try {
                for (int i = 0; i < 6; i++) {
                    String id = coid("relay" + i);
                    ids.add(id);
                    as(TRADER).body(limitOrder(id, i % 2 == 0 ? "BTCUSDT" : "ETHUSDT", "BUY", "ENTRY", "0.01", "3000"))
                            .post("/api/v1/orders").then().statusCode(201);
                }
                assertThat(unpublished(ids)).isEqualTo(12); // ACCEPTED + PENDING_GUARDS each, plus intents on their own topic
                // nothing reached Kafka while the relay was down, and readiness says so once the lag passes the limit
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/ready").then()
                        .statusCode(503).body("checks.find { it.name == 'Outbox relay lag' }.status", equalTo("DOWN")));
            } finally {
                relay.start(); // a new relay (new producer) picks up where the old one stopped
            }
            Set<String> wanted = Set.copyOf(ids);
            // partitions (symbols) are read at their own pace: wait for the last event of every order
            Set<String> waiting = new java.util.HashSet<>(ids);
            List<EventEnvelope<?>> seen = events.awaitEvent(e -> {
                if (e.type() == EventType.ORDER_PENDING_GUARDS) {
                    waiting.remove(e.subject());
                }
                return waiting.isEmpty();
            }, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20)).until(() -> unpublished(ids) == 0);
            List<EventEnvelope<?>> ours = seen.stream().filter(e -> wanted.contains(e.subject())).toList();
            for (String id : ids) {
                // (a later ORDER_BLOCKED by the guard timeout may follow)
                assertThat(ours.stream().filter(e -> e.subject().equals(id)).map(EventEnvelope::type).limit(2).toList())
                        .containsExactly(EventType.ORDER_ACCEPTED, EventType.ORDER_PENDING_GUARDS);
            }
            // commit order per symbol is publication order
            List<String> btc = ours.stream().filter(e -> e.type() == EventType.ORDER_ACCEPTED)
                    .map(EventEnvelope::subject).filter(s -> ids.indexOf(s) % 2 == 0).toList();
            assertThat(btc).containsExactly(ids.get(0), ids.get(2), ids.get(4));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    /**
     * The relay's pass ends after the broker acknowledged the batch and before the rows are marked, as a
     * crash there would: Postgres refuses the marking statement once (a trigger), the transaction rolls
     * back, and the next pass sends the same rows again.
     */
    @Test
    void crashAfterPublishBeforeMarkingRepublishesTheSameEventIds() throws Exception {
        String id = coid("dup");
        List<EventEnvelope<?>> seen;
        double failedPasses = GatewayTest.metric("orderflow_outbox_relay_failures_total");
        try (var events = new GatewayTest.TopicReader(Topics.ORDER_EVENTS)) {
            relay.pause();
            as(TRADER).body(limitOrder(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "3000")).post("/api/v1/orders").then().statusCode(201);
            failFirstMarkingOf(id);
            relay.resume();
            await().atMost(Duration.ofSeconds(20)).until(() -> unpublished(List.of(id)) == 0);
            seen = events.readFor(Duration.ofSeconds(5));
        } finally {
            relay.resume();
            removeMarkingFailure();
        }
        assertThat(GatewayTest.metric("orderflow_outbox_relay_failures_total")).isGreaterThan(failedPasses);
        List<EventEnvelope<?>> accepted = seen.stream()
                .filter(e -> id.equals(e.subject()) && e.type() == EventType.ORDER_ACCEPTED).toList();
        assertThat(accepted).as("published, then published again after the crash").hasSizeGreaterThanOrEqualTo(2);
        assertThat(accepted.stream().map(EventEnvelope::id).distinct())
                .as("redelivery keeps the event id, so consumers de-duplicate").hasSize(1);
    }

    /** The first statement marking a row of this order published fails (a sequence counts it: it survives the rollback). */
    private static void failFirstMarkingOf(String clientOrderId) throws Exception {
        try (Connection db = GatewayTest.database()) {
            db.createStatement().execute("CREATE SEQUENCE outbox_test_marks");
            db.createStatement().execute("""
                    CREATE FUNCTION outbox_test_crash() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.payload->>'clientOrderId' = '%s' AND nextval('outbox_test_marks') = 1 THEN
                            RAISE EXCEPTION 'the relay stopped after publishing, before marking';
                        END IF;
                        RETURN NEW;
                    END $$""".formatted(clientOrderId));
            db.createStatement().execute("CREATE TRIGGER outbox_test_crash BEFORE UPDATE OF published_at ON outbox "
                    + "FOR EACH ROW EXECUTE FUNCTION outbox_test_crash()");
        }
    }

    private static void removeMarkingFailure() throws Exception {
        try (Connection db = GatewayTest.database()) {
            db.createStatement().execute("DROP TRIGGER IF EXISTS outbox_test_crash ON outbox");
            db.createStatement().execute("DROP FUNCTION IF EXISTS outbox_test_crash()");
            db.createStatement().execute("DROP SEQUENCE IF EXISTS outbox_test_marks");
        }
    }

    private static int unpublished(List<String> ids) throws Exception {
        try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT count(*) FROM outbox WHERE published_at IS NULL AND event_type <> 'ORDER_INTENT' AND payload->>'clientOrderId' IN ("
                        + ids.stream().map(i -> "'" + i + "'").collect(Collectors.joining(",")) + ")")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
