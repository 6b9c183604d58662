package dev.orderflow.reconciler.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.venue.binance.Signer;
import dev.orderflow.testing.PaperExchangeResource;
import dev.orderflow.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Places and cancels orders directly at the paper exchange with the test account, and injects faults. */
public final class PaperVenue {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PaperVenue() {
    }

    /** A resting limit buy far below the market: stays NEW. */
    public static JsonNode restingBuy(String coid) {
        return signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000"
                + "&newClientOrderId=" + coid + "&newOrderRespType=FULL");
    }

    /** A market buy that fills at once, with its fills. */
    public static JsonNode marketBuy(String coid, String quantity) {
        return signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=" + quantity
                + "&newClientOrderId=" + coid + "&newOrderRespType=FULL");
    }

    public static JsonNode cancel(String coid) {
        return signed("DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=" + coid);
    }

    /** Every request of the exchange API fails with this HTTP status until {@link #clearFaults()}. */
    public static void serverErrors(int status) {
        send(HttpRequest.newBuilder(URI.create(PaperExchangeResource.adminUrl() + "/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"SERVER_ERROR\",\"params\":{\"status\":" + status + "}}")), 201);
    }

    public static void clearFaults() {
        send(HttpRequest.newBuilder(URI.create(PaperExchangeResource.adminUrl() + "/faults")).DELETE(), 200);
    }

    private static JsonNode signed(String method, String path, String params) {
        String query = params + "&timestamp=" + System.currentTimeMillis();
        String signature = new Signer(PaperExchangeResource.API_SECRET).sign(query);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(PaperExchangeResource.baseUrl() + path + "?" + query
                + "&signature=" + signature)).header("X-MBX-APIKEY", PaperExchangeResource.API_KEY)
                .method(method, HttpRequest.BodyPublishers.noBody());
        return send(request, 200);
    }

    private static JsonNode send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = HTTP.send(request.header("Authorization", TestTokens.bearer(TestTokens.EXCHANGE_ADMIN)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError("paper exchange answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("paper exchange unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
