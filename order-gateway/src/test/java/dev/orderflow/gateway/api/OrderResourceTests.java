package dev.orderflow.gateway.api;

import static dev.orderflow.gateway.support.GatewayTest.OPERATOR;
import static dev.orderflow.gateway.support.GatewayTest.READER;
import static dev.orderflow.gateway.support.GatewayTest.TRADER;
import static dev.orderflow.gateway.support.GatewayTest.as;
import static dev.orderflow.gateway.support.GatewayTest.coid;
import static dev.orderflow.gateway.support.GatewayTest.limitOrder;
import static dev.orderflow.gateway.support.GatewayTest.metric;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.orderflow.contracts.events.CoidDuplicate;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.OrderIntent;
import dev.orderflow.contracts.topics.Topics;
import dev.orderflow.gateway.support.PaperVenue;
import dev.orderflow.gateway.support.GatewayTest;
import dev.orderflow.testing.EventRecorder;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import static org.awaitility.Awaitility.await;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@WithTestResource(PaperVenue.class)
class OrderResourceTests {

    @AfterEach
    void activeAgain() {
        as(OPERATOR).body("{\"state\":\"ACTIVE\",\"reason\":\"test\"}").put("/api/v1/trading-state").then().statusCode(200);
    }

    @Test
    void newOrderIs201WithLocationAndAReplayIs200FromTheStoredOrderPublishedAsCoidDuplicate() {
        String id = coid("new");
        String body = limitOrder(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000.00");
        try (EventRecorder events = GatewayTest.recorder(Topics.ORDER_EVENTS)) {
            as(TRADER).header("Idempotency-Key", id).body(body).post("/api/v1/orders").then()
                    .statusCode(201)
                    .header("Location", endsWith("/api/v1/orders/" + id))
                    .header(OrderResource.REPLAYED_HEADER, nullValue())
                    .body("clientOrderId", equalTo(id))
                    .body("quantity", equalTo("0.01"))
                    .body("status", equalTo("PENDING_GUARDS"));

            // same terms spelled differently (number instead of string, trailing zeros): still the same order
            String respelled = body.replace("\"quantity\":\"0.01\"", "\"quantity\":0.0100");
            as(TRADER).body(respelled).post("/api/v1/orders").then()
                    .statusCode(200)
                    .header(OrderResource.REPLAYED_HEADER, "true")
                    .body("clientOrderId", equalTo(id))
                    .body("replayCount", equalTo(1));

            var seen = events.awaitEvent(e -> e.type() == EventType.COID_DUPLICATE && id.equals(e.subject()), Duration.ofSeconds(20));
            CoidDuplicate duplicate = (CoidDuplicate) seen.getLast().data();
            assertThat(duplicate.replayCount()).isEqualTo(1);
            assertThat(seen).anyMatch(e -> e.type() == EventType.ORDER_ACCEPTED && id.equals(e.subject()));
        }
    }

    @Test
    void requestsAreCountedByOutcome() {
        double accepted = metric("orderflow_orders_received_total", "outcome=\"accepted\"");
        double duplicate = metric("orderflow_orders_received_total", "outcome=\"duplicate\"");
        double rejected = metric("orderflow_orders_received_total", "outcome=\"rejected\"");
        double replays = metric("orderflow_coid_replays_total");
        String id = coid("count");
        String body = limitOrder(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000");
        as(TRADER).body(body).post("/api/v1/orders").then().statusCode(201);
        as(TRADER).body(body).post("/api/v1/orders").then().statusCode(200);
        as(TRADER).body(limitOrder(coid("count"), "BTCUSDT", "BUY", "ENTRY", "0.00001", "50000")).post("/api/v1/orders")
                .then().statusCode(422);
        assertThat(metric("orderflow_orders_received_total", "outcome=\"accepted\"") - accepted).isGreaterThanOrEqualTo(1);
        assertThat(metric("orderflow_orders_received_total", "outcome=\"duplicate\"") - duplicate).isGreaterThanOrEqualTo(1);
        assertThat(metric("orderflow_orders_received_total", "outcome=\"rejected\"") - rejected).isGreaterThanOrEqualTo(1);
        assertThat(metric("orderflow_coid_replays_total") - replays).as("a replay is counted as a replay").isGreaterThanOrEqualTo(1);
        assertThat(TestTokens.as(TestTokens.MONITORING).get("/q/metrics").then().extract().asString()).as("the alert's duplicates are the reconciler's, not replays")
                .doesNotContain("orderflow_coid_duplicates_total");
    }

    @Test
    void sameCoidWithDifferentTermsIs422() {
        String id = coid("diff");
        as(TRADER).body(limitOrder(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then().statusCode(201);
        as(TRADER).body(limitOrder(id, "BTCUSDT", "BUY", "ENTRY", "0.02", "50000")).post("/api/v1/orders").then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/coid-conflict"))
                .body("coid", equalTo(id))
                .body("errors.field", hasItem("clientOrderId"));
    }

    @Test
    void idempotencyKeyMustEqualTheClientOrderId() {
        String id = coid("key");
        as(TRADER).header("Idempotency-Key", "other").body(limitOrder(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000"))
                .post("/api/v1/orders").then().statusCode(422).body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void hundredParallelIdenticalRequestsMakeExactlyOneOrder() throws Exception {
        String id = coid("storm");
        String body = limitOrder(id, "ETHUSDT", "BUY", "ENTRY", "0.5", "3000.00");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<Integer>> answers = new ArrayList<>();
        // the guards answer as soon as the order exists, while the storm goes on
        Thread guards = Thread.ofVirtual().start(() -> {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                        "SELECT count(*) FROM orders WHERE client_order_id = '" + id + "'")) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            });
            GatewayTest.allow(id, "ETHUSDT", "BUY");
        });
        try {
            for (int i = 0; i < 100; i++) {
                Callable<Integer> call = () -> as(TRADER).body(body).post("/api/v1/orders").statusCode();
                answers.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(99);
        } finally {
            pool.shutdownNow();
        }
        try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT count(*), (SELECT count(*) FROM order_replay WHERE client_order_id = '" + id + "'), (SELECT count(*) FROM outbox WHERE event_type = 'ORDER_ACCEPTED' "
                        + "AND payload->>'clientOrderId' = '" + id + "'), (SELECT count(*) FROM outbox WHERE event_type = 'ORDER_INTENT' "
                        + "AND payload->>'clientOrderId' = '" + id + "'), (SELECT count(*) FROM outbox WHERE event_type = 'COID_DUPLICATE' "
                        + "AND payload->>'clientOrderId' = '" + id + "') FROM orders WHERE client_order_id = '" + id + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("orders").isEqualTo(1);
            assertThat(rs.getInt(2)).as("replays counted").isEqualTo(99);
            assertThat(rs.getInt(3)).as("ORDER_ACCEPTED events").isEqualTo(1);
            assertThat(rs.getInt(4)).as("intents to the guards").isEqualTo(1);
            assertThat(rs.getInt(5)).as("COID_DUPLICATE events").isEqualTo(99);
        }
        // the guards allowed it: exactly one order reaches the paper exchange
        guards.join();
        await().atMost(Duration.ofSeconds(60)).until(() -> List.of("ACKNOWLEDGED", "PARTIALLY_FILLED", "FILLED")
                .contains(GatewayTest.status(id)));
        for (int i = 0; i < 10; i++) {
            as(TRADER).body(body).post("/api/v1/orders").then().statusCode(200); // replays after submission send nothing
        }
        assertThat(PaperVenue.ordersAtExchange("ETHUSDT", id)).hasSize(1);
    }

    /**
     * A replay is a read plus a row of its own: it is answered while another transaction holds the
     * order's row (a transition being recorded), and replays of one order do not queue on that lock.
     */
    @Test
    void aReplayIsAnsweredWhileTheOrdersRowIsLocked() throws Exception {
        String id = coid("locked");
        String body = limitOrder(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000");
        as(TRADER).body(body).post("/api/v1/orders").then().statusCode(201);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Connection holder = GatewayTest.database()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("SELECT 1 FROM orders WHERE client_order_id = '" + id + "' FOR UPDATE");
            List<Future<Response>> replays = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                replays.add(pool.submit(() -> as(TRADER).body(body).post("/api/v1/orders")));
            }
            List<Long> counts = new ArrayList<>();
            for (Future<Response> replay : replays) {
                Response answer = replay.get(10, TimeUnit.SECONDS); // the lock is still held: before, every replay waited for it
                assertThat(answer.statusCode()).isEqualTo(200);
                counts.add(answer.jsonPath().getLong("replayCount"));
            }
            assertThat(counts).allMatch(n -> n >= 1 && n <= 4); // replays at once need not see each other: none is lost
            holder.rollback();
        } finally {
            pool.shutdownNow();
        }
        as(TRADER).body(body).post("/api/v1/orders").then().statusCode(200).body("replayCount", equalTo(5));
        as(READER).get("/api/v1/orders/" + id).then().statusCode(200).body("replayCount", equalTo(5));
    }

    @Test
    void entryIntentGoesToTheGuardsOnOrdersIntents() {
        String id = coid("intent");
        try (EventRecorder intents = GatewayTest.recorder(Topics.ORDER_INTENTS)) {
            as(TRADER).body(limitOrder(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then().statusCode(201);
            var seen = intents.awaitEvent(e -> id.equals(e.subject()), Duration.ofSeconds(20));
            OrderIntent intent = (OrderIntent) seen.getLast().data();
            assertThat(intent.symbol()).isEqualTo("BTCUSDT");
            assertThat(intent.quantity()).isEqualByComparingTo("0.01");
        }
    }

    @Test
    void requestFieldsAreValidatedWithTheFieldNamed() {
        as(TRADER).body(limitOrder("bad coid!", "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then()
                .statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("clientOrderId"));
        as(TRADER).body("""
                {"clientOrderId":"m1","symbol":"BTCUSDT","side":"BUY","type":"LIMIT","quantity":"0.01","intent":"ENTRY"}
                """).post("/api/v1/orders").then().statusCode(422).body("errors.field", hasItem("price"));
    }

    @Test
    void exchangeSymbolFiltersAreCheckedBeforeAccepting() {
        as(TRADER).body(limitOrder(coid("tick"), "BTCUSDT", "BUY", "ENTRY", "0.01", "50000.005")).post("/api/v1/orders").then()
                .statusCode(422).body("errors.field", hasItem("price")).body("errors.message", hasItem(containsString("tick size")));
        as(TRADER).body(limitOrder(coid("step"), "BTCUSDT", "BUY", "ENTRY", "0.000015", "50000")).post("/api/v1/orders").then()
                .statusCode(422).body("errors.field", hasItem("quantity")).body("errors.message", hasItem(containsString("step size")));
        as(TRADER).body(limitOrder(coid("notional"), "BTCUSDT", "BUY", "ENTRY", "0.00001", "50000")).post("/api/v1/orders").then()
                .statusCode(422).body("errors.message", hasItem(containsString("minimum notional")));
        as(TRADER).body(limitOrder(coid("sym"), "DOGEUSDT", "BUY", "ENTRY", "10", "1")).post("/api/v1/orders").then()
                .statusCode(422).body("errors.field", hasItem("symbol")).body("detail", containsString("Unknown symbol"));
    }

    @Test
    void malformedJsonIs400ProblemWithoutInternals() {
        as(TRADER).body("{\"clientOrderId\": \"x\", ").post("/api/v1/orders").then()
                .statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body(org.hamcrest.Matchers.not(containsString("Exception")));
        as(TRADER).body("{\"clientOrderId\":\"x\",\"quantity\":\"lots\"}").post("/api/v1/orders").then()
                .statusCode(400).body("errors.field", hasItem("quantity"));
    }

    @Test
    void tokensAndScopesAreEnforced() {
        String body = limitOrder(coid("auth"), "BTCUSDT", "BUY", "ENTRY", "0.01", "50000");
        given().contentType("application/json").body(body).post("/api/v1/orders").then()
                .statusCode(401).header("WWW-Authenticate", containsString("Bearer")).contentType("application/problem+json");
        as("not-a-token").body(body).post("/api/v1/orders").then().statusCode(401);
        as(READER).body(body).post("/api/v1/orders").then().statusCode(403).body("detail", containsString("orders:write"));
        as(READER).get("/api/v1/orders").then().statusCode(200);
        as(TRADER).body("{\"state\":\"HALTED\"}").put("/api/v1/trading-state").then().statusCode(403);
    }

    @Test
    void ordersAreReadByCoidAndListedWithFiltersAndCursorPaging() {
        String prefix = coid("page");
        for (int i = 0; i < 5; i++) {
            as(TRADER).body(limitOrder(prefix + i, "ETHUSDT", "SELL", "ENTRY", "0.01", "3000")).post("/api/v1/orders").then().statusCode(201);
        }
        as(READER).get("/api/v1/orders/{coid}", prefix + "3").then().statusCode(200).body("side", equalTo("SELL"));
        as(READER).get("/api/v1/orders/{coid}", "does-not-exist").then().statusCode(404).contentType("application/problem+json");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = as(READER).queryParam("symbol", "ETHUSDT").queryParam("limit", 2).queryParam("since", "2020-01-01T00:00:00Z");
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/api/v1/orders");
            page.then().statusCode(200);
            seen.addAll(page.jsonPath().getList("orders.clientOrderId"));
            cursor = page.jsonPath().getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).contains(prefix + "0", prefix + "1", prefix + "2", prefix + "3", prefix + "4").doesNotHaveDuplicates();
        as(READER).queryParam("status", "NOPE").get("/api/v1/orders").then().statusCode(400).body("errors.field", hasItem("status"));
    }

    @Test
    void cancelBeforeSubmissionCancelsLocallyWithHistory() {
        String id = coid("cancel");
        as(TRADER).body(limitOrder(id, "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then().statusCode(201);
        as(TRADER).queryParam("reason", "strategy").delete("/api/v1/orders/{coid}", id).then()
                .statusCode(200).body("status", equalTo("CANCELED")).body("statusCause", containsString("strategy"));
        as(TRADER).delete("/api/v1/orders/{coid}", id).then().statusCode(409).body("type", endsWith("/order-final"));
    }

    @Test
    void tradingStateIsPersistedAndGatesEntriesAndExits() throws Exception {
        as(OPERATOR).body("{\"state\":\"REDUCING\",\"reason\":\"drawdown\"}").put("/api/v1/trading-state").then()
                .statusCode(200).body("state", equalTo("REDUCING"));
        as(READER).get("/api/v1/trading-state").then().body("state", equalTo("REDUCING")).body("reason", equalTo("drawdown"));
        as(TRADER).body(limitOrder(coid("red"), "BTCUSDT", "BUY", "ENTRY", "0.01", "50000")).post("/api/v1/orders").then()
                .statusCode(409).body("type", endsWith("/trading-state"));

        as(OPERATOR).body("{\"state\":\"HALTED\"}").put("/api/v1/trading-state").then().statusCode(200);
        try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery("SELECT state FROM trading_state")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("HALTED");
        }
        as(TRADER).body(limitOrder(coid("halt"), "BTCUSDT", "SELL", "EXIT", "0.01", "50000")).post("/api/v1/orders").then().statusCode(409);
        as(OPERATOR).body("{\"state\":\"SIDEWAYS\"}").put("/api/v1/trading-state").then().statusCode(400);
    }

    @Test
    void consolidatedExitsNeverSellMoreThanThePosition() throws Exception {
        GatewayTest.holdPosition("ETHUSDT", "1.0");
        String first = coid("exit-a");
        String second = coid("exit-b");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Response> a = pool.submit(() -> as(TRADER).body(limitOrder(first, "ETHUSDT", "SELL", "EXIT", "1.0", "9000")).post("/api/v1/orders"));
            Future<Response> b = pool.submit(() -> as(TRADER).body(limitOrder(second, "ETHUSDT", "SELL", "EXIT", "1.0", "9000")).post("/api/v1/orders"));
            List<Integer> statuses = List.of(a.get().statusCode(), b.get().statusCode());
            assertThat(statuses).containsExactlyInAnyOrder(201, 409);
            Response refused = a.get().statusCode() == 409 ? a.get() : b.get();
            refused.then().body("type", endsWith("/exit-covered"));
            String refusedId = a.get().statusCode() == 409 ? first : second;
            String placedId = a.get().statusCode() == 409 ? second : first;
            refused.then().body("detail", containsString(placedId + " (1)"));
            await().atMost(Duration.ofSeconds(20)).until(() -> "ACKNOWLEDGED".equals(GatewayTest.status(placedId)));
            assertThat(PaperVenue.ordersAtExchange("ETHUSDT", placedId)).hasSize(1);
            assertThat(PaperVenue.ordersAtExchange("ETHUSDT", refusedId)).isEmpty();
            as(TRADER).delete("/api/v1/orders/{coid}", placedId).then().statusCode(200);
        } finally {
            pool.shutdownNow();
        }
        // an exit bigger than what is left is capped to the position
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Connection db = GatewayTest.database(); ResultSet rs = db.createStatement().executeQuery(
                    "SELECT count(*) FROM orders WHERE symbol = 'ETHUSDT' AND intent = 'EXIT' AND terminal_at IS NULL")) {
                rs.next();
                return rs.getInt(1) == 0;
            }
        });
        String capped = coid("exit-c");
        as(TRADER).body(limitOrder(capped, "ETHUSDT", "SELL", "EXIT", "2.5", "9000")).post("/api/v1/orders").then()
                .statusCode(201).body("quantity", equalTo("1")).body("status", equalTo("ACCEPTED"))
                .body("statusCause", containsString("capped"));
        as(READER).get("/api/v1/positions").then().statusCode(200).body("find { it.symbol == 'ETHUSDT' }.quantity", equalTo("1"));
    }

    @Test
    void exitsDoNotWaitForGuards() {
        try (Connection db = GatewayTest.database()) {
            db.createStatement().execute("INSERT INTO positions (symbol, quantity, updated_at) VALUES ('BTCUSDT', 5, now()) "
                    + "ON CONFLICT (symbol) DO UPDATE SET quantity = 5");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        as(TRADER).body(limitOrder(coid("exit"), "BTCUSDT", "SELL", "EXIT", "0.01", "50000")).post("/api/v1/orders").then()
                .statusCode(201).body("status", equalTo("ACCEPTED")).body("exchangeOrderId", nullValue())
                .body("acceptedAt", notNullValue());
    }

    @Test
    void openApiDocumentsTheOrderApi() {
        TestTokens.as(TestTokens.MONITORING).accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/orders"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/trading-state"));
    }

    @Test
    void anIdNoOrderCanHaveIsNotFoundRatherThanAnOutage() {
        for (String method : List.of("GET", "DELETE")) {
            as(TRADER).urlEncodingEnabled(false).request(method, "/api/v1/orders/%00").then().statusCode(404)
                    .contentType("application/problem+json").body("type", endsWith("/order-not-found"));
        }
    }

    @Test
    void aValuePostgresCannotStoreIsABadRequestRatherThanAnOutage() {
        as(OPERATOR).body("{\"state\":\"ACTIVE\",\"reason\":\"a\\u0000b\"}").put("/api/v1/trading-state").then().statusCode(400)
                .contentType("application/problem+json").body("type", endsWith("/bad-value"));
        as(READER).get("/api/v1/trading-state").then().statusCode(200).body("reason", org.hamcrest.Matchers.not("a\u0000b"));
    }
}
