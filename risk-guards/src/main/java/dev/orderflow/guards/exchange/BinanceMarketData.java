package dev.orderflow.guards.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.guards.domain.BookLevel;
import dev.orderflow.guards.domain.BookSource;
import dev.orderflow.guards.domain.MarketDataUnavailableException;
import dev.orderflow.guards.domain.OrderBook;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A thin client of the public market-data endpoints of a Binance-spot-compatible exchange:
 * {@code GET /api/v3/depth} for books and {@code GET /api/v3/exchangeInfo} for the request-weight
 * limit. Every request goes through the {@link RequestWeightLimiter}. Every failure becomes a
 * {@link MarketDataUnavailableException} whose message says what happened (it ends up in the
 * decision's MARKET_DATA_UNAVAILABLE finding).
 */
public final class BinanceMarketData implements BookSource {

    /** Told about every request attempted and every one throttled (locally or by the exchange). */
    public interface RequestObserver {
        void attempted();

        void throttled();

        RequestObserver NONE = new RequestObserver() {
            @Override
            public void attempted() {
            }

            @Override
            public void throttled() {
            }
        };
    }

    /** Binance's REQUEST_WEIGHT per minute for spot when exchangeInfo cannot be read. */
    public static final int DEFAULT_WEIGHT_LIMIT = 6000;
    static final int EXCHANGE_INFO_WEIGHT = 20;

    private final HttpClient http;
    private final String baseUrl;
    private final int depthLimit;
    private final Duration timeout;
    private final RequestWeightLimiter limiter;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final RequestObserver observer;

    public BinanceMarketData(String baseUrl, int depthLimit, Duration timeout, RequestWeightLimiter limiter, Clock clock) {
        this(baseUrl, depthLimit, timeout, limiter, clock, RequestObserver.NONE);
    }

    public BinanceMarketData(String baseUrl, int depthLimit, Duration timeout, RequestWeightLimiter limiter, Clock clock,
            RequestObserver observer) {
        this.observer = observer;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.depthLimit = depthLimit;
        this.timeout = timeout;
        this.limiter = limiter;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Binance's weight of a depth request: 5 up to 100 levels, 25 up to 500, 50 up to 1000, 250 above. */
    public static int depthWeight(int limit) {
        return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }

    @Override
    public OrderBook fetch(String symbol) {
        JsonNode body = get("/api/v3/depth?symbol=" + symbol + "&limit=" + depthLimit, depthWeight(depthLimit));
        Instant received = clock.instant();
        try {
            long updateId = body.path("lastUpdateId").asLong(-1);
            if (updateId < 0 || !body.path("bids").isArray() || !body.path("asks").isArray()) {
                throw new MarketDataUnavailableException("depth of " + symbol + " is not a book: " + abbreviate(body.toString()));
            }
            // Spot REST depth carries no time; some venues add the event (E) or transaction (T) time in ms.
            Instant time = body.has("E") ? Instant.ofEpochMilli(body.get("E").asLong())
                    : body.has("T") ? Instant.ofEpochMilli(body.get("T").asLong()) : received;
            return new OrderBook(symbol, levels(body.get("bids")), levels(body.get("asks")), time, updateId);
        } catch (IllegalArgumentException e) {
            throw new MarketDataUnavailableException("depth of " + symbol + " has an invalid level: " + e.getMessage());
        }
    }

    /** The REQUEST_WEIGHT limit per minute the exchange announces, if it announces one. */
    public Optional<Integer> requestWeightPerMinute() {
        JsonNode info = get("/api/v3/exchangeInfo", EXCHANGE_INFO_WEIGHT);
        for (JsonNode limit : info.path("rateLimits")) {
            if ("REQUEST_WEIGHT".equals(limit.path("rateLimitType").asText())) {
                int perInterval = limit.path("limit").asInt();
                int n = Math.max(1, limit.path("intervalNum").asInt(1));
                long perMinute = switch (limit.path("interval").asText()) {
                    case "SECOND" -> perInterval * 60L / n;
                    case "MINUTE" -> perInterval / (long) n;
                    case "HOUR" -> perInterval / (60L * n);
                    case "DAY" -> perInterval / (1440L * n);
                    default -> -1;
                };
                if (perMinute > 0) {
                    return Optional.of((int) Math.min(Integer.MAX_VALUE, perMinute));
                }
            }
        }
        return Optional.empty();
    }

    private static List<BookLevel> levels(JsonNode side) {
        List<BookLevel> levels = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            levels.add(new BookLevel(new BigDecimal(level.get(0).asText()), new BigDecimal(level.get(1).asText())));
        }
        return levels;
    }

    private JsonNode get(String pathAndQuery, int weight) {
        observer.attempted();
        if (!limiter.tryAcquire(weight)) {
            observer.throttled();
            Instant until = limiter.blockedUntil();
            throw new MarketDataUnavailableException(until.isAfter(clock.instant())
                    ? "exchange asked us to wait until " + until + " (rate limited)"
                    : "request weight budget exhausted: " + limiter.usedInCurrentMinute() + " of " + limiter.budgetPerMinute()
                            + " used this minute");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(timeout).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new MarketDataUnavailableException("exchange did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new MarketDataUnavailableException("exchange unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MarketDataUnavailableException("interrupted while asking the exchange");
        }
        response.headers().firstValue("X-MBX-USED-WEIGHT-1M").ifPresent(used -> {
            try {
                limiter.observeUsed(Integer.parseInt(used.trim()));
            } catch (NumberFormatException ignored) {
                // a malformed header is not worth failing a book for
            }
        });
        int status = response.statusCode();
        if (status == 429 || status == 418) {
            observer.throttled();
            long retryAfter = response.headers().firstValue("Retry-After").map(BinanceMarketData::retryAfterSeconds).orElse(60L);
            limiter.backOffUntil(clock.instant().plusSeconds(retryAfter));
            throw new MarketDataUnavailableException("exchange rate limit: HTTP " + status + errorText(response.body())
                    + ", retry after " + retryAfter + " s");
        }
        if (status != 200) {
            throw new MarketDataUnavailableException("exchange answered HTTP " + status + errorText(response.body()));
        }
        try {
            return mapper.readTree(response.body());
        } catch (IOException e) {
            throw new MarketDataUnavailableException("exchange answered something that is not JSON: " + abbreviate(new String(response.body())));
        }
    }

    private String errorText(byte[] body) {
        try {
            JsonNode error = mapper.readTree(body);
            if (error != null && error.has("code")) {
                return " code " + error.get("code").asText() + " " + error.path("msg").asText();
            }
        } catch (IOException ignored) {
            // not Binance's {code,msg}
        }
        return body.length == 0 ? "" : " " + abbreviate(new String(body));
    }

    private static String abbreviate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 160) + "...";
    }

    /** Retry-After is seconds on Binance; anything unreadable counts as a minute. */
    private static long retryAfterSeconds(String value) {
        try {
            return Math.max(1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 60L;
        }
    }
}
