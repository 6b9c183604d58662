package dev.orderflow.paper.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each injectable fault, over real HTTP and the real WebSocket, counted at /q/metrics. */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class FaultInjectionTests {

    @AfterEach
    void reset() {
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).delete("/admin/faults").then().statusCode(200);
    }

    private static String addFault(String json) {
        return TestTokens.as(TestTokens.EXCHANGE_ADMIN).contentType("application/json").body(json).post("/admin/faults").then().statusCode(201)
                .extract().path("id");
    }

    private static String coid(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    private static String restingBuy(String coid) {
        return "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000&newClientOrderId=" + coid;
    }

    @Test
    void faultsAreListedCountedAndResetInOneCall() {
        addFault("{\"type\":\"LATENCY\",\"params\":{\"minMs\":1,\"maxMs\":2}}");
        addFault("{\"type\":\"FROZEN_BOOK\",\"symbol\":\"SOLUSDT\"}");
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).get("/admin/faults").then().statusCode(200).body("faults", hasSize(2))
                .body("faults.type", org.hamcrest.Matchers.hasItems("LATENCY", "FROZEN_BOOK"));
        given().get("/api/v3/ping").then().statusCode(200);
        TestTokens.as(TestTokens.MONITORING).get("/q/metrics").then().body(containsString("orderflow_paper_faults_injected_total{"))
                .body(containsString("fault=\"LATENCY\""));
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).delete("/admin/faults").then().statusCode(200).body("removed", equalTo(2));
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).get("/admin/faults").then().body("faults", hasSize(0));
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).contentType("application/json").body("{\"type\":\"NOPE\"}").post("/admin/faults").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("type"));
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).contentType("application/json").body("{\"type\":\"LATENCY\",\"probability\":2}").post("/admin/faults")
                .then().statusCode(400).body("errors[0].field", equalTo("probability"));
    }

    @Test
    void latencyDelaysResponses() {
        addFault("{\"type\":\"LATENCY\",\"params\":{\"minMs\":300,\"maxMs\":400}}");
        long start = System.nanoTime();
        given().get("/api/v3/time").then().statusCode(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void faultsApplyPerSymbol() {
        addFault("{\"type\":\"SERVER_ERROR\",\"symbol\":\"ETHUSDT\",\"params\":{\"status\":503}}");
        given().get("/api/v3/depth?symbol=ETHUSDT").then().statusCode(503).body("code", equalTo(-1001));
        given().get("/api/v3/depth?symbol=BTCUSDT").then().statusCode(200);
    }

    @Test
    void serverErrorRateThenRecovery() {
        addFault("{\"type\":\"SERVER_ERROR\",\"times\":2}");
        given().get("/api/v3/ping").then().statusCode(500).body("code", equalTo(-1000));
        Signed.call("POST", "/api/v3/order", restingBuy(coid("e5xx"))).then().statusCode(500);
        given().get("/api/v3/ping").then().statusCode(200);
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).get("/admin/faults").then().body("faults", hasSize(0)).body("injected.SERVER_ERROR", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
    }

    @Test
    void dropResponseLeavesTheOrderInPlace() throws Exception {
        addFault("{\"type\":\"DROP_RESPONSE\",\"times\":1,\"params\":{\"holdMs\":3000}}");
        String coid = coid("drop");
        String q = restingBuy(coid) + "&timestamp=" + System.currentTimeMillis();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/v3/order?" + q
                + "&signature=" + Signed.sign(Signed.SECRET, q))).header("X-MBX-APIKEY", Signed.KEY)
                .timeout(Duration.ofMillis(800)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("expected no answer, got " + response.statusCode());
        } catch (HttpTimeoutException expected) {
            // the client times out
        }
        Signed.call("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=" + coid).then().statusCode(200)
                .body("status", equalTo("NEW"));
    }

    @Test
    void timeoutAfterAcceptIs1007AndTheOrderExists() {
        addFault("{\"type\":\"TIMEOUT_AFTER_ACCEPT\",\"times\":1}");
        String coid = coid("t1007");
        Signed.call("POST", "/api/v3/order", restingBuy(coid)).then().statusCode(503).body("code", equalTo(-1007))
                .body("msg", equalTo("Timeout waiting for response from backend server. Send status unknown; execution status unknown."));
        Signed.call("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=" + coid).then().statusCode(200)
                .body("status", equalTo("NEW"));
    }

    @Test
    void partialFillsOnly() {
        addFault("{\"type\":\"PARTIAL_FILLS\",\"symbol\":\"ETHUSDT\",\"params\":{\"fraction\":0.5}}");
        Signed.call("POST", "/api/v3/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.2").then().statusCode(200)
                .body("status", equalTo("EXPIRED")).body("executedQty", equalTo("0.10000000"));
        Signed.call("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.002").then().statusCode(200)
                .body("status", equalTo("FILLED"));
        TestTokens.as(TestTokens.MONITORING).get("/q/metrics").then().body(org.hamcrest.Matchers.matchesRegex(
                "(?s).*orderflow_paper_faults_injected_total\\{[^}]*fault=\"PARTIAL_FILLS\"[^}]*symbol=\"ETHUSDT\".*"));
    }

    @Test
    void frozenBookStopsMoving() {
        addFault("{\"type\":\"FROZEN_BOOK\",\"symbol\":\"SOLUSDT\"}");
        long sol = given().get("/api/v3/depth?symbol=SOLUSDT").then().extract().jsonPath().getLong("lastUpdateId");
        long btc = given().get("/api/v3/depth?symbol=BTCUSDT").then().extract().jsonPath().getLong("lastUpdateId");
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).post("/admin/market/tick").then().statusCode(204);
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).post("/admin/market/tick").then().statusCode(204);
        assertThat(given().get("/api/v3/depth?symbol=SOLUSDT").then().extract().jsonPath().getLong("lastUpdateId")).isEqualTo(sol);
        assertThat(given().get("/api/v3/depth?symbol=BTCUSDT").then().extract().jsonPath().getLong("lastUpdateId")).isGreaterThan(btc);
        TestTokens.as(TestTokens.MONITORING).get("/q/metrics").then().body(containsString("fault=\"FROZEN_BOOK\""));
    }

    @Test
    void duplicatedExecutionReports() throws Exception {
        try (UserStream stream = new UserStream()) {
            addFault("{\"type\":\"REPORT_DUPLICATE\",\"symbol\":\"BTCUSDT\"}");
            String coid = coid("dupr");
            Signed.call("POST", "/api/v3/order", restingBuy(coid)).then().statusCode(200);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stream.reports(coid).size() == 2);
            List<JsonNode> reports = stream.reports(coid);
            assertThat(reports.get(0)).isEqualTo(reports.get(1));
            assertThat(reports.get(0).get("x").asText()).isEqualTo("NEW");
        }
    }

    @Test
    void delayedExecutionReports() throws Exception {
        try (UserStream stream = new UserStream()) {
            addFault("{\"type\":\"REPORT_DELAY\",\"params\":{\"delayMs\":1500}}");
            String coid = coid("delay");
            long sent = System.currentTimeMillis();
            Signed.call("POST", "/api/v3/order", restingBuy(coid)).then().statusCode(200);
            Thread.sleep(700);
            assertThat(stream.reports(coid)).isEmpty();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stream.reports(coid).size() == 1);
            assertThat(System.currentTimeMillis() - sent).isGreaterThanOrEqualTo(1500);
        }
    }

    @Test
    void outOfOrderExecutionReports() throws Exception {
        try (UserStream stream = new UserStream()) {
            String coid = coid("reorder");
            Signed.call("POST", "/api/v3/order", restingBuy(coid)).then().statusCode(200);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stream.reports(coid).size() == 1);
            addFault("{\"type\":\"REPORT_REORDER\",\"times\":1}");
            Signed.call("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=" + coid).then().statusCode(200);
            String other = coid("other");
            Signed.call("POST", "/api/v3/order", restingBuy(other)).then().statusCode(200);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stream.reports(coid).size() == 2
                    && stream.reports(other).size() == 1);
            List<String> order = stream.events.stream().filter(e -> "executionReport".equals(e.path("e").asText()))
                    .map(e -> e.path("x").asText() + ":" + e.path("i").asLong()).toList();
            int canceled = indexOf(order, "CANCELED");
            int newOther = order.lastIndexOf(order.stream().filter(s -> s.startsWith("NEW")).reduce((a, b) -> b).orElseThrow());
            assertThat(newOther).as("the later report arrives first: " + order).isLessThan(canceled);
        }
    }

    private static int indexOf(List<String> items, String prefix) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void anAdminBodyOfTheWrongShapeIsAProblemNamingTheField() {
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).contentType("application/json").body("[\"LATENCY\"]").post("/admin/faults").then()
                .statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body("type", equalTo("https://orderflow.dev/problems/malformed-request"));
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).contentType("application/json").body("{\"type\":\"LATENCY\",\"times\":\"often\"}")
                .post("/admin/faults").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("times"));
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).get("/admin/faults").then().statusCode(200).body("faults", hasSize(0));
    }

    @Test
    void aMidPriceBeyondADoubleIsRefused() {
        for (String price : new String[] { "1e309", "1e-400" }) {
            TestTokens.as(TestTokens.EXCHANGE_ADMIN).contentType("application/json").body("{\"price\":\"" + price + "\"}")
                    .post("/admin/market/BTCUSDT/mid").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("price"));
        }
    }
}
