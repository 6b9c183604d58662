package dev.orderflow.gateway.service;

import static dev.orderflow.gateway.support.GatewayTest.TRADER;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static dev.orderflow.gateway.support.GatewayTest.limitOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;

import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PassThroughProfile;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(PassThroughProfile.class)
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class PassThroughTests {

    @Test
    void masterSwitchOffIsThePassThroughPathAnnouncedLoudlyAtStartUp() throws Exception {
        String log = Files.readString(Path.of(PassThroughProfile.LOG_FILE));
        assertThat(log).contains("ERROR").contains("ORDER GATEWAY IN PASS-THROUGH MODE (ENABLE_ORDER_FLOW_HARDENING=false)");

        TestTokens.as(TestTokens.MONITORING).get("/q/flags").then().statusCode(200);
        // no guards: an entry goes straight to the exchange; no replay semantics: a reused COID is 409
        String id = coid("pass");
        String body = limitOrder(id, "SOLUSDT", "BUY", "ENTRY", "0.1", "170");
        Long leaseBefore = leaseToken("SOLUSDT");
        as(TRADER).body(body).post("/api/v1/orders").then().statusCode(201);
        as(TRADER).body(body).post("/api/v1/orders").then().statusCode(409).body("type", endsWith("/coid-in-use"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "FILLED".equals(GatewayTest.status(id)));
        assertThat(PaperVenue.ordersAtExchange("SOLUSDT", id)).hasSize(1);
        assertThat(path(id)).doesNotContain("PENDING_GUARDS");
        // no symbol lock: the lease was not taken and nobody waited for it
        assertThat(leaseToken("SOLUSDT")).isEqualTo(leaseBefore);
        assertThat(GatewayTest.metric("orderflow_symbol_lock_wait_seconds_count")).isZero();
        // no consolidated exits: an exit without a position is not capped or refused
        String exit = coid("pass-exit");
        as(TRADER).body(limitOrder(exit, "ETHUSDT", "SELL", "EXIT", "0.01", "9000")).post("/api/v1/orders").then().statusCode(201);
    }

    private static Long leaseToken(String symbol) throws Exception {
        try (var db = GatewayTest.database(); var rs = db.createStatement().executeQuery(
                "SELECT token FROM symbol_lease WHERE symbol = '" + symbol + "'")) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private static String path(String id) throws Exception {
        try (var db = GatewayTest.database(); var rs = db.createStatement().executeQuery(
                "SELECT string_agg(to_status, ' ' ORDER BY id) FROM order_transition WHERE client_order_id = '" + id + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

}
