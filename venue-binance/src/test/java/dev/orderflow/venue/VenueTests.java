package dev.orderflow.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.RateLimitThrottle;
import dev.orderflow.contracts.events.Side;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The venue port over real HTTP against a scripted venue: signing, Retry-After, and the limiter in front of every request. */
class VenueTests {

    private static final String EXCHANGE_INFO = """
            {"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":1200},
                           {"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":50}],
             "symbols":[{"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT","filters":[{"filterType":"LOT_SIZE","minQty":"0.00001000",
                         "maxQty":"9000.00000000","stepSize":"0.00001000"}]}]}""";
    private static final String ORDER = """
            {"symbol":"BTCUSDT","orderId":1,"clientOrderId":"c-1","transactTime":1700000000000,"price":"0","origQty":"0.1",
             "executedQty":"0.1","status":"FILLED","type":"MARKET","side":"BUY",
             "fills":[{"price":"60000","qty":"0.1","commission":"0","commissionAsset":"BTC","tradeId":9}]}""";

    // the scripted venue answers from this JVM: on a loaded machine its first answer can take seconds
    private final Vertx vertx = Vertx.vertx();
    private final Queue<HttpServerRequest> received = new ConcurrentLinkedQueue<>();
    private final Queue<RateLimitThrottle> throttles = new ConcurrentLinkedQueue<>();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private HttpServer server;
    private Venue venue;

    @BeforeEach
    void start() throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> {
            received.add(request);
            if (throttleNext.getAndDecrement() > 0) {
                request.response().setStatusCode(429).putHeader("Retry-After", "1").end("{\"code\":-1003,\"msg\":\"Too many requests\"}");
                return;
            }
            String body = switch (request.path()) {
                case "/api/v3/exchangeInfo" -> EXCHANGE_INFO;
                case "/api/v3/order" -> ORDER;
                case "/api/v3/depth" -> "{\"lastUpdateId\":5,\"bids\":[[\"59999\",\"1\"]],\"asks\":[[\"60001\",\"2\"]]}";
                case "/api/v3/allOrders" -> allOrders(request);
                default -> "{}";
            };
            request.response().putHeader("X-MBX-USED-WEIGHT-1M", "30").end(body);
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        venue = new Venue(new VenueSettings("binance", "http://127.0.0.1:" + server.actualPort(), null, Optional.of("key"),
                Optional.of("secret"), 5000, Duration.ofSeconds(10), BigDecimal.ONE, Optional.empty()), vertx, registry,
                (key, throttle) -> throttles.add(throttle));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** 1,500 orders with ids 1 to 1500, a page of at most {@code limit} from {@code orderId} (or from the first). */
    private static String allOrders(HttpServerRequest request) {
        long from = request.getParam("orderId") == null ? 1 : Long.parseLong(request.getParam("orderId"));
        int limit = Integer.parseInt(request.getParam("limit"));
        StringBuilder page = new StringBuilder("[");
        for (long id = from; id <= 1500 && id < from + limit; id++) {
            page.append(id == from ? "" : ",").append("{\"symbol\":\"BTCUSDT\",\"orderId\":").append(id)
                    .append(",\"clientOrderId\":\"c-").append(id).append("\",\"price\":\"0\",\"origQty\":\"0.1\",\"executedQty\":\"0.1\",")
                    .append("\"status\":\"FILLED\",\"type\":\"MARKET\",\"side\":\"BUY\",\"time\":1700000000000,\"updateTime\":1700000000000}");
        }
        return page.append("]").toString();
    }

    private static OrderRequest market() {
        return new OrderRequest("c-1", "BTCUSDT", Side.BUY, OrderType.MARKET, new BigDecimal("0.1"), null, null);
    }

    @Test
    void anOrderIsSignedAndTheVenuesLimitsAreReadBeforeIt() {
        // a clock that stands still: nothing refills while the test looks at what was counted
        venue = new Venue(venue.settings(), vertx, registry, ThrottleListener.NONE, Clock.fixed(Instant.now(), ZoneOffset.UTC));
        VenueResult result = venue.place(market(), () -> true);

        assertThat(result).isInstanceOf(VenueResult.Ok.class);
        assertThat(received).extracting(HttpServerRequest::path).containsExactly("/api/v3/exchangeInfo", "/api/v3/order");
        HttpServerRequest order = List.copyOf(received).get(1);
        assertThat(order.getHeader("X-MBX-APIKEY")).isEqualTo("key");
        assertThat(order.query()).contains("newClientOrderId=c-1", "recvWindow=5000", "timestamp=").containsPattern("&signature=[0-9a-f]{64}$");
        assertThat(venue.limiter().budgetPerMinute()).isEqualTo(1200);
        assertThat(venue.limiter().usedInCurrentMinute()).as("the venue's count of this IP's weight").isEqualTo(30);
        assertThat(registry.get("orderflow_exchange_requests_total").tag("request", "place").counter().count()).isEqualTo(1);
    }

    @Test
    void a429PausesEveryRequestForItsRetryAfterAndTheOrderIsAskedAgain() {
        venue.rules();
        throttleNext.set(1);
        long started = System.nanoTime();

        VenueResult result = venue.place(market(), () -> true);

        assertThat(result).isInstanceOf(VenueResult.Ok.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(received).extracting(HttpServerRequest::path).containsExactly("/api/v3/exchangeInfo", "/api/v3/order", "/api/v3/order");
        assertThat(throttles).singleElement().satisfies(t -> {
            assertThat(t.limit()).isEqualTo("RETRY_AFTER");
            assertThat(t.waitMs()).isEqualTo(1000);
            assertThat(t.httpStatus()).isEqualTo(429);
            assertThat(t.symbol()).isEqualTo("BTCUSDT");
        });
        assertThat(registry.get("orderflow_exchange_requests_throttled_total").counter().count()).isEqualTo(1);
    }

    @Test
    void theOrdersOfASymbolSinceAMomentAreReadPageByPageWithinTheLimits() {
        Instant since = Instant.parse("2026-12-07T10:00:00Z");
        venue = new Venue(venue.settings(), vertx, registry, ThrottleListener.NONE, Clock.fixed(Instant.now(), ZoneOffset.UTC));

        List<VenueOrder> orders = venue.ordersSince("BTCUSDT", since);

        assertThat(orders).hasSize(1500);
        assertThat(orders.getFirst().clientOrderId()).isEqualTo("c-1");
        assertThat(orders.getLast().exchangeOrderId()).isEqualTo("1500");
        assertThat(orders.getLast().filled()).isTrue();
        List<HttpServerRequest> pages = received.stream().filter(r -> r.path().equals("/api/v3/allOrders")).toList();
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).query()).contains("symbol=BTCUSDT", "startTime=" + since.toEpochMilli(), "limit=1000")
                .doesNotContain("orderId=").containsPattern("&signature=[0-9a-f]{64}$");
        assertThat(pages.get(1).query()).contains("orderId=1001").doesNotContain("startTime=");
        assertThat(pages.get(0).getHeader("X-MBX-APIKEY")).isEqualTo("key");
        assertThat(registry.get("orderflow_exchange_requests_total").tag("request", "allOrders").counter().count()).isEqualTo(2);
        assertThat(venue.limiter().usedInCurrentMinute()).as("weight spent: two pages of 20").isGreaterThanOrEqualTo(2 * 20);
    }

