package dev.orderflow.gateway.service;

import static dev.orderflow.gateway.support.GatewayTest.OPERATOR;
import static dev.orderflow.gateway.support.GatewayTest.TRADER;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static dev.orderflow.gateway.support.GatewayTest.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.orderflow.gateway.api.OrderResource;
import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.testing.KafkaAndPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * New orders that arrive while the intake writers are busy share the next transaction. A trigger on
 * the orders table holds each writer in its transaction for 2 s (orders of strategy "hold"), so
 * that the orders sent meanwhile queue up and are written together, or fails the insert of one order
 * (strategy "poisoned") as Postgres refusing that order would, or as a database shutting down would
 * (strategy "shutdown").
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class IntakeCommitsTests {

    private final ExecutorService clients = Executors.newFixedThreadPool(16);

    @BeforeEach
    void installHook() throws Exception {
        try (Connection db = GatewayTest.database()) {
            db.createStatement().execute("""
                    CREATE OR REPLACE FUNCTION intake_test_hook() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.strategy_id = 'hold' THEN PERFORM pg_sleep(2); END IF;
                        IF NEW.strategy_id = 'poisoned' THEN RAISE EXCEPTION 'order % refused by the database', NEW.client_order_id; END IF;
                        IF NEW.strategy_id = 'shutdown' THEN RAISE EXCEPTION 'the database is shutting down' USING ERRCODE = 'admin_shutdown'; END IF;
                        RETURN NEW;
                    END $$""");
            db.createStatement().execute("CREATE TRIGGER intake_test_hook BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION intake_test_hook()");
        }
    }

    @AfterEach
    void removeHook() throws Exception {
        clients.shutdownNow();
        try (Connection db = GatewayTest.database()) {
            db.createStatement().execute("DROP TRIGGER IF EXISTS intake_test_hook ON orders");
            db.createStatement().execute("DROP FUNCTION IF EXISTS intake_test_hook()");
        }
        as(OPERATOR).body("{\"state\":\"ACTIVE\"}").put("/api/v1/trading-state").then().statusCode(200);
    }

    @Test
    void ordersArrivingWhileTheWritersAreBusyShareOneTransactionEachWithItsOwnHistory() throws Exception {
        List<Future<Response>> holds = holdEveryWriter();
        Map<String, Future<Response>> sent = sendEntries("group", 10);
        List<String> ids = List.copyOf(sent.keySet());
        for (Future<Response> answer : sent.values()) {
            answer.get().then().statusCode(201).body("status", equalTo("PENDING_GUARDS"));
        }
        assertWritten(holds);
        try (Connection db = GatewayTest.database()) {
            // transition rows are never updated: their xmin is the transaction that wrote them
            assertThat(count(db, "SELECT count(DISTINCT xmin::text) FROM order_transition WHERE client_order_id = ANY(?) "
                    + "AND to_status = 'ACCEPTED'", ids))
                    .as("transactions that wrote the ten orders").isEqualTo(1);
            assertThat(count(db, "SELECT count(*) FROM order_transition WHERE client_order_id = ANY(?) AND to_status = 'ACCEPTED'", ids))
                    .isEqualTo(10);
            assertThat(count(db, "SELECT count(*) FROM order_transition WHERE client_order_id = ANY(?) AND to_status = 'PENDING_GUARDS'", ids))
                    .isEqualTo(10);
            assertThat(count(db, "SELECT count(*) FROM outbox WHERE event_type = 'ORDER_INTENT' AND payload->>'clientOrderId' = ANY(?)", ids))
                    .isEqualTo(10);
        }
        assertThat(metric("orderflow_intake_orders_per_commit_max")).isGreaterThanOrEqualTo(10);
    }

    @Test
    void anOrderTheDatabaseRefusesFailsAloneAndTheOthersOfItsTransactionAreWritten() throws Exception {
        double rewritten = metric("orderflow_intake_commits_rewritten_total");
        List<Future<Response>> holds = holdEveryWriter();
        String poisoned = coid("poisoned");
        Future<Response> refused = post(order(poisoned, "BTCUSDT", "BUY", "ENTRY", "0.01", "poisoned"));
        Map<String, Future<Response>> sent = sendEntries("healthy", 8);
        List<String> ids = List.copyOf(sent.keySet());
        refused.get().then().statusCode(503).header("Retry-After", equalTo("2")).body("type", endsWith("/database-unavailable"));
        for (Future<Response> answer : sent.values()) {
            answer.get().then().statusCode(201);
        }
        assertWritten(holds);
        try (Connection db = GatewayTest.database()) {
            assertThat(count(db, "SELECT count(*) FROM orders WHERE client_order_id = ANY(?)", List.of(poisoned))).isZero();
            assertThat(count(db, "SELECT count(*) FROM orders WHERE client_order_id = ANY(?)", ids)).isEqualTo(8);
            assertThat(count(db, "SELECT count(*) FROM order_transition WHERE client_order_id = ANY(?) AND to_status = 'ACCEPTED'", ids))
                    .isEqualTo(8);
        }
        assertThat(metric("orderflow_intake_commits_rewritten_total")).isEqualTo(rewritten + 1);
        // the refused order can be sent again once the database takes it
        try (Connection db = GatewayTest.database()) {
            db.createStatement().execute("DROP TRIGGER intake_test_hook ON orders");
        }
        as(TRADER).body(order(poisoned, "BTCUSDT", "BUY", "ENTRY", "0.01", "poisoned")).post("/api/v1/orders").then().statusCode(201);
    }

    @Test
    void aTransactionFailedByAnUnavailableDatabaseFailsAllItsOrdersAtOnceAndTheyCanBeSentAgain() throws Exception {
        double rewritten = metric("orderflow_intake_commits_rewritten_total");
        List<Future<Response>> holds = holdEveryWriter();
        String failing = coid("shutdown");
        Future<Response> first = post(order(failing, "BTCUSDT", "BUY", "ENTRY", "0.01", "shutdown"));
        Map<String, Future<Response>> sent = sendEntries("caught", 5);
        List<String> ids = List.copyOf(sent.keySet());
        first.get().then().statusCode(503).header("Retry-After", equalTo("2"));
        for (Future<Response> answer : sent.values()) {
            answer.get().then().statusCode(503).header("Retry-After", equalTo("2")).body("type", endsWith("/database-unavailable"));
        }
        assertWritten(holds);
        assertThat(metric("orderflow_intake_commits_rewritten_total")).as("not written again one by one").isEqualTo(rewritten);
        try (Connection db = GatewayTest.database()) {
            assertThat(count(db, "SELECT count(*) FROM orders WHERE client_order_id = ANY(?)", ids)).isZero();
        }
        for (String id : ids) {
            as(TRADER).body(order(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "s1")).post("/api/v1/orders").then().statusCode(201);
        }
    }

    @jakarta.inject.Inject
    IntakeCommits intake;

    @Test
    void anErrorInASharedTransactionFailsItsOrdersWithoutWritingThemAgain() throws Exception {
        double rewritten = metric("orderflow_intake_commits_rewritten_total");
        List<Future<Response>> holds = holdEveryWriter();
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        IntakeCommits.NewOrderWork exhausted = state -> {
            attempts.incrementAndGet();
            throw new OutOfMemoryError("Java heap space");
        };
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String key = "BTCUSDT/" + coid("oom");
            writes.add(clients.submit(() -> intake.write(key, exhausted)));
        }
        for (Future<?> write : writes) {
            // the caller's thread throws the Error itself, not a wrapper a handler could take for a failed order
            org.assertj.core.api.Assertions.assertThatThrownBy(write::get).isInstanceOf(java.util.concurrent.ExecutionException.class)
                    .cause().isInstanceOf(OutOfMemoryError.class);
        }
        assertWritten(holds);
        // the three shared one transaction, which failed at the first Error; none was prepared again on its own
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(metric("orderflow_intake_commits_rewritten_total")).isEqualTo(rewritten);
    }

    @Test
    void twoExitsOfOneSymbolInOneTransactionNeverSellMoreThanThePosition() throws Exception {
        GatewayTest.holdPosition("SOLUSDT", "1.0");
        List<Future<Response>> holds = holdEveryWriter();
        String first = coid("exit-a");
        String second = coid("exit-b");
        Future<Response> a = post(order(first, "SOLUSDT", "SELL", "EXIT", "0.7", "s1"));
        Future<Response> b = post(order(second, "SOLUSDT", "SELL", "EXIT", "0.7", "s1"));
        a.get().then().statusCode(201);
        b.get().then().statusCode(201);
        assertWritten(holds);
        try (Connection db = GatewayTest.database()) {
            assertThat(count(db, "SELECT count(DISTINCT xmin::text) FROM order_transition WHERE client_order_id = ANY(?) "
                    + "AND to_status = 'ACCEPTED'", List.of(first, second)))
                    .as("transactions that wrote both exits").isEqualTo(1);
        }
        // written in the order of their client order ids: the first takes 0.7, the second what is left
        a.get().then().body("quantity", equalTo("0.7"));
        b.get().then().body("quantity", equalTo("0.3")).body("statusCause", org.hamcrest.Matchers.containsString("capped"));
    }

    @Test
    void aReplayIsAnsweredFromTheStoredOrderWhateverWouldRefuseANewOrderNow() {
        String id = coid("replayed");
        String body = order(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "s1");
        as(TRADER).body(body).post("/api/v1/orders").then().statusCode(201);
        as(OPERATOR).body("{\"state\":\"HALTED\"}").put("/api/v1/trading-state").then().statusCode(200);
        as(TRADER).body(body).post("/api/v1/orders").then().statusCode(200)
                .header(OrderResource.REPLAYED_HEADER, equalTo("true")).body("clientOrderId", equalTo(id));
        as(TRADER).body(order(coid("new"), "BTCUSDT", "BUY", "ENTRY", "0.01", "s1")).post("/api/v1/orders").then()
                .statusCode(409).body("type", endsWith("/trading-state"));
        // a known id with other terms is still a conflict, not a replay
        as(TRADER).body(order(id, "BTCUSDT", "BUY", "ENTRY", "0.02", "s1")).post("/api/v1/orders").then().statusCode(422)
                .body("type", endsWith("/coid-conflict"));
    }

    /** One order per intake writer, each holding its writer in its transaction for 2 s; returns once all are held. */
    private List<Future<Response>> holdEveryWriter() throws Exception {
        int writers = ConfigProvider.getConfig().getOptionalValue("gateway.intake.writers", Integer.class).orElse(2);
        List<Future<Response>> holds = new ArrayList<>();
        for (int i = 1; i <= writers; i++) {
            holds.add(post(order(coid("hold"), "BTCUSDT", "BUY", "ENTRY", "0.01", "hold")));
            int held = i;
            // the next one is sent once this one is in its writer's transaction, so that it goes to another writer
            await().atMost(Duration.ofSeconds(10)).until(() -> heldWriters() == held);
        }
        return holds;
    }

    private static int heldWriters() throws Exception {
        try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep' "
                        + "AND query LIKE 'INSERT INTO orders%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void assertWritten(List<Future<Response>> holds) throws Exception {
        for (Future<Response> hold : holds) {
            hold.get().then().statusCode(201);
        }
    }

    /** Sends {@code count} BTCUSDT entries at once; their answers to come, by client order id in the order sent. */
    private Map<String, Future<Response>> sendEntries(String prefix, int count) {
        Map<String, Future<Response>> sent = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String id = coid(prefix);
            sent.put(id, post(order(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "s1")));
        }
        return sent;
    }

    private Future<Response> post(String body) {
        return clients.submit(() -> as(TRADER).body(body).post("/api/v1/orders"));
    }

    private static String order(String coid, String symbol, String side, String intent, String quantity, String strategy) {
        String price = Map.of("BTCUSDT", "50000", "ETHUSDT", "3000", "SOLUSDT", "150").get(symbol);
        return """
                {"clientOrderId":"%s","symbol":"%s","side":"%s","type":"LIMIT","quantity":"%s","price":"%s",
                 "timeInForce":"GTC","intent":"%s","referencePrice":"%s","strategyId":"%s"}
                """.formatted(coid, symbol, side, quantity, price, intent, price, strategy);
    }

    private static int count(Connection db, String sql, List<String> ids) throws Exception {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setArray(1, db.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
