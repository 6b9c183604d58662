package dev.orderflow.gateway.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.gateway.domain.SymbolFilters;
import dev.orderflow.platform.exchange.ExchangeConfig;
import dev.orderflow.platform.exchange.Signer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Binance spot REST: exchangeInfo, new order, query, cancel, trades and the user data stream key.
 * Signed requests carry X-MBX-APIKEY and an HMAC-SHA256 signature of the query; neither the key nor
 * the secret nor the signature is ever logged. Each answer is classified into an {@link ExchangeResult}.
 */
@ApplicationScoped
public class BinanceSpotClient {

    private static final Logger LOG = Logger.getLogger(BinanceSpotClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExchangeConfig config;
    private final ExchangeHttp http;

    public BinanceSpotClient(ExchangeConfig config, ExchangeHttp http) {
        this.config = config;
        this.http = http;
    }

    public String venue() {
        return config.venue();
    }

    public ExchangeInfo exchangeInfo() {
        ExchangeHttp.Answer response = send("GET", "/api/v3/exchangeInfo", Map.of(), false);
        if (response.status() != 200) {
            throw new ExchangeUnavailableException("exchangeInfo answered HTTP " + response.status(), null);
        }
        try {
            return parseExchangeInfo(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new ExchangeUnavailableException("exchangeInfo unreadable", e);
        }
    }

    static ExchangeInfo parseExchangeInfo(JsonNode root) {
        Map<String, SymbolFilters> symbols = new HashMap<>();
        for (JsonNode s : root.path("symbols")) {
            BigDecimal minPrice = null, maxPrice = null, tick = null, minQty = null, maxQty = null, step = null, minNotional = null;
            boolean applyToMarket = true;
            for (JsonNode f : s.path("filters")) {
                switch (f.path("filterType").asText()) {
                    case "PRICE_FILTER" -> {
                        minPrice = decimal(f, "minPrice");
                        maxPrice = decimal(f, "maxPrice");
                        tick = decimal(f, "tickSize");
                    }
                    case "LOT_SIZE" -> {
                        minQty = decimal(f, "minQty");
                        maxQty = decimal(f, "maxQty");
                        step = decimal(f, "stepSize");
                    }
                    case "MIN_NOTIONAL" -> {
                        minNotional = decimal(f, "minNotional");
                        applyToMarket = !f.has("applyToMarket") || f.path("applyToMarket").asBoolean();
                    }
                    case "NOTIONAL" -> {
                        minNotional = decimal(f, "minNotional");
                        applyToMarket = !f.has("applyMinToMarket") || f.path("applyMinToMarket").asBoolean();
                    }
                    default -> {
                    }
                }
            }
            String symbol = s.path("symbol").asText();
            symbols.put(symbol, new SymbolFilters(symbol, s.path("status").asText("TRADING"), minPrice, maxPrice, tick,
                    minQty, maxQty, step, minNotional, applyToMarket));
        }
        List<ExchangeInfo.RateLimit> limits = new ArrayList<>();
        for (JsonNode l : root.path("rateLimits")) {
            Duration unit = switch (l.path("interval").asText()) {
                case "SECOND" -> Duration.ofSeconds(1);
                case "MINUTE" -> Duration.ofMinutes(1);
                case "HOUR" -> Duration.ofHours(1);
                case "DAY" -> Duration.ofDays(1);
                default -> Duration.ofMinutes(1);
            };
            limits.add(new ExchangeInfo.RateLimit(l.path("rateLimitType").asText(),
                    unit.multipliedBy(Math.max(1, l.path("intervalNum").asInt(1))), l.path("limit").asLong()));
        }
        return new ExchangeInfo(Map.copyOf(symbols), List.copyOf(limits));
    }

    /** Best bid and best ask of a symbol. */
    public record BookTouch(BigDecimal bid, BigDecimal ask) {
    }

    /** {@code GET /api/v3/ticker/bookTicker}: the best bid and ask; empty on an answer other than 200. */
    public Optional<BookTouch> bookTicker(String symbol) {
        ExchangeHttp.Answer response = send("GET", "/api/v3/ticker/bookTicker", Map.of("symbol", symbol), false);
        if (response.status() != 200) {
            return Optional.empty();
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            return Optional.of(new BookTouch(decimal(body, "bidPrice"), decimal(body, "askPrice")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Places an order with newClientOrderId = the COID and asks for the FULL response (fills included). */
    public ExchangeResult placeOrder(Map<String, String> parameters) {
        Map<String, String> params = new LinkedHashMap<>(parameters);
        params.put("newOrderRespType", "FULL");
        return signed("POST", "/api/v3/order", params, true);
    }

    /** Queries an order by its client order id. */
    public ExchangeResult queryOrder(String symbol, String clientOrderId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        params.put("origClientOrderId", clientOrderId);
        return signed("GET", "/api/v3/order", params, false);
    }

    public ExchangeResult cancelOrder(String symbol, String clientOrderId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        params.put("origClientOrderId", clientOrderId);
        return signed("DELETE", "/api/v3/order", params, false);
    }

    /** The trades of one order (polling fallback for fills). */
    public List<ExchangeOrder.Trade> trades(String symbol, String exchangeOrderId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        params.put("orderId", exchangeOrderId);
        ExchangeHttp.Answer response = send("GET", "/api/v3/myTrades", params, true);
        if (response.status() != 200) {
            throw new ExchangeUnavailableException("myTrades failed: HTTP " + response.status(), null);
        }
        try {
            List<ExchangeOrder.Trade> trades = new ArrayList<>();
            for (JsonNode t : JSON.readTree(response.body())) {
                trades.add(new ExchangeOrder.Trade(t.path("id").asText(), decimal(t, "price"), decimal(t, "qty"),
                        decimal(t, "commission"), textOrNull(t, "commissionAsset"), millis(t, "time")));
            }
            return trades;
        } catch (IOException e) {
            throw new ExchangeUnavailableException("myTrades unreadable", e);
        }
    }

    /** Opens a user data stream; returns its listen key. */
    public String startUserDataStream() {
        ExchangeHttp.Answer response = send("POST", "/api/v3/userDataStream", Map.of(), false);
        if (response.status() != 200) {
            throw new ExchangeUnavailableException("userDataStream failed", null);
        }
        try {
            return JSON.readTree(response.body()).path("listenKey").asText();
        } catch (IOException e) {
            throw new ExchangeUnavailableException("userDataStream unreadable", e);
        }
    }

    public void keepAliveUserDataStream(String listenKey) {
        send("PUT", "/api/v3/userDataStream", Map.of("listenKey", listenKey), false);
    }

    private ExchangeResult signed(String method, String path, Map<String, String> params, boolean placement) {
        try {
            return classify(http.send(method, url(path, params, true), headers()));
        } catch (ExchangeHttp.NotSentException e) {
            return new ExchangeResult.NotSent(e.getMessage());
        } catch (ExchangeHttp.NoAnswerException e) {
            return new ExchangeResult.Unknown(e.getMessage());
        }
    }

    static ExchangeResult classify(ExchangeHttp.Answer response) {
        int status = response.status();
        if (throttled(status)) {
            return new ExchangeResult.Throttled(status, retryAfterMs(response));
        }
        if (status >= 500) {
            return new ExchangeResult.Unknown("HTTP " + status);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            return status == 200 ? new ExchangeResult.Unknown("unreadable answer") : new ExchangeResult.Unknown("HTTP " + status + " unreadable");
        }
        if (status == 200) {
            return new ExchangeResult.Ok(parseOrder(body));
        }
        int code = body.path("code").asInt();
        String message = body.path("msg").asText();
        if (code == -1007) {
            return new ExchangeResult.Unknown("-1007 " + message);
        }
        if (code == -2013 || code == -2011 && message.toLowerCase().contains("unknown order")) {
            return new ExchangeResult.NotFound(code + " " + message);
        }
        return new ExchangeResult.Rejected(status, code, message);
    }

    private static boolean throttled(int status) {
        return status == 429 || status == 418;
    }

    private static long retryAfterMs(ExchangeHttp.Answer response) {
        long retryAfterMs = response.status() == 418 ? 60_000L : 1_000L;
        if (response.retryAfter() != null) {
            try {
                retryAfterMs = Long.parseLong(response.retryAfter().trim()) * 1000;
            } catch (NumberFormatException e) {
                retryAfterMs = 1000L;
            }
        }
        return retryAfterMs;
    }

    /** Reads an order from an order endpoint answer. */
    static ExchangeOrder parseOrder(JsonNode o) {
        List<ExchangeOrder.Trade> trades = new ArrayList<>();
        Instant at = o.has("transactTime") ? millis(o, "transactTime") : o.has("updateTime") ? millis(o, "updateTime") : Instant.now();
        for (JsonNode f : o.path("fills")) {
            trades.add(new ExchangeOrder.Trade(f.path("tradeId").asText(), decimal(f, "price"), decimal(f, "qty"),
                    decimal(f, "commission"), textOrNull(f, "commissionAsset"), at));
        }
        return new ExchangeOrder(o.path("symbol").asText(), o.path("orderId").asText(),
                o.has("clientOrderId") ? o.path("clientOrderId").asText() : o.path("origClientOrderId").asText(),
                o.path("status").asText(), decimal(o, "origQty"), decimal(o, "executedQty"), trades, at);
    }

    /** Requests other than the order endpoints; a 429/418 is thrown as {@link ExchangeThrottledException}. */
    private ExchangeHttp.Answer send(String method, String path, Map<String, String> params, boolean signed) {
        ExchangeHttp.Answer answer;
        try {
            answer = http.send(method, url(path, params, signed), headers());
        } catch (ExchangeHttp.NotSentException e) {
            throw new ExchangeUnavailableException("exchange unreachable at " + config.baseUrl() + ": " + e.getMessage(), e);
        } catch (ExchangeHttp.NoAnswerException e) {
            throw new ExchangeUnavailableException(method + " " + path + " failed: " + e.getMessage(), e);
        }
        if (throttled(answer.status())) {
            throw new ExchangeThrottledException(method + " " + path + " answered HTTP " + answer.status(), answer.status(),
                    retryAfterMs(answer));
        }
        return answer;
    }

    private Map<String, String> headers() {
        return config.apiKey().map(key -> Map.of("X-MBX-APIKEY", key)).orElse(Map.of());
    }

    private String url(String path, Map<String, String> params, boolean signed) {
        Map<String, String> all = new LinkedHashMap<>(params);
        String query;
        if (signed) {
            all.put("recvWindow", String.valueOf(config.recvWindowMs()));
            all.put("timestamp", String.valueOf(System.currentTimeMillis()));
            String unsigned = encode(all);
            Signer signer = new Signer(config.apiSecret().orElseThrow(
                    () -> new ExchangeUnavailableException("exchange.api-secret is not configured", null)));
            query = unsigned + "&signature=" + signer.sign(unsigned);
        } else {
            query = encode(all);
        }
        return config.baseUrl() + path + (query.isEmpty() ? "" : "?" + query);
    }

    private static String encode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            return null;
        }
        return new BigDecimal(value.asText()).stripTrailingZeros();
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant millis(JsonNode node, String field) {
        return Instant.ofEpochMilli(node.path(field).asLong(System.currentTimeMillis()));
    }

    @Override
    public String toString() {
        return "BinanceSpotClient[" + config.baseUrl() + "]";
    }

    static {
        LOG.debug("Binance spot client loaded");
    }
}
