package dev.orderflow.venue;

import dev.orderflow.contracts.events.RateLimitThrottle;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.venue.binance.BinanceSpotClient;
import dev.orderflow.venue.binance.VenueHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The venue as the services see it: place, query and cancel orders, read trades, open orders, the orders
 * of a symbol since a moment, the book and the venue's rules, and open the user data stream, all in the
 * project's terms. Every request goes
 * through one {@link RequestLimiter}: it waits for the request-weight and order buckets (or, for market
 * data, which must not wait, is refused when they are empty) and for a Retry-After pause, which any 429
 * or 418 starts for every request. Requests are counted as {@code orderflow_exchange_requests_total}
 * ({@code venue}, {@code request}); 429/418 answers and local refusals as
 * {@code orderflow_exchange_requests_throttled_total}; waits as {@code orderflow_rate_limit_waits_total}.
 * Blocking: call it from worker threads, never from an event loop.
 */
public final class Venue {

    private static final Logger LOG = Logger.getLogger(Venue.class);
    private static final int MAX_THROTTLED_ATTEMPTS = 5;
    /** How long after a failed exchangeInfo read the limits are asked for again. */
    private static final long RULES_RETRY_MS = 60_000;

    private final VenueSettings settings;
    private final BinanceSpotClient client;
    private final RequestLimiter limiter;
    private final ThrottleListener listener;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Counter throttled;
    private final Counter waits;
    private volatile long rulesTriedAt;

    public Venue(VenueSettings settings, Vertx vertx, MeterRegistry registry, ThrottleListener listener) {
        this(settings, vertx, registry, listener, Clock.systemUTC());
    }

    public Venue(VenueSettings settings, Vertx vertx, MeterRegistry registry, ThrottleListener listener, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
        this.listener = listener;
        this.limiter = new RequestLimiter(settings.weightShare(), settings.weightLimitPerMinute(), clock::millis);
        this.client = new BinanceSpotClient(settings, new VenueHttp(vertx, settings.requestTimeout().toMillis()), limiter::observeUsed,
                clock);
        this.throttled = Counter.builder("orderflow_exchange_requests_throttled_total").tag("venue", settings.venue())
                .description("Requests the venue answered with 429 or 418, or the local weight budget refused").register(registry);
        this.waits = Counter.builder("orderflow_rate_limit_waits_total").tag("venue", settings.venue())
                .description("Requests that waited for a rate limit or a Retry-After pause").register(registry);
    }

    public String venue() {
        return settings.venue();
    }

    public VenueSettings settings() {
        return settings;
    }

    /** The limiter every request goes through (for health and status pages). */
    public RequestLimiter limiter() {
        return limiter;
    }

    /** Milliseconds left of the current Retry-After pause (0 when none). */
    public long pauseRemainingMs() {
        return limiter.pauseRemainingMs();
    }

    /**
     * Places an order once the venue's limits allow it. {@code mayStillSend} is asked after every wait,
     * right before the request leaves (a symbol lock's fencing): false answers {@link VenueResult.NotSent}.
     */
    public VenueResult place(OrderRequest order, BooleanSupplier mayStillSend) {
        return call(order.symbol(), "place", BinanceSpotClient.PLACE_WEIGHT, true, mayStillSend, () -> client.placeOrder(order));
    }

    /** The order with this client order id; {@link VenueResult.NotFound} when the venue does not know it. */
    public VenueResult query(String symbol, String clientOrderId) {
        return call(symbol, "query", BinanceSpotClient.QUERY_WEIGHT, false, () -> true, () -> client.queryOrder(symbol, clientOrderId));
    }

    public VenueResult cancel(String symbol, String clientOrderId) {
        return call(symbol, "cancel", BinanceSpotClient.CANCEL_WEIGHT, false, () -> true, () -> client.cancelOrder(symbol, clientOrderId));
    }

    /**
     * The trades of one order at the venue.
     *
     * @throws VenueUnavailableException when the venue could not be asked, or kept answering 429
     */
    public List<VenueTrade> trades(String symbol, String exchangeOrderId) {
        return fetch(symbol, "trades", BinanceSpotClient.TRADES_WEIGHT, () -> client.trades(symbol, exchangeOrderId));
    }

