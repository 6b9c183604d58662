package dev.orderflow.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.venue.DepthBook;
import dev.orderflow.venue.ExecutionReport;
import dev.orderflow.venue.OrderRequest;
import dev.orderflow.venue.SymbolRules;
import dev.orderflow.venue.VenueOrder;
import dev.orderflow.venue.VenueResult;
import dev.orderflow.venue.VenueRules;
import dev.orderflow.venue.VenueSettings;
import dev.orderflow.venue.VenueThrottledException;
import dev.orderflow.venue.VenueTrade;
import dev.orderflow.venue.VenueUnavailableException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * Binance spot REST on the wire: exchangeInfo, new order, query, cancel, open orders, trades, book
 * ticker, depth and the user data stream key. Signed requests carry {@code X-MBX-APIKEY}, {@code recvWindow},
 * {@code timestamp} and an HMAC-SHA256 signature of the query; neither the key nor the secret nor the
 * signature is ever logged. Answers come back in the port's terms. No limits are applied here: only
 * {@link dev.orderflow.venue.Venue} calls it, and that puts every request through its limiter.
 */
public final class BinanceSpotClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Request weights as Binance spot counts them. */
    public static final int PLACE_WEIGHT = 1;
    public static final int QUERY_WEIGHT = 4;
    public static final int CANCEL_WEIGHT = 1;
    public static final int TRADES_WEIGHT = 20;
    public static final int OPEN_ORDERS_WEIGHT = 80;
    public static final int ALL_ORDERS_WEIGHT = 20;
    /** Binance's largest page of {@code allOrders}. */
    public static final int ALL_ORDERS_PAGE = 1000;
    public static final int BOOK_TICKER_WEIGHT = 2;
    public static final int EXCHANGE_INFO_WEIGHT = 20;
    public static final int USER_DATA_STREAM_WEIGHT = 2;

    private final VenueSettings settings;
    private final VenueHttp http;
    private final IntConsumer usedWeight;
    private final Clock clock;

    /** @param usedWeight told the weight the venue says this IP used in the current minute, after every answer */
    public BinanceSpotClient(VenueSettings settings, VenueHttp http, IntConsumer usedWeight, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.usedWeight = usedWeight;
        this.clock = clock;
    }

    /** Binance's weight of a depth request: 5 up to 100 levels, 25 up to 500, 50 up to 1000, 250 above. */
    public static int depthWeight(int limit) {
        return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }

    public VenueRules exchangeInfo() {
        return parseExchangeInfo(read(send("GET", "/api/v3/exchangeInfo", Map.of(), false), "exchangeInfo"));
    }

    static VenueRules parseExchangeInfo(JsonNode root) {
        Map<String, SymbolRules> symbols = new HashMap<>();
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
            symbols.put(symbol, new SymbolRules(symbol, s.path("status").asText("TRADING"), text(s, "baseAsset"), text(s, "quoteAsset"),
                    minPrice, maxPrice, tick,
                    minQty, maxQty, step, minNotional, applyToMarket));
        }
        List<VenueRules.RateLimit> limits = new ArrayList<>();
        for (JsonNode l : root.path("rateLimits")) {
            Duration unit = switch (l.path("interval").asText()) {
                case "SECOND" -> Duration.ofSeconds(1);
                case "MINUTE" -> Duration.ofMinutes(1);
                case "HOUR" -> Duration.ofHours(1);
                case "DAY" -> Duration.ofDays(1);
                default -> Duration.ofMinutes(1);
            };
            limits.add(new VenueRules.RateLimit(l.path("rateLimitType").asText(),
                    unit.multipliedBy(Math.max(1, l.path("intervalNum").asInt(1))), l.path("limit").asLong()));
        }
        return new VenueRules(symbols, limits);
    }

    /** {@code GET /api/v3/ticker/bookTicker}: best bid and ask (either null when the book side is empty). */
    public Optional<BigDecimal[]> bookTicker(String symbol) {
        VenueHttp.Answer answer = send("GET", "/api/v3/ticker/bookTicker", Map.of("symbol", symbol), false);
        if (answer.status() != 200) {
            return Optional.empty();
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            return Optional.of(new BigDecimal[] {decimal(body, "bidPrice"), decimal(body, "askPrice")});
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code GET /api/v3/depth}; every failure is a {@link VenueUnavailableException} saying what happened. */
    public DepthBook depth(String symbol, int limit) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        params.put("limit", String.valueOf(limit));
        VenueHttp.Answer answer = send("GET", "/api/v3/depth", params, false);
        Instant received = clock.instant();
        if (answer.status() != 200) {
            throw new VenueUnavailableException("exchange answered HTTP " + answer.status() + errorText(answer.body()), null);
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new VenueUnavailableException("exchange answered something that is not JSON: " + abbreviate(answer.body()), null);
        }
        long updateId = body.path("lastUpdateId").asLong(-1);
        if (updateId < 0 || !body.path("bids").isArray() || !body.path("asks").isArray()) {
            throw new VenueUnavailableException("depth of " + symbol + " is not a book: " + abbreviate(body.toString()), null);
        }
        try {
            // Spot REST depth carries no time; some venues add the event (E) or transaction (T) time in ms.
            Instant time = body.has("E") ? Instant.ofEpochMilli(body.get("E").asLong())
                    : body.has("T") ? Instant.ofEpochMilli(body.get("T").asLong()) : received;
            return new DepthBook(symbol, levels(body.get("bids")), levels(body.get("asks")), time, updateId);
        } catch (RuntimeException e) {
            throw new VenueUnavailableException("depth of " + symbol + " has an invalid level: " + e.getMessage(), null);
        }
    }

    private static List<DepthBook.Level> levels(JsonNode side) {
        List<DepthBook.Level> levels = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            levels.add(new DepthBook.Level(new BigDecimal(level.get(0).asText()), new BigDecimal(level.get(1).asText())));
        }
        return levels;
    }

    /** Places an order with newClientOrderId = the COID and asks for the FULL response (fills included). */
    public VenueResult placeOrder(OrderRequest order) {
        return signed("POST", "/api/v3/order", wire(order));
    }

    /** The wire parameters of a new order. */
    static Map<String, String> wire(OrderRequest order) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", order.symbol());
        params.put("side", order.side().name());
        params.put("type", order.type().name());
        params.put("quantity", order.quantity().toPlainString());
        if (order.type() == OrderType.LIMIT) {
            params.put("price", order.price().toPlainString());
            params.put("timeInForce", order.timeInForce() == null ? "GTC" : order.timeInForce().name());
        }
        params.put("newClientOrderId", order.clientOrderId());
        params.put("newOrderRespType", "FULL");
        return params;
    }

    /** Queries an order by its client order id. */
    public VenueResult queryOrder(String symbol, String clientOrderId) {
        return signed("GET", "/api/v3/order", byClientOrderId(symbol, clientOrderId));
    }

    public VenueResult cancelOrder(String symbol, String clientOrderId) {
        return signed("DELETE", "/api/v3/order", byClientOrderId(symbol, clientOrderId));
    }

    private static Map<String, String> byClientOrderId(String symbol, String clientOrderId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        params.put("origClientOrderId", clientOrderId);
        return params;
    }

    /** Every open order of the account. */
    public List<VenueOrder> openOrders() {
        List<VenueOrder> orders = new ArrayList<>();
        read(send("GET", "/api/v3/openOrders", Map.of(), true), "openOrders").forEach(node -> orders.add(parseOrder(node)));
        return orders;
    }

    /**
     * One page of the account's orders in a symbol, oldest first: from {@code startTime} for the first page,
     * from {@code fromOrderId} (inclusive) for the next ones.
     */
    public List<VenueOrder> allOrders(String symbol, Instant startTime, Long fromOrderId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        if (fromOrderId == null) {
            params.put("startTime", String.valueOf(startTime.toEpochMilli()));
        } else {
            params.put("orderId", String.valueOf(fromOrderId));
        }
        params.put("limit", String.valueOf(ALL_ORDERS_PAGE));
        List<VenueOrder> orders = new ArrayList<>();
        read(send("GET", "/api/v3/allOrders", params, true), "allOrders").forEach(node -> orders.add(parseOrder(node)));
        return orders;
    }

    /** The account's trades of one order. */
    public List<VenueTrade> trades(String symbol, String exchangeOrderId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", symbol);
        params.put("orderId", exchangeOrderId);
        params.put("limit", "1000");
        List<VenueTrade> trades = new ArrayList<>();
        for (JsonNode t : read(send("GET", "/api/v3/myTrades", params, true), "myTrades")) {
            trades.add(new VenueTrade(t.path("id").asText(), t.path("orderId").asText(exchangeOrderId), t.path("symbol").asText(symbol),
                    decimal(t, "price"), decimal(t, "qty"), decimal(t, "commission"), textOrNull(t, "commissionAsset"),
                    millis(t, "time")));
        }
        return trades;
    }

    /** Opens a user data stream; returns its listen key. */
    public String startUserDataStream() {
        return read(send("POST", "/api/v3/userDataStream", Map.of(), false), "userDataStream").path("listenKey").asText();
    }

    public void keepAliveUserDataStream(String listenKey) {
        send("PUT", "/api/v3/userDataStream", Map.of("listenKey", listenKey), false);
    }

    /** The order requests: every outcome is a value. */
    private VenueResult signed(String method, String path, Map<String, String> params) {
        try {
            return classify(exchange(method, url(path, params, true)));
        } catch (VenueHttp.NotSentException e) {
            return new VenueResult.NotSent(e.getMessage());
        } catch (VenueHttp.NoAnswerException e) {
            return new VenueResult.Unknown(e.getMessage());
        }
    }

    static VenueResult classify(VenueHttp.Answer answer) {
        int status = answer.status();
        if (throttled(status)) {
            return new VenueResult.Throttled(status, retryAfterMs(answer));
        }
        if (status >= 500) {
            return new VenueResult.Unknown("HTTP " + status);
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            return status == 200 ? new VenueResult.Unknown("unreadable answer") : new VenueResult.Unknown("HTTP " + status + " unreadable");
        }
        if (status == 200) {
            return new VenueResult.Ok(parseOrder(body));
        }
        int code = body.path("code").asInt();
        String message = body.path("msg").asText();
        if (code == BinanceCodes.UNKNOWN_OUTCOME) {
            return new VenueResult.Unknown(code + " " + message);
        }
        if (BinanceCodes.orderNotFound(code, message)) {
            return new VenueResult.NotFound(code + " " + message);
        }
        return new VenueResult.Rejected(BinanceCodes.duplicateClientOrderId(code, message)
                ? VenueResult.Refusal.DUPLICATE_CLIENT_ORDER_ID : VenueResult.Refusal.REFUSED, status, code, message);
    }

    private static boolean throttled(int status) {
        return status == 429 || status == 418;
    }

    /** Retry-After is in seconds; without a readable one, a 429 waits a second and a 418 (a ban) a minute. */
    static long retryAfterMs(VenueHttp.Answer answer) {
        long fallback = answer.status() == 418 ? 60_000L : 1_000L;
        if (answer.retryAfter() == null) {
            return fallback;
        }
        try {
            return Math.max(0, Long.parseLong(answer.retryAfter().trim())) * 1000;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Reads an order from an order endpoint's answer or from openOrders. */
    static VenueOrder parseOrder(JsonNode o) {
        List<VenueTrade> trades = new ArrayList<>();
        Instant at = o.has("transactTime") ? millis(o, "transactTime") : o.has("updateTime") ? millis(o, "updateTime") : Instant.now();
        String symbol = o.path("symbol").asText();
        String orderId = o.path("orderId").asText();
        for (JsonNode f : o.path("fills")) {
            trades.add(new VenueTrade(f.path("tradeId").asText(), orderId, symbol, decimal(f, "price"), decimal(f, "qty"),
                    decimal(f, "commission"), textOrNull(f, "commissionAsset"), at));
        }
        String status = o.path("status").asText();
        return new VenueOrder(symbol, orderId,
                o.hasNonNull("clientOrderId") ? o.path("clientOrderId").asText() : textOrNull(o, "origClientOrderId"),
                enumOrNull(Side.class, o.path("side").asText()), enumOrNull(OrderType.class, o.path("type").asText()),
                decimal(o, "price"), decimal(o, "origQty"), decimal(o, "executedQty"), BinanceCodes.status(status), status, trades,
                o.hasNonNull("time") ? millis(o, "time") : o.hasNonNull("transactTime") ? millis(o, "transactTime") : null,
                at);
    }

    /** An {@code executionReport} message of the user data stream; empty for any other message. */
    public static Optional<ExecutionReport> parseExecutionReport(JsonNode message) {
        if (message.has("data") && message.has("stream")) {
            message = message.get("data"); // combined stream envelope
        }
        if (!"executionReport".equals(message.path("e").asText())) {
            return Optional.empty();
        }
        String original = message.path("C").asText("");
        String clientOrderId = original.isEmpty() || "null".equals(original) ? message.path("c").asText() : original;
        String exchangeOrderId = message.path("i").asText();
        String symbol = message.path("s").asText();
        Instant at = Instant.ofEpochMilli(message.path("T").asLong(message.path("E").asLong(System.currentTimeMillis())));
        ExecutionReport.Kind kind = BinanceCodes.execution(message.path("x").asText());
        VenueTrade trade = kind != ExecutionReport.Kind.TRADE ? null
                : new VenueTrade(message.path("t").asText(), exchangeOrderId, symbol, new BigDecimal(message.path("L").asText()),
                        new BigDecimal(message.path("l").asText()),
                        message.hasNonNull("n") ? new BigDecimal(message.path("n").asText()) : null,
                        message.hasNonNull("N") ? message.path("N").asText() : null, at);
        String reason = kind == ExecutionReport.Kind.REJECTED ? message.path("r").asText("REJECTED") : null;
        return Optional.of(new ExecutionReport(kind, clientOrderId, exchangeOrderId, symbol, trade, reason, at));
    }

    /**
     * Requests other than the order endpoints: a 429/418 is thrown as {@link VenueThrottledException},
     * a failure to get an answer as {@link VenueUnavailableException}.
     */
    private VenueHttp.Answer send(String method, String path, Map<String, String> params, boolean signed) {
        VenueHttp.Answer answer;
        try {
            answer = exchange(method, url(path, params, signed));
        } catch (VenueHttp.NotSentException e) {
            throw new VenueUnavailableException("exchange unreachable at " + settings.baseUrl() + ": " + e.getMessage(), null);
        } catch (VenueHttp.NoAnswerException e) {
            throw new VenueUnavailableException(e.timedOut() ? "exchange did not answer within " + http.timeoutMs() + " ms"
                    : method + " " + path + " failed: " + e.getMessage(), null);
        }
        if (throttled(answer.status())) {
            long retryAfterMs = retryAfterMs(answer);
            throw new VenueThrottledException("exchange rate limit: HTTP " + answer.status() + errorText(answer.body())
                    + ", retry after " + Math.max(1, retryAfterMs / 1000) + " s", answer.status(), retryAfterMs);
        }
        return answer;
    }

    private VenueHttp.Answer exchange(String method, String url) throws VenueHttp.NotSentException, VenueHttp.NoAnswerException {
        VenueHttp.Answer answer = http.send(method, url, headers());
        if (answer.usedWeight1m() >= 0) {
            usedWeight.accept(answer.usedWeight1m());
        }
        return answer;
    }

    /** The body of a 200 answer; anything else is a {@link VenueUnavailableException}. */
    private static JsonNode read(VenueHttp.Answer answer, String what) {
        if (answer.status() != 200) {
            throw new VenueUnavailableException(what + " answered HTTP " + answer.status() + errorText(answer.body()), null);
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new VenueUnavailableException(what + " answered something that is not JSON: " + abbreviate(answer.body()), null);
        }
    }

    private Map<String, String> headers() {
        return settings.apiKey().map(key -> Map.of("X-MBX-APIKEY", key)).orElse(Map.of());
    }

    private String url(String path, Map<String, String> params, boolean signed) {
        Map<String, String> all = new LinkedHashMap<>(params);
        String query;
        if (signed) {
            if (settings.apiKey().isEmpty()) {
                throw new VenueUnavailableException("exchange.api-key is not set", null);
            }
            all.put("recvWindow", String.valueOf(settings.recvWindowMs()));
            all.put("timestamp", String.valueOf(clock.millis()));
            String unsigned = encode(all);
            Signer signer = new Signer(settings.apiSecret().orElseThrow(
                    () -> new VenueUnavailableException("exchange.api-secret is not set", null)));
            query = unsigned + "&signature=" + signer.sign(unsigned);
        } else {
            query = encode(all);
        }
        return settings.baseUrl() + path + (query.isEmpty() ? "" : "?" + query);
    }

    private static String encode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Binance's {@code {code,msg}} of an error answer, or the start of whatever else it was. */
    private static String errorText(String body) {
        if (body == null || body.isEmpty()) {
            return "";
        }
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.has("code")) {
                return " code " + error.get("code").asText() + " " + error.path("msg").asText();
            }
        } catch (IOException ignored) {
            // not Binance's {code,msg}
        }
        return " " + abbreviate(body);
    }

    private static String abbreviate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 160) + "...";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            return null;
        }
        BigDecimal decimal = new BigDecimal(value.asText()).stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0) : decimal; // 60000, never 6E+4
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant millis(JsonNode node, String field) {
        return Instant.ofEpochMilli(node.path(field).asLong(System.currentTimeMillis()));
    }

    private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "BinanceSpotClient[" + settings.baseUrl() + "]";
    }
}
