package dev.orderflow.paper.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class TradingApiTests {

    @BeforeEach
    void noFaults() {
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).delete("/admin/faults").then().statusCode(200);
    }

    static String coid() {
        return "t-" + UUID.randomUUID().toString().substring(0, 18);
    }

    @Test
    void publicEndpointsSpeakBinance() {
        given().get("/api/v3/ping").then().statusCode(200).body("isEmpty()", equalTo(true));
        given().get("/api/v3/time").then().statusCode(200).body("serverTime", notNullValue());
        JsonPath info = given().get("/api/v3/exchangeInfo").then().statusCode(200)
                .header("X-MBX-USED-WEIGHT-1M", notNullValue()).extract().jsonPath();
        assertThat(info.getList("symbols.symbol", String.class)).containsExactly("BTCUSDT", "ETHUSDT", "SOLUSDT");
        assertThat(info.getList("symbols[0].filters.filterType", String.class))
                .contains("PRICE_FILTER", "LOT_SIZE", "MIN_NOTIONAL", "NOTIONAL");
        assertThat(info.getList("rateLimits.rateLimitType", String.class)).contains("REQUEST_WEIGHT", "ORDERS");
        given().get("/api/v3/exchangeInfo?symbol=ETHUSDT").then().statusCode(200).body("symbols", hasSize(1));
        given().get("/api/v3/exchangeInfo?symbol=NOPE").then().statusCode(400).body("code", equalTo(-1121));

        JsonPath depth = given().get("/api/v3/depth?symbol=BTCUSDT&limit=5").then().statusCode(200).extract().jsonPath();
        assertThat(depth.getList("bids")).hasSize(5);
        assertThat(depth.getList("asks")).hasSize(5);
        BigDecimal bestBid = new BigDecimal(depth.getString("bids[0][0]"));
        BigDecimal bestAsk = new BigDecimal(depth.getString("asks[0][0]"));
        assertThat(bestAsk).isGreaterThan(bestBid);
        assertThat(new BigDecimal(depth.getString("bids[1][0]"))).isLessThan(bestBid);

        given().get("/api/v3/ticker/bookTicker?symbol=ETHUSDT").then().statusCode(200)
                .body("symbol", equalTo("ETHUSDT")).body("bidPrice", notNullValue()).body("askQty", notNullValue());
        given().get("/api/v3/ticker/bookTicker").then().statusCode(200).body("symbol", hasItem("SOLUSDT"));
        given().get("/api/v3/ticker/price?symbol=SOLUSDT").then().statusCode(200).body("price", notNullValue());
        given().get("/api/v3/ticker/price").then().statusCode(200).body("$", hasSize(3));
        given().get("/api/v3/depth").then().statusCode(400).body("code", equalTo(-1102));
    }

    @Test
    void marketOrderWalksTheBookWithVwapAndCommission() {
        JsonPath order = Signed.call("POST", "/api/v3/order",
                "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=2&newClientOrderId=" + coid())
                .then().statusCode(200).header("X-MBX-ORDER-COUNT-10S", notNullValue()).extract().jsonPath();
        assertThat(order.getString("status")).isEqualTo("FILLED");
        List<String> prices = order.getList("fills.price", String.class);
        assertThat(prices.size()).isGreaterThan(1);
        BigDecimal qty = BigDecimal.ZERO;
        BigDecimal quote = BigDecimal.ZERO;
        for (int i = 0; i < prices.size(); i++) {
            BigDecimal q = new BigDecimal(order.getString("fills[" + i + "].qty"));
            qty = qty.add(q);
            quote = quote.add(q.multiply(new BigDecimal(prices.get(i))));
            assertThat(order.getString("fills[" + i + "].commissionAsset")).isEqualTo("BTC");
        }
        assertThat(qty).isEqualByComparingTo("2");
        assertThat(new BigDecimal(order.getString("cummulativeQuoteQty"))).isEqualByComparingTo(quote.setScale(8, java.math.RoundingMode.HALF_UP));
        assertThat(new BigDecimal(prices.getLast())).isGreaterThan(new BigDecimal(prices.getFirst()));

        JsonPath byQuote = Signed.call("POST", "/api/v3/order",
                "symbol=ETHUSDT&side=BUY&type=MARKET&quoteOrderQty=1000&newOrderRespType=RESULT").then().statusCode(200)
                .extract().jsonPath();
        assertThat(byQuote.getString("status")).isEqualTo("FILLED");
        assertThat(new BigDecimal(byQuote.getString("cummulativeQuoteQty"))).isLessThanOrEqualTo(new BigDecimal("1000"))
                .isGreaterThan(new BigDecimal("999"));
        assertThat(byQuote.getMap("$")).doesNotContainKey("fills");
    }

    @Test
    void limitOrderLifecycleByClientOrderId() {
        String coid = coid();
        String place = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=30000&newClientOrderId=" + coid;
        Signed.call("POST", "/api/v3/order", place + "&newOrderRespType=ACK").then().statusCode(200)
                .body("clientOrderId", equalTo(coid)).body("orderId", notNullValue()).body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("status")));
        Signed.call("POST", "/api/v3/order", place).then().statusCode(400)
                .body("code", equalTo(-2010)).body("msg", equalTo("Duplicate order sent."));
        Signed.call("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=" + coid).then().statusCode(200)
                .body("status", equalTo("NEW")).body("price", equalTo("30000.00000000")).body("clientOrderId", equalTo(coid));
        Signed.call("GET", "/api/v3/openOrders", "symbol=BTCUSDT").then().statusCode(200).body("clientOrderId", hasItem(coid));
        Signed.call("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=" + coid).then().statusCode(200)
                .body("status", equalTo("CANCELED")).body("origClientOrderId", equalTo(coid));
        Signed.call("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=" + coid).then().statusCode(400)
                .body("code", equalTo(-2011)).body("msg", equalTo("Unknown order sent."));
        // A COID is unique among OPEN orders only: once canceled it can be used again.
        long second = Signed.call("POST", "/api/v3/order", place).then().statusCode(200).extract().jsonPath().getLong("orderId");
        Signed.call("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=" + coid).then().body("orderId", equalTo((int) second));
        Signed.call("DELETE", "/api/v3/order", "symbol=BTCUSDT&orderId=" + second).then().statusCode(200);
        Signed.call("GET", "/api/v3/allOrders", "symbol=BTCUSDT").then().statusCode(200)
                .body("findAll { it.clientOrderId == '" + coid + "' }.status", equalTo(List.of("CANCELED", "CANCELED")));
        Signed.call("POST", "/api/v3/order", "symbol=SOLUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=10").then().statusCode(200);
        Signed.call("POST", "/api/v3/order", "symbol=SOLUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=11").then().statusCode(200);
        Signed.call("DELETE", "/api/v3/openOrders", "symbol=SOLUSDT").then().statusCode(200)
                .body("status", equalTo(List.of("CANCELED", "CANCELED")));
        Signed.call("GET", "/api/v3/openOrders", "symbol=SOLUSDT").then().statusCode(200).body("$", hasSize(0));
        Signed.call("GET", "/api/v3/order", "symbol=BTCUSDT&orderId=999999999").then().statusCode(400)
                .body("code", equalTo(-2013)).body("msg", equalTo("Order does not exist."));
    }

    @Test
    void formBodyOrdersAndTimeInForce() {
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).contentType("application/json").body("{\"free\":\"100000000\"}")
                .put("/admin/accounts/test-key/balances/USDT").then().statusCode(200);
        Signed.postForm("/api/v3/order", "symbol=SOLUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=10&price=1")
                .then().statusCode(200).body("status", equalTo("EXPIRED")).body("executedQty", equalTo("0.00000000"));
        Signed.postForm("/api/v3/order", "symbol=SOLUSDT&side=BUY&type=LIMIT&timeInForce=FOK&quantity=100000&price=100000")
                .then().statusCode(400).body("code", equalTo(-1013));
        Signed.postForm("/api/v3/order", "symbol=SOLUSDT&side=BUY&type=LIMIT&timeInForce=FOK&quantity=8000&price=9000")
                .then().statusCode(200).body("status", equalTo("EXPIRED")).body("fills", hasSize(0));
        Signed.postForm("/api/v3/order", "symbol=SOLUSDT&side=BUY&type=LIMIT&timeInForce=FOK&quantity=1&price=9000")
                .then().statusCode(200).body("status", equalTo("FILLED"));
        Signed.postForm("/api/v3/order", "symbol=SOLUSDT&side=BUY&type=LIMIT_MAKER&quantity=1&price=9000")
                .then().statusCode(400).body("code", equalTo(-2010));
        Signed.postForm("/api/v3/order/test", "symbol=SOLUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=100")
                .then().statusCode(200).body("isEmpty()", equalTo(true));
    }

    @Test
    void userDataStreamListenKeysAndUnknownKeys() throws Exception {
        String key = given().header("X-MBX-APIKEY", Signed.KEY).post("/api/v3/userDataStream").then().statusCode(200)
                .extract().path("listenKey");
        assertThat(key).hasSize(60);
        given().header("X-MBX-APIKEY", Signed.KEY).post("/api/v3/userDataStream").then().body("listenKey", equalTo(key));
        given().header("X-MBX-APIKEY", Signed.KEY).put("/api/v3/userDataStream?listenKey=" + key).then().statusCode(200);
        given().header("X-MBX-APIKEY", "other-key").put("/api/v3/userDataStream?listenKey=" + key).then().statusCode(400)
                .body("code", equalTo(-1125));
        given().header("X-MBX-APIKEY", Signed.KEY).delete("/api/v3/userDataStream?listenKey=" + key).then().statusCode(200);
        given().header("X-MBX-APIKEY", Signed.KEY).put("/api/v3/userDataStream?listenKey=" + key).then().statusCode(400)
                .body("code", equalTo(-1125));
        given().post("/api/v3/userDataStream").then().statusCode(401).body("code", equalTo(-2014));

        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create("ws://localhost:" + io.restassured.RestAssured.port + "/ws/" + key),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket socket, int status, String reason) {
                                closed.complete(status);
                                return null;
                            }
                        }).get();
        assertThat(closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isPositive();
    }

    @Test
    void tradesAndAccountFollowFills() {
        JsonPath before = Signed.call("GET", "/api/v3/account", "").then().statusCode(200).extract().jsonPath();
        BigDecimal solBefore = new BigDecimal(before.getString("balances.find { it.asset == 'SOL' }.free"));
        long orderId = Signed.call("POST", "/api/v3/order", "symbol=SOLUSDT&side=SELL&type=MARKET&quantity=2")
                .then().statusCode(200).extract().jsonPath().getLong("orderId");
        JsonPath after = Signed.call("GET", "/api/v3/account", "omitZeroBalances=true").then().statusCode(200)
                .body("accountType", equalTo("SPOT")).body("commissionRates.taker", equalTo("0.00100000")).extract().jsonPath();
        assertThat(new BigDecimal(after.getString("balances.find { it.asset == 'SOL' }.free")))
                .isEqualByComparingTo(solBefore.subtract(new BigDecimal("2")));
        Signed.call("GET", "/api/v3/myTrades", "symbol=SOLUSDT&orderId=" + orderId).then().statusCode(200)
                .body("orderId", hasItem((int) orderId)).body("isBuyer", hasItem(false)).body("commissionAsset", hasItem("USDT"));
        Signed.call("other-key", "other-secret", "GET", "/api/v3/account", "").then().statusCode(200)
                .body("balances.find { it.asset == 'SOL' }.free", equalTo("1000.00000000"));
    }
}