    /**
     * Every open order of the account.
     *
     * @throws VenueUnavailableException when the venue could not be asked, or kept answering 429
     */
    public List<VenueOrder> openOrders() {
        return fetch(null, "openOrders", BinanceSpotClient.OPEN_ORDERS_WEIGHT, client::openOrders);
    }

    /**
     * Every order of the account in a symbol placed at or after {@code since}, oldest first, one request
     * (and its weight) per page of {@link BinanceSpotClient#ALL_ORDERS_PAGE}.
     *
     * @throws VenueUnavailableException when the venue could not be asked, or kept answering 429
     */
    public List<VenueOrder> ordersSince(String symbol, Instant since) {
        List<VenueOrder> orders = new ArrayList<>();
        Long fromOrderId = null;
        while (true) {
            Long from = fromOrderId;
            List<VenueOrder> page = fetch(symbol, "allOrders", BinanceSpotClient.ALL_ORDERS_WEIGHT,
                    () -> client.allOrders(symbol, since, from));
            orders.addAll(page);
            if (page.size() < BinanceSpotClient.ALL_ORDERS_PAGE) {
                return orders;
            }
            fromOrderId = Long.parseLong(page.getLast().exchangeOrderId()) + 1;
        }
    }

    /**
     * The venue's rules and rate limits; the first answer also sizes the limiter. Never waits, neither
     * for a Retry-After pause nor for the buckets: whoever asks keeps the rules it has (the gateway's
     * order intake reads them under a lock, and must not wait out a ban there).
     *
     * @throws VenueUnavailableException when the venue could not be asked, requests are paused, or the budget is spent
     */
    public VenueRules rules() {
        long paused = limiter.pauseRemainingMs();
        if (paused > 0) {
            throw new VenueThrottledException("requests to " + venue() + " are paused for " + paused + " ms more", 0, paused);
        }
        rulesTriedAt = clock.millis();
        VenueRules rules = once(null, "exchangeInfo", BinanceSpotClient.EXCHANGE_INFO_WEIGHT, client::exchangeInfo);
        boolean first = !limiter.sized();
        limiter.size(rules.rateLimits());
        if (first) {
            LOG.infof("Rate limits of %s: %s; this process spends %d request weight per minute", venue(), rules.rateLimits(),
                    limiter.budgetPerMinute());
        }
        return rules;
    }

    /** Opens a user data stream; returns its listen key. */
    public String startUserDataStream() {
        return fetch(null, "userDataStream", BinanceSpotClient.USER_DATA_STREAM_WEIGHT, client::startUserDataStream);
    }

    public void keepAliveUserDataStream(String listenKey) {
        fetch(null, "userDataStream", BinanceSpotClient.USER_DATA_STREAM_WEIGHT, () -> {
            client.keepAliveUserDataStream(listenKey);
            return listenKey;
        });
    }

