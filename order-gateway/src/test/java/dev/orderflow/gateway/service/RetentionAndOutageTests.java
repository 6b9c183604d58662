package dev.orderflow.gateway.service;

import static dev.orderflow.gateway.support.GatewayTest.READER;
import static dev.orderflow.gateway.support.GatewayTest.TRADER;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static dev.orderflow.gateway.support.GatewayTest.limitOrder;
import static dev.orderflow.gateway.support.GatewayTest.metric;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class RetentionAndOutageTests {

    @Inject
    Sweeper sweeper;

    @Inject
    dev.orderflow.gateway.messaging.outbox.OutboxRelay relay;

    @Test
    void publishedOutboxRowsOlderThanTheRetentionArePurgedAndUnpublishedOnesNever() throws Exception {
        String insert = "INSERT INTO outbox (event_id, topic, msg_key, event_type, payload, headers, created_at, published_at) "
                + "VALUES (gen_random_uuid(), 'orders.events', 'BTCUSDT', 'ORDER_ACCEPTED', '{}', '{}', now() - interval '3 days', %s) "
                + "RETURNING id";
        relay.pause(); // so the unpublished row stays unpublished
        try (Connection db = GatewayTest.database()) {
            long oldPublished = insertedId(db, insert.formatted("now() - interval '2 days'"));
            long recentPublished = insertedId(db, insert.formatted("now() - interval '1 hour'"));
            long unpublished = insertedId(db, insert.formatted("NULL"));
            try {
                assertThat(sweeper.purgeOutbox()).isGreaterThanOrEqualTo(1);
                try (ResultSet rs = db.createStatement().executeQuery("SELECT id FROM outbox WHERE id IN ("
                        + oldPublished + "," + recentPublished + "," + unpublished + ") ORDER BY id")) {
                    List<Long> left = new ArrayList<>();
                    while (rs.next()) {
                        left.add(rs.getLong(1));
                    }
                    assertThat(left).containsExactly(recentPublished, unpublished);
                }
            } finally {
                db.createStatement().execute("DELETE FROM outbox WHERE id = " + unpublished);
                relay.resume();
            }
        }
    }

    private static long insertedId(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void terminalOrdersOlderThanTheRetentionArePurgedInBatchesAndOpenOnesNever() throws Exception {
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = coid("old" + i);
            old.add(id);
            as(TRADER).body(limitOrder(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then().statusCode(201);
            as(TRADER).delete("/api/v1/orders/{c}", id).then().statusCode(200);
        }
        String recent = coid("recent");
        as(TRADER).body(limitOrder(recent, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then().statusCode(201);
        as(TRADER).delete("/api/v1/orders/{c}", recent).then().statusCode(200);
        String open = coid("open");
        as(TRADER).body(limitOrder(open, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then().statusCode(201);
        try (Connection db = GatewayTest.database()) {
            db.createStatement().execute("UPDATE orders SET terminal_at = now() - interval '8 days', accepted_at = now() - interval '9 days' "
                    + "WHERE client_order_id IN (" + String.join(",", old.stream().map(i -> "'" + i + "'").toList()) + ")");
            db.createStatement().execute("UPDATE orders SET accepted_at = now() - interval '30 days' WHERE client_order_id = '" + open + "'");
        }
        double purgedBefore = metric("orderflow_coid_purged_total");
        int purged = sweeper.purge();
        assertThat(purged).isGreaterThanOrEqualTo(5); // batch size 2 in tests: several batches
        for (String id : old) {
            as(READER).get("/api/v1/orders/{c}", id).then().statusCode(404);
        }
        as(READER).get("/api/v1/orders/{c}", recent).then().statusCode(200);
        as(READER).get("/api/v1/orders/{c}", open).then().statusCode(200);
        assertThat(metric("orderflow_coid_purged_total") - purgedBefore).isGreaterThanOrEqualTo(5);
        try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            assertThat(metric("orderflow_coid_registry_size")).isEqualTo(rs.getLong(1));
        }
    }

    @Test
    void postgresDownIs503WithRetryAfterAndNeverA500() throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        Matcher m = Pattern.compile("jdbc:postgresql://([^/]+)/([^?]+)").matcher(url);
        assertThat(m.find()).isTrue();
        String database = m.group(2);
        String admin = "jdbc:postgresql://" + m.group(1) + "/postgres?user=postgres";
        try (Connection db = DriverManager.getConnection(admin)) {
            db.createStatement().execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            db.createStatement().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            try {
                for (int i = 0; i < 3; i++) {
                    as(TRADER).body(limitOrder(coid("pgdown"), "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then()
                            .statusCode(503).header("Retry-After", equalTo("2")).contentType("application/problem+json")
                            .body("type", endsWith("/database-unavailable")).body(not(containsString("Exception")));
                }
                as(READER).get("/api/v1/orders").then().statusCode(503).header("Retry-After", equalTo("2"));
            } finally {
                db.createStatement().execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(TRADER)
                .body(limitOrder(coid("pgback"), "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then().statusCode(201));
    }
}
