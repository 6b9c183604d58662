package dev.orderflow.paper.api;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs requests the way Binance clients do: HMAC-SHA256 of the query string, X-MBX-APIKEY header. */
final class Signed {

    static final String KEY = "test-key";
    static final String SECRET = "test-secret";

    private Signed() {
    }

    static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed call with the test account; {@code query} without timestamp and signature. */
    static Response call(String method, String path, String query) {
        return call(KEY, SECRET, method, path, query);
    }

    static Response call(String key, String secret, String method, String path, String query) {
        String q = (query.isEmpty() ? "" : query + "&") + "timestamp=" + System.currentTimeMillis();
        String url = path + "?" + q + "&signature=" + sign(secret, q);
        return given().urlEncodingEnabled(false).header("X-MBX-APIKEY", key).request(method, url);
    }

    /** A signed POST with the parameters in a form body instead of the query string. */
    static Response postForm(String path, String form) {
        String body = form + "&timestamp=" + System.currentTimeMillis();
        body = body + "&signature=" + sign(SECRET, body);
        return given().header("X-MBX-APIKEY", KEY).contentType("application/x-www-form-urlencoded")
                .body(body).post(path);
    }
}
