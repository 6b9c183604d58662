package dev.orderflow.reconciler.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.platform.exchange.Signer;
import dev.orderflow.platform.exchange.ExchangeConfig;
import dev.orderflow.reconciler.domain.ExchangeOrder;
import dev.orderflow.reconciler.domain.ExchangeTrade;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The three Binance spot calls reconciliation needs: {@code GET /api/v3/openOrders},
 * {@code GET /api/v3/order} by {@code origClientOrderId} and {@code GET /api/v3/myTrades}. Requests
 * are signed with HMAC-SHA256; the key, the secret and signatures are never logged or put in messages.
 */
@ApplicationScoped
public class BinanceSpotClient {

    /** Binance: "Order does not exist." */
    public static final int ORDER_DOES_NOT_EXIST = -2013;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExchangeConfig config;
    private final HttpClient http;

    public BinanceSpotClient(ExchangeConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Every open order of the account. */
    public List<ExchangeOrder> openOrders() {
        JsonNode answer = signedGet("/api/v3/openOrders", new LinkedHashMap<>(), false);
        List<ExchangeOrder> orders = new ArrayList<>();
        answer.forEach(node -> orders.add(order(node)));
        return orders;
    }

    /** The order with this client order id, or empty when the exchange answers -2013. */
    public Optional<ExchangeOrder> order(String symbol, String clientOrderId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        params.put("origClientOrderId", clientOrderId);
        JsonNode answer = signedGet("/api/v3/order", params, true);
        return answer == null ? Optional.empty() : Optional.of(order(answer));
    }

    /** The account's trades of one exchange order. */
    public List<ExchangeTrade> trades(String symbol, String exchangeOrderId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        params.put("orderId", exchangeOrderId);
        params.put("limit", "1000");
        JsonNode answer = signedGet("/api/v3/myTrades", params, false);
        List<ExchangeTrade> trades = new ArrayList<>();
        answer.forEach(t -> trades.add(new ExchangeTrade(t.path("id").asText(), t.path("orderId").asText(),
                t.path("symbol").asText(), decimal(t, "price"), decimal(t, "qty"), decimal(t, "commission"),
                t.path("commissionAsset").asText(null), Instant.ofEpochMilli(t.path("time").asLong()))));
        return trades;
    }

    private JsonNode signedGet(String path, Map<String, String> params, boolean notFoundIsEmpty) {
        String key = config.apiKey().orElseThrow(() -> new ExchangeUnavailableException("exchange.api-key is not set", null));
        String secret = config.apiSecret().orElseThrow(() -> new ExchangeUnavailableException("exchange.api-secret is not set", null));
        params.put("recvWindow", String.valueOf(config.recvWindowMs()));
        params.put("timestamp", String.valueOf(System.currentTimeMillis()));
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String signed = query + "&signature=" + new Signer(secret).sign(query);
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.baseUrl() + path + "?" + signed))
                .timeout(config.requestTimeout()).header("X-MBX-APIKEY", key).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ExchangeUnavailableException("exchange unreachable at " + config.baseUrl() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeUnavailableException("interrupted", e);
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status == 200 && body != null) {
            return body;
        }
        int code = body == null ? 0 : body.path("code").asInt(0);
        if (notFoundIsEmpty && status >= 400 && status < 500 && code == ORDER_DOES_NOT_EXIST) {
            return null;
        }
        String msg = body == null ? "" : body.path("msg").asText("");
        throw new ExchangeUnavailableException("GET " + path + " answered HTTP " + status
                + (code == 0 ? "" : " code " + code) + (msg.isEmpty() ? "" : ": " + msg), null);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static ExchangeOrder order(JsonNode o) {
        return new ExchangeOrder(o.path("orderId").asText(), o.path("clientOrderId").asText(null), o.path("symbol").asText(),
                enumOrNull(Side.class, o.path("side").asText()), enumOrNull(OrderType.class, o.path("type").asText()),
                decimal(o, "price"), decimal(o, "origQty"), decimal(o, "executedQty"), o.path("status").asText(),
                o.hasNonNull("time") ? Instant.ofEpochMilli(o.path("time").asLong()) : null,
                o.hasNonNull("updateTime") ? Instant.ofEpochMilli(o.path("updateTime").asLong()) : null);
    }

    private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        String text = node.path(field).asText(null);
        return text == null || text.isEmpty() ? null : new BigDecimal(text);
    }

    @Override
    public String toString() {
        return "BinanceSpotClient[" + config.baseUrl() + "]";
    }
}