    @Test
    void marketDataDuringAPauseIsRefusedWithoutAsking() {
        venue.rules();
        throttleNext.set(1);
        assertThatThrownBy(() -> venue.depth("BTCUSDT", 100)).isInstanceOf(VenueThrottledException.class)
                .hasMessageStartingWith("exchange rate limit: HTTP 429 code -1003 Too many requests");
        int asked = received.size();

        assertThatThrownBy(() -> venue.depth("BTCUSDT", 100)).isInstanceOf(VenueThrottledException.class)
                .hasMessageContaining("(rate limited)");
        assertThat(received).hasSize(asked);
        assertThat(registry.get("orderflow_exchange_requests_total").tag("request", "depth").counter().count()).isEqualTo(2);
        assertThat(registry.get("orderflow_exchange_requests_throttled_total").counter().count()).isEqualTo(2);
    }

    @Test
    void aBookComesBackInTheProjectsTerms() {
        DepthBook book = venue.depth("BTCUSDT", 100);
        assertThat(book.updateId()).isEqualTo(5);
        assertThat(book.bids()).containsExactly(new DepthBook.Level(new BigDecimal("59999"), BigDecimal.ONE));
        assertThat(book.asks()).containsExactly(new DepthBook.Level(new BigDecimal("60001"), new BigDecimal("2")));
    }

    @Test
    void theRulesOfEachSymbolAreRead() {
        VenueRules rules = venue.rules();
        assertThat(rules.symbols()).containsOnlyKeys("BTCUSDT");
        assertThat(rules.symbols().get("BTCUSDT").stepSize()).isEqualByComparingTo("0.00001");
        assertThat(rules.symbols().get("BTCUSDT").baseAsset()).isEqualTo("BTC");
        assertThat(rules.symbols().get("BTCUSDT").quoteAsset()).isEqualTo("USDT");
        assertThat(rules.rateLimits()).contains(new VenueRules.RateLimit("ORDERS", Duration.ofSeconds(10), 50));
        assertThat(Map.of("weight", venue.limiter().budgetPerMinute())).containsEntry("weight", 1200);
    }
}
