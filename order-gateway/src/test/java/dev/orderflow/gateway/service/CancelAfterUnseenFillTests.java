package dev.orderflow.gateway.service;

import static dev.orderflow.gateway.support.GatewayTest.TRADER;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static dev.orderflow.gateway.support.GatewayTest.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An order that filled at the exchange while the gateway saw nothing of it (its execution reports held
 * back, the poll of open orders paused: what a gateway down at the time of the fill lives through) and is
 * then canceled, by the API or by its TTL. The exchange answers the cancel "unknown order" (-2011); the
 * order must end FILLED with its fills, never CANCELED.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class CancelAfterUnseenFillTests {

    private static final String SYMBOL = "ETHUSDT";

    @Inject
    Scheduler scheduler;

    private String poll;

    @BeforeEach
    void pauseThePollOfOpenOrders() {
        poll = scheduler.getScheduledJobs().stream().filter(t -> t.getMethodDescription().endsWith("#pollOpenOrders"))
                .findFirst().orElseThrow().getId();
    }

    @AfterEach
    void resume() {
        scheduler.resume(poll);
        PaperVenue.resetFaults();
    }

    @Test
    void anApiCancelOfAnOrderThatFilledUnseenRecordsTheFill() throws Exception {
        String id = coid("cxl-filled");
        BigDecimal price = restingBuy(id, null);
        fillUnseen(id, price);

        as(TRADER).delete("/api/v1/orders/{coid}", id).then().statusCode(200)
                .body("status", equalTo("FILLED")).body("executedQuantity", equalTo("0.01"));
        assertFilledWithItsFills(id);
    }

    @Test
    void aTtlCancelOfAnOrderThatFilledUnseenRecordsTheFill() throws Exception {
        String id = coid("ttl-filled");
        BigDecimal price = restingBuy(id, 12);
        fillUnseen(id, price);

        await().atMost(Duration.ofSeconds(30)).until(() -> GatewayTest.status(id).equals("FILLED") || GatewayTest.status(id).equals("CANCELED"));
        assertFilledWithItsFills(id);
    }

    /** A buy below the market, acknowledged and resting. */
    private static BigDecimal restingBuy(String id, Integer ttlSeconds) {
        BigDecimal price = PaperVenue.bestAsk(SYMBOL).multiply(new BigDecimal("0.98")).setScale(2, RoundingMode.DOWN);
        as(TRADER).body("""
                {"clientOrderId":"%s","symbol":"%s","side":"BUY","type":"LIMIT","quantity":"0.01","price":"%s",
                 "timeInForce":"GTC","intent":"ENTRY","referencePrice":"%s",%s"strategyId":"s1"}
                """.formatted(id, SYMBOL, price, price, ttlSeconds == null ? "" : "\"ttlSeconds\":" + ttlSeconds + ","))
                .post("/api/v1/orders").then().statusCode(201);
        GatewayTest.allow(id, SYMBOL, "BUY");
        await().atMost(Duration.ofSeconds(10)).until(() -> "ACKNOWLEDGED".equals(status(id)));
        return price;
    }

    /** The market moves through the order; no report of it and no poll reaches the gateway. */
    private void fillUnseen(String id, BigDecimal price) throws InterruptedException {
        scheduler.pause(poll);
        Thread.sleep(500); // a poll already under way finishes before the market moves
        PaperVenue.fault("{\"type\":\"REPORT_DELAY\",\"symbol\":\"" + SYMBOL + "\",\"params\":{\"delayMs\":60000}}");
        BigDecimal ask = PaperVenue.bestAsk(SYMBOL);
        PaperVenue.moveMid(SYMBOL, price.multiply(new BigDecimal("0.99")).setScale(2, RoundingMode.DOWN).toPlainString());
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                    "FILLED".equals(PaperVenue.ordersAtExchange(SYMBOL, id).getFirst().path("status").asText()));
        } finally {
            PaperVenue.moveMid(SYMBOL, ask.toPlainString());
        }
        assertThat(status(id)).as("the gateway has not seen the fill").isEqualTo("ACKNOWLEDGED");
    }

    private static void assertFilledWithItsFills(String id) throws Exception {
        assertThat(status(id)).isEqualTo("FILLED");
        try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT (SELECT coalesce(sum(quantity), 0) FROM fills WHERE client_order_id = '" + id + "'), "
                        + "(SELECT count(*) FROM order_transition WHERE client_order_id = '" + id + "' AND to_status = 'CANCELED')")) {
            rs.next();
            assertThat(rs.getBigDecimal(1)).as("fills recorded").isEqualByComparingTo("0.01");
            assertThat(rs.getInt(2)).as("transitions to CANCELED").isZero();
        }
    }
}
