package dev.orderflow.gateway.service;

import static dev.orderflow.gateway.support.GatewayTest.TRADER;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order API's {@code ttlSeconds} on real Postgres, Kafka and the paper exchange: an order still open
 * when its TTL runs out is canceled at the exchange; with USE_FIRST_FILL_TS_FOR_TTL (on in the test
 * profile) a partly filled order's TTL counts from its first fill.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class TtlEnforcementTests {

    @AfterEach
    void clearFaults() {
        PaperVenue.resetFaults();
    }

    @Test
    void restingOrderIsCanceledAtTheExchangeWhenItsTtlRunsOut() throws Exception {
        String id = coid("ttl");
        String farBelow = PaperVenue.bestAsk("BTCUSDT").multiply(new BigDecimal("0.8")).setScale(2, RoundingMode.DOWN).toPlainString();
        double expiredBefore = GatewayTest.metric("orderflow_orders_ttl_expired_total");
        Instant accepted = Instant.now();
        allowedEntryWithTtl(id, "BTCUSDT", "0.001", farBelow, 6);
        await().atMost(Duration.ofSeconds(6)).until(() -> "ACKNOWLEDGED".equals(GatewayTest.status(id)));

        await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELED".equals(GatewayTest.status(id)));
        assertThat(row(id).terminalAt()).isAfterOrEqualTo(accepted.plusSeconds(6));
        JsonNode atExchange = PaperVenue.ordersAtExchange("BTCUSDT", id).getFirst();
        assertThat(atExchange.path("status").asText()).isEqualTo("CANCELED");
        await().atMost(Duration.ofSeconds(5)).until(() -> GatewayTest.metric("orderflow_orders_ttl_expired_total") > expiredBefore);
    }

    @Test
    void orderStillWaitingForTheGuardsWhenItsTtlRunsOutIsCanceledBeforeSubmission() throws Exception {
        String id = coid("ttl-wait");
        as(TRADER).body("""
                {"clientOrderId":"%s","symbol":"BTCUSDT","side":"BUY","type":"LIMIT","quantity":"0.001","price":"50000",
                 "timeInForce":"GTC","intent":"ENTRY","ttlSeconds":1,"strategyId":"s1"}
                """.formatted(id)).post("/api/v1/orders").then().statusCode(201);
        // no guard decision comes: after 1 s the TTL ends the wait, before the guard timeout (10 s in tests) would
        await().atMost(Duration.ofSeconds(8)).until(() -> "CANCELED".equals(GatewayTest.status(id)));
        assertThat(row(id).cause()).startsWith("canceled before submission: TTL: open ").endsWith(" s since acceptance, TTL 1 s");
        assertThat(PaperVenue.ordersAtExchange("BTCUSDT", id)).isEmpty();
    }

    @Test
    void partlyFilledOrdersTtlCountsFromItsFirstFill() throws Exception {
        String id = coid("ttl-fill");
        BigDecimal ask = PaperVenue.bestAsk("SOLUSDT");
        BigDecimal bid = ask.multiply(new BigDecimal("0.98")).setScale(2, RoundingMode.DOWN);
        PaperVenue.fault("{\"type\":\"PARTIAL_FILLS\",\"symbol\":\"SOLUSDT\",\"params\":{\"fraction\":0.05}}");
        double expiredBefore = GatewayTest.metric("orderflow_orders_ttl_expired_total");
        Instant accepted = Instant.now();
        allowedEntryWithTtl(id, "SOLUSDT", "1", bid.toPlainString(), 8);
        await().atMost(Duration.ofSeconds(20)).until(() -> "ACKNOWLEDGED".equals(GatewayTest.status(id)));

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), accepted.plusMillis(3_000)).toMillis()));
        PaperVenue.moveMid("SOLUSDT", bid.multiply(new BigDecimal("0.99")).setScale(2, RoundingMode.DOWN).toPlainString());
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "PARTIALLY_FILLED".equals(GatewayTest.status(id)));
        } finally {
            PaperVenue.moveMid("SOLUSDT", ask.toPlainString());
        }
        Instant firstFill = row(id).firstFillAt();
        assertThat(firstFill).isAfter(accepted.plusMillis(2_500));

        await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELED".equals(GatewayTest.status(id)));
        // counted from acceptance it would have ended by accepted + 8 s, before first fill + 8 s
        assertThat(row(id).terminalAt()).isAfterOrEqualTo(firstFill.plusSeconds(8));
        await().atMost(Duration.ofSeconds(5)).until(() -> GatewayTest.metric("orderflow_orders_ttl_expired_total") > expiredBefore);
        JsonNode atExchange = PaperVenue.ordersAtExchange("SOLUSDT", id).getFirst();
        assertThat(atExchange.path("status").asText()).isEqualTo("CANCELED");
        assertThat(new BigDecimal(atExchange.path("executedQty").asText())).isPositive();
    }

    private static void allowedEntryWithTtl(String id, String symbol, String quantity, String price, int ttlSeconds) {
        as(TRADER).body("""
                {"clientOrderId":"%s","symbol":"%s","side":"BUY","type":"LIMIT","quantity":"%s","price":"%s",
                 "timeInForce":"GTC","intent":"ENTRY","referencePrice":"%s","ttlSeconds":%d,"strategyId":"s1"}
                """.formatted(id, symbol, quantity, price, price, ttlSeconds)).post("/api/v1/orders").then().statusCode(201);
        GatewayTest.allow(id, symbol, "BUY");
    }

    private record Row(String cause, Instant firstFillAt, Instant terminalAt) {
    }

    private static Row row(String id) throws Exception {
        try (Connection db = GatewayTest.database();
                PreparedStatement ps = db.prepareStatement("SELECT status_cause, first_fill_at, terminal_at FROM orders WHERE client_order_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Row(rs.getString(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant());
            }
        }
    }
}