    /**
     * The touch an order of this side takes from (best ask for a buy, best bid for a sell), within the
     * venue's limits; empty when the venue did not answer with one. A 429 is not asked again, but what
     * follows waits for its pause.
     */
    public Optional<BigDecimal> touch(String symbol, Side side) {
        awaitPause(symbol);
        awaitLimits(symbol, "touch", BinanceSpotClient.BOOK_TICKER_WEIGHT, false);
        count("touch");
        try {
            return client.bookTicker(symbol).map(t -> side == Side.BUY ? t[1] : t[0]).filter(p -> p != null && p.signum() > 0);
        } catch (VenueThrottledException e) {
            onThrottled(symbol, e.httpStatus(), e.retryAfterMs());
            return Optional.empty();
        } catch (VenueUnavailableException e) {
            LOG.debugf("bookTicker of %s failed: %s", symbol, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The book of a symbol, {@code limit} levels a side. Market data never waits: during a Retry-After
     * pause, or when the weight budget cannot pay for it now, it is refused at once.
     *
     * @throws VenueUnavailableException saying why there is no book (refusals are {@link VenueThrottledException}s)
     */
    public DepthBook depth(String symbol, int limit) {
        return once(symbol, "depth", BinanceSpotClient.depthWeight(limit), () -> client.depth(symbol, limit));
    }

    /** Binance's weight of a depth request of {@code limit} levels. */
    public static int depthWeight(int limit) {
        return BinanceSpotClient.depthWeight(limit);
    }

    /** The order requests: waits for limits and pauses, asks again after a 429 up to five times. */
    private VenueResult call(String symbol, String kind, int weight, boolean order, BooleanSupplier mayStillSend,
            Supplier<VenueResult> request) {
        VenueResult result = null;
        for (int attempt = 1; attempt <= MAX_THROTTLED_ATTEMPTS; attempt++) {
            awaitPause(symbol);
            awaitLimits(symbol, kind, weight, order);
            if (!mayStillSend.getAsBoolean()) {
                return new VenueResult.NotSent("symbol lock of " + symbol + " lost while waiting for the venue's limits");
            }
            count(kind);
            result = request.get();
            if (!(result instanceof VenueResult.Throttled t)) {
                return result;
            }
            onThrottled(symbol, t.httpStatus(), t.retryAfterMs());
        }
        return result;
    }

    /** A request other than the order endpoints, asked again after a Retry-After pause like {@link #call}. */
    private <T> T fetch(String symbol, String kind, int weight, Supplier<T> request) {
        VenueThrottledException last = null;
        for (int attempt = 1; attempt <= MAX_THROTTLED_ATTEMPTS; attempt++) {
            awaitPause(symbol);
            awaitLimits(symbol, kind, weight, false);
            count(kind);
            try {
                return request.get();
            } catch (VenueThrottledException e) {
                last = e;
                onThrottled(symbol, e.httpStatus(), e.retryAfterMs());
            }
        }
        throw last;
    }

    /** A request that never waits: refused during a pause or when the budget is short, not asked again after a 429. */
    private <T> T once(String symbol, String kind, int weight, Supplier<T> request) {
        count(kind);
        long paused = limiter.pauseRemainingMs();
        if (paused > 0) {
            throttled.increment();
            throw new VenueThrottledException("exchange asked us to wait until " + Instant.ofEpochMilli(limiter.pausedUntilMillis())
                    + " (rate limited)", 0, paused);
        }
        if (!"exchangeInfo".equals(kind)) {
            learnLimits();
        }
        try {
            limiter.acquire(weight, false, false);
        } catch (VenueThrottledException e) {
            throttled.increment();
            throw e;
        }
        try {
            return request.get();
        } catch (VenueThrottledException e) {
            onThrottled(symbol, e.httpStatus(), e.retryAfterMs());
            throw e;
        }
    }

    private void count(String kind) {
        requests.computeIfAbsent(kind, k -> Counter.builder("orderflow_exchange_requests_total").tag("venue", venue()).tag("request", k)
                .description("Requests to the venue").register(registry)).increment();
    }

    private void onThrottled(String symbol, int httpStatus, long retryAfterMs) {
        throttled.increment();
        limiter.pause(retryAfterMs);
        LOG.warnf("Venue %s answered %d: all requests paused for %d ms", venue(), httpStatus, retryAfterMs);
        publish(symbol, "RETRY_AFTER", retryAfterMs, httpStatus);
    }

    private void awaitPause(String symbol) {
        long wait = limiter.pauseRemainingMs();
        if (wait <= 0) {
            return;
        }
        waits.increment();
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitLimits(String symbol, String kind, int weight, boolean order) {
        learnLimits();
        RequestLimiter.Wait wait = limiter.acquire(weight, order, true);
        if (wait.waited()) {
            waits.increment();
            publish(symbol, wait.limit(), TimeUnit.NANOSECONDS.toMillis(wait.nanos()), null);
        }
    }

    /** Reads the venue's limits before the first request (again a minute after a failed read), unless configuration fixed them. */
    private void learnLimits() {
        long now = clock.millis();
        if (limiter.sized() || now - rulesTriedAt < RULES_RETRY_MS) {
            return;
        }
        try {
            rules();
        } catch (VenueUnavailableException e) {
            LOG.warnf("Rate limits of %s not read (%s); spending at most %d request weight per minute meanwhile", venue(), e.getMessage(),
                    limiter.budgetPerMinute());
        }
    }

    /** A wait not about one symbol (exchangeInfo, the user data stream) is keyed by the venue. */
    private void publish(String symbol, String limit, long waitMs, Integer httpStatus) {
        listener.waited(symbol == null ? venue() : symbol, new RateLimitThrottle(venue(), limit, waitMs, httpStatus, symbol, clock.instant()));
    }

    @Override
    public String toString() {
        return "Venue[" + venue() + " at " + settings.baseUrl() + "]";
    }
}
