package dev.orderflow.guards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.testing.PaperExchangeResource;
import dev.orderflow.testing.TestTokens;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The paper exchange's admin API and public book, over real HTTP. */
public final class PaperAdmin {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private PaperAdmin() {
    }

    /** Adds a fault; answers its id. */
    public static String addFault(String type, String symbol, String paramsJson) {
        String body = "{\"type\":\"" + type + "\",\"symbol\":\"" + symbol + "\"" + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}";
        JsonNode created = send(HttpRequest.newBuilder(URI.create(PaperExchangeResource.adminUrl() + "/faults"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), 201);
        return created.get("id").asText();
    }

    public static void removeFault(String id) {
        send(HttpRequest.newBuilder(URI.create(PaperExchangeResource.adminUrl() + "/faults/" + id)).DELETE(), 204);
    }

    /** How often a fault was applied. */
    public static long faultHits(String id) {
        JsonNode faults = send(HttpRequest.newBuilder(URI.create(PaperExchangeResource.adminUrl() + "/faults")).GET(), 200);
        for (JsonNode fault : faults.get("faults")) {
            if (fault.get("id").asText().equals(id)) {
                return fault.get("hits").asLong();
            }
        }
        throw new AssertionError("no fault " + id + " in " + faults);
    }

    /** Total quantity on one side of the exchange's book right now. */
    public static BigDecimal sideQuantity(String symbol, String side) {
        JsonNode book = send(HttpRequest.newBuilder(URI.create(PaperExchangeResource.baseUrl() + "/api/v3/depth?symbol=" + symbol + "&limit=100")).GET(), 200);
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode level : book.get(side)) {
            total = total.add(new BigDecimal(level.get(1).asText()));
        }
        return total;
    }

    /** The exchange's current price (mid floored to the tick) of a symbol. */
    public static BigDecimal price(String symbol) {
        JsonNode price = send(HttpRequest.newBuilder(URI.create(PaperExchangeResource.baseUrl() + "/api/v3/ticker/price?symbol=" + symbol)).GET(), 200);
        return new BigDecimal(price.get("price").asText());
    }

    private static JsonNode send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = HTTP.send(request.header("Authorization", TestTokens.bearer(TestTokens.EXCHANGE_ADMIN)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError("paper exchange answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
