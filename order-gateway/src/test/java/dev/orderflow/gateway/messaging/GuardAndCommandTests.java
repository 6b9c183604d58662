package dev.orderflow.gateway.messaging;

import static dev.orderflow.gateway.support.GatewayTest.READER;
import static dev.orderflow.gateway.support.GatewayTest.TRADER;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static dev.orderflow.gateway.support.GatewayTest.limitOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.orderflow.contracts.events.CommandType;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.ExchangeOrderSnapshot;
import dev.orderflow.contracts.events.FillReport;
import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderCommand;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.platform.messaging.CloudEventMessages;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class GuardAndCommandTests {

    @Test
    void blockDecisionFromTheGuardsBlocksTheEntry() {
        String id = coid("block");
        as(TRADER).body(limitOrder(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then().statusCode(201);
        publish(EventEnvelope.of("/risk-guards", EventType.GUARD_DECISION, id, new GuardDecision(id, "BTCUSDT", Side.BUY,
                Intent.ENTRY, GuardOutcome.BLOCK, false, true, List.<GuardFinding>of(), Instant.now(), 120, Instant.now())), "BTCUSDT");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(READER).get("/api/v1/orders/{c}", id).then()
                .body("status", equalTo("BLOCKED")).body("statusCause", containsString("guards BLOCK")));
    }

    @Test
    void noGuardAnswerInTimeBlocksWithGuardTimeout() {
        String id = coid("silent");
        as(TRADER).body(limitOrder(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then().statusCode(201);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(READER).get("/api/v1/orders/{c}", id).then()
                .body("status", equalTo("BLOCKED")).body("statusCause", equalTo("GUARD_TIMEOUT")));
    }

    @Test
    void commandsAreAppliedOncePerCommandIdAndEveryTransitionIsStored() throws Exception {
        String id = coid("lost");
        // an exit: it does not wait for guards; it rests at the exchange far above the market
        try (Connection db = GatewayTest.database()) {
            db.createStatement().execute("INSERT INTO positions (symbol, quantity, updated_at) VALUES ('BTCUSDT', 5, now()) "
                    + "ON CONFLICT (symbol) DO UPDATE SET quantity = 5");
        }
        as(TRADER).body(limitOrder(id, "BTCUSDT", "SELL", "EXIT", "0.01", "90000")).post("/api/v1/orders").then().statusCode(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> "ACKNOWLEDGED".equals(GatewayTest.status(id)));
        String commandId = UUID.randomUUID().toString();
        OrderCommand markLost = new OrderCommand(commandId, CommandType.MARK_LOST, id, "BTCUSDT", "not at the exchange",
                "reconciler", null, null, Instant.now());
        var event = EventEnvelope.of("/reconciler", EventType.ORDER_COMMAND, id, markLost);
        publish(event, "BTCUSDT");
        publish(event, "BTCUSDT"); // redelivered
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> as(READER).get("/api/v1/orders/{c}", id).then()
                .body("status", equalTo("CANCELED")).body("statusCause", containsString("LOST")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                    "SELECT count(*) FROM processed_command WHERE command_id = '" + commandId + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        });
        try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT string_agg(coalesce(from_status, '-') || '>' || to_status, ' ' ORDER BY id), bool_and(at IS NOT NULL AND cause <> '') "
                        + "FROM order_transition WHERE client_order_id = '" + id + "'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("->ACCEPTED ACCEPTED>SUBMITTING SUBMITTING>ACKNOWLEDGED ACKNOWLEDGED>CANCELED");
            assertThat(rs.getBoolean(2)).isTrue();
        }
    }

    @Test
    void adoptTakesOverAnExchangeOrderTheGatewayDoesNotKnow() throws Exception {
        String id = coid("adopt");
        var placed = PaperVenue.placeDirectly("SOLUSDT", "BUY", "0.5", "170", id);
        var snapshot = new ExchangeOrderSnapshot(placed.path("orderId").asText(), id, "SOLUSDT", Side.BUY,
                dev.orderflow.contracts.events.OrderType.LIMIT, new BigDecimal("170"), new BigDecimal("0.5"),
                new BigDecimal(placed.path("executedQty").asText()), placed.path("status").asText(), Instant.now());
        String commandId = UUID.randomUUID().toString();
        publish(EventEnvelope.of("/reconciler", EventType.ORDER_COMMAND, id, new OrderCommand(commandId, CommandType.ADOPT, id,
                "SOLUSDT", "unknown at the gateway", "reconciler", snapshot, null, Instant.now())), "SOLUSDT");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(READER).get("/api/v1/orders/{c}", id).then()
                .statusCode(200).body("status", equalTo("FILLED")).body("exchangeOrderId", equalTo(placed.path("orderId").asText())));
        assertThat(outcome(commandId)).startsWith("adopted");
        try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT sum(quantity) FROM fills WHERE client_order_id = '" + id + "'")) {
            rs.next();
            assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("0.5");
        }
        assertThat(PaperVenue.ordersAtExchange("SOLUSDT", id)).hasSize(1);
    }

    @Test
    void cancelCommandCancelsAtTheExchangeAndApplyFillRecordsAMissedFillOnce() throws Exception {
        String id = coid("cmd");
        GatewayTest.allowedEntry(id, "SOLUSDT", "BUY", "2", "100"); // rests below the market
        await().atMost(Duration.ofSeconds(30)).until(() -> "ACKNOWLEDGED".equals(GatewayTest.status(id)));

        var fill = new FillReport("manual-" + id, new BigDecimal("100"), new BigDecimal("0.5"), null, null, Instant.now());
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        publish(EventEnvelope.of("/ofctl", EventType.ORDER_COMMAND, id, new OrderCommand(first, CommandType.APPLY_FILL, id,
                "SOLUSDT", "fill missed", "operator", null, fill, Instant.now())), "SOLUSDT");
        publish(EventEnvelope.of("/ofctl", EventType.ORDER_COMMAND, id, new OrderCommand(second, CommandType.APPLY_FILL, id,
                "SOLUSDT", "fill missed (again)", "operator", null, fill, Instant.now())), "SOLUSDT");
        await().atMost(Duration.ofSeconds(30)).until(() -> outcome(second) != null);
        assertThat(GatewayTest.status(id)).isEqualTo("PARTIALLY_FILLED");
        assertThat(outcome(second)).contains("ignored");

        String cancel = UUID.randomUUID().toString();
        publish(EventEnvelope.of("/ofctl", EventType.ORDER_COMMAND, id, new OrderCommand(cancel, CommandType.CANCEL, id,
                "SOLUSDT", "TTL", "reconciler", null, null, Instant.now())), "SOLUSDT");
        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELED".equals(GatewayTest.status(id)));
        assertThat(PaperVenue.ordersAtExchange("SOLUSDT", id).getFirst().path("status").asText()).isEqualTo("CANCELED");
        try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT count(*), sum(quantity) FROM fills WHERE client_order_id = '" + id + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("0.5");
        }
    }

    private static String outcome(String commandId) throws Exception {
        try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT outcome FROM processed_command WHERE command_id = '" + commandId + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void publish(EventEnvelope<?> event, String key) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", GatewayTest.bootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            var message = CloudEventMessages.toMessage(event, key);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), key, message.getPayload());
            dev.orderflow.contracts.events.CloudEventHeaders.toHeaders(event).forEach(record.headers()::add);
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
