package dev.orderflow.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.venue.binance.Signer;
import dev.orderflow.testing.PaperExchangeResource;
import dev.orderflow.testing.TestTokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real paper exchange for the gateway's tests (one process for the whole module), with limits
 * high enough that only the RATE_LIMIT fault produces 429s, plus helpers that look at the venue
 * with the test account (allOrders) and inject faults through its admin API.
 */
public class PaperVenue extends PaperExchangeResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = TestTokens.bearer(TestTokens.EXCHANGE_ADMIN);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    public void init(Map<String, String> initArgs) {
        super.init(Map.of("paper.rate-limits.request-weight-per-minute", "1000000",
                "paper.rate-limits.orders-per-10s", "100000", "paper.rate-limits.orders-per-day", "10000000",
                "paper.refresh-interval", "200ms"));
    }

    /** Every order the venue holds for this symbol and client order id (test account). */
    public static List<JsonNode> ordersAtExchange(String symbol, String clientOrderId) {
        String query = "symbol=" + symbol + "&limit=1000&timestamp=" + System.currentTimeMillis();
        String signed = query + "&signature=" + new Signer(API_SECRET).sign(query);
        JsonNode all = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v3/allOrders?" + signed))
                .header("X-MBX-APIKEY", API_KEY).GET().build(), 200);
        List<JsonNode> out = new ArrayList<>();
        all.forEach(o -> {
            if (clientOrderId.equals(o.path("clientOrderId").asText())) {
                out.add(o);
            }
        });
        return out;
    }

    /** What the test account holds of an asset at the venue, free and locked. */
    public static BigDecimal balance(String asset) {
        String query = "timestamp=" + System.currentTimeMillis();
        String signed = query + "&signature=" + new Signer(API_SECRET).sign(query);
        JsonNode account = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v3/account?" + signed))
                .header("X-MBX-APIKEY", API_KEY).GET().build(), 200);
        for (JsonNode b : account.path("balances")) {
            if (asset.equals(b.path("asset").asText())) {
                return new BigDecimal(b.path("free").asText()).add(new BigDecimal(b.path("locked").asText()));
            }
        }
        return BigDecimal.ZERO;
    }

    /** Places an order directly at the venue with the test account (as a client other than the gateway would). */
    public static JsonNode placeDirectly(String symbol, String side, String quantity, String price, String clientOrderId) {
        String query = "symbol=" + symbol + "&side=" + side + "&type=LIMIT&timeInForce=GTC&quantity=" + quantity + "&price=" + price
                + "&newClientOrderId=" + clientOrderId + "&newOrderRespType=FULL&timestamp=" + System.currentTimeMillis();
        String signed = query + "&signature=" + new Signer(API_SECRET).sign(query);
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v3/order?" + signed))
                .header("X-MBX-APIKEY", API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(), 200);
    }

    /** Adds a fault, e.g. {@code {"type":"DROP_RESPONSE","symbol":"SOLUSDT","times":1}}; returns its id. */
    public static String fault(String json) {
        return send(HttpRequest.newBuilder(URI.create(adminUrl() + "/faults")).header("Authorization", ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), 201).path("id").asText();
    }

    /** Removes every fault and forgets rate-limit counts and bans. */
    public static void resetFaults() {
        send(HttpRequest.newBuilder(URI.create(adminUrl() + "/faults")).header("Authorization", ADMIN).DELETE().build(), 200);
    }

    /** The venue's best ask of a symbol right now. */
    public static BigDecimal bestAsk(String symbol) {
        return new BigDecimal(send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v3/ticker/bookTicker?symbol=" + symbol)).GET()
                .build(), 200).path("askPrice").asText());
    }

    /** Moves a symbol's mid price now. */
    public static void moveMid(String symbol, String price) {
        send(HttpRequest.newBuilder(URI.create(adminUrl() + "/market/" + symbol + "/mid")).header("Authorization", ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"price\":\"" + price + "\"}")).build(), 200);
    }

    private static JsonNode send(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
