package dev.orderflow.paper.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every Binance error code the paper exchange produces, with its HTTP status, over real HTTP. */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class ErrorCodesTests {

    @AfterEach
    void reset() {
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).delete("/admin/faults").then().statusCode(200);
    }

    private static void expect(Response response, int status, int code, String msg) {
        response.then().statusCode(status).contentType("application/json").body("code", equalTo(code)).body("msg", equalTo(msg));
    }

    @Test
    void authenticationFailures() {
        expect(given().get("/api/v3/account?timestamp=1&signature=00"), 401, -2014, "API-key format invalid.");
        expect(Signed.call("nobody", "x", "GET", "/api/v3/account", ""), 401, -2015,
                "Invalid API-key, IP, or permissions for action.");
        expect(Signed.call(Signed.KEY, "wrong-secret", "GET", "/api/v3/account", ""), 400, -1022,
                "Signature for this request is not valid.");
        String old = "timestamp=" + (System.currentTimeMillis() - 10_000);
        expect(given().urlEncodingEnabled(false).header("X-MBX-APIKEY", Signed.KEY)
                .get("/api/v3/account?" + old + "&signature=" + Signed.sign(Signed.SECRET, old)), 400, -1021,
                "Timestamp for this request is outside of the recvWindow.");
        String ahead = "timestamp=" + (System.currentTimeMillis() + 5_000);
        expect(given().urlEncodingEnabled(false).header("X-MBX-APIKEY", Signed.KEY)
                .get("/api/v3/account?" + ahead + "&signature=" + Signed.sign(Signed.SECRET, ahead)), 400, -1021,
                "Timestamp for this request was 1000ms ahead of the server's time.");
        String wide = "recvWindow=60000&timestamp=" + (System.currentTimeMillis() - 10_000);
        given().urlEncodingEnabled(false).header("X-MBX-APIKEY", Signed.KEY)
                .get("/api/v3/account?" + wide + "&signature=" + Signed.sign(Signed.SECRET, wide)).then().statusCode(200);
        expect(Signed.call("GET", "/api/v3/account", "recvWindow=70000"), 400, -1131, "recvWindow must be less than 60000.");
        expect(given().header("X-MBX-APIKEY", Signed.KEY).get("/api/v3/account?timestamp=" + System.currentTimeMillis()),
                400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
        expect(given().header("X-MBX-APIKEY", Signed.KEY).get("/api/v3/account?signature=abc"),
                400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
    }

    @Test
    void parameterFailures() {
        expect(Signed.call("POST", "/api/v3/order", "side=BUY&type=MARKET&quantity=1"), 400, -1102,
                "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
        expect(Signed.call("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&price=100"), 400,
                -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
        expect(Signed.call("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1x"), 400, -1100,
                "Illegal characters found in parameter 'quantity'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.");
        expect(Signed.call("POST", "/api/v3/order", "symbol=BTCUSDT&side=UP&type=MARKET&quantity=1"), 400, -1117, "Invalid side.");
        expect(Signed.call("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=STOP&quantity=1"), 400, -1116, "Invalid orderType.");
        expect(Signed.call("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=DAY&quantity=1&price=1"),
                400, -1115, "Invalid timeInForce.");
        expect(Signed.call("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&timeInForce=GTC"), 400,
                -1106, "Parameter 'timeInForce' sent when not required.");
        expect(Signed.call("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1&quoteOrderQty=10"), 400,
                -1128, "Combination of optional parameters invalid.");
        expect(Signed.call("POST", "/api/v3/order", "symbol=DOGEUSDT&side=BUY&type=MARKET&quantity=1"), 400, -1121, "Invalid symbol.");
        expect(Signed.call("DELETE", "/api/v3/order", "symbol=BTCUSDT"), 400, -1102,
                "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    }

    @Test
    void orderRejections() {
        expect(Signed.call("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=100.001"),
                400, -1013, "Filter failure: PRICE_FILTER");
        expect(Signed.call("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.0000001&price=100"),
                400, -1013, "Filter failure: LOT_SIZE");
        expect(Signed.call("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=100"),
                400, -1013, "Filter failure: NOTIONAL");
        expect(Signed.call("other-key", "other-secret", "POST", "/api/v3/order",
                "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=5000&price=90000"),
                400, -2010, "Account has insufficient balance for requested action.");
        String coid = "dup-" + System.nanoTime();
        String place = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000&newClientOrderId=" + coid;
        Signed.call("POST", "/api/v3/order", place).then().statusCode(200);
        expect(Signed.call("POST", "/api/v3/order", place), 400, -2010, "Duplicate order sent.");
        expect(Signed.call("DELETE", "/api/v3/order", "symbol=BTCUSDT&orderId=424242424"), 400, -2011, "Unknown order sent.");
        expect(Signed.call("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=never-sent"), 400, -2013, "Order does not exist.");
        expect(given().header("X-MBX-APIKEY", Signed.KEY).put("/api/v3/userDataStream?listenKey=nope"), 400, -1125,
                "This listenKey does not exist.");
    }

    @Test
    void requestWeightOverTheLimitIs429WithRetryAfterThen418() {
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).contentType("application/json").body("{\"type\":\"RATE_LIMIT\",\"params\":{\"weightPerMinute\":20}}")
                .post("/admin/faults").then().statusCode(201);
        Response first429 = null;
        Response banned = null;
        int after429 = 0;
        for (int i = 0; i < 200 && banned == null; i++) {
            Response r = given().get("/api/v3/ping");
            if (r.statusCode() == 429 && first429 == null) {
                first429 = r;
            } else if (r.statusCode() == 429) {
                after429++;
            } else if (r.statusCode() == 418) {
                banned = r;
            }
        }
        assertThat(first429).as("a 429").isNotNull();
        first429.then().header("Retry-After", notNullValue()).body("code", equalTo(-1003));
        assertThat(first429.body().jsonPath().getString("msg")).startsWith("Too much request weight used; current limit is 20");
        assertThat(banned).as("a 418 after more requests").isNotNull();
        assertThat(after429).isEqualTo(5);
        banned.then().header("Retry-After", notNullValue()).body("code", equalTo(-1003));
        assertThat(banned.body().jsonPath().getString("msg")).startsWith("Way too much request weight used; IP banned until");
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).get("/admin/faults").then().body("injected.RATE_LIMIT", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).delete("/admin/faults").then().statusCode(200);
        given().get("/api/v3/ping").then().statusCode(200);
    }

    @Test
    void tooManyOrdersIs1015() {
        TestTokens.as(TestTokens.EXCHANGE_ADMIN).contentType("application/json").body("{\"type\":\"RATE_LIMIT\",\"params\":{\"ordersPer10s\":2}}")
                .post("/admin/faults").then().statusCode(201);
        int refused = 0;
        for (int i = 0; i < 4; i++) {
            Response r = Signed.call("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.001&price=20000");
            if (r.statusCode() == 429) {
                refused++;
                r.then().header("Retry-After", notNullValue()).body("code", equalTo(-1015));
            }
        }
        assertThat(refused).isBetween(1, 2);
    }
}
