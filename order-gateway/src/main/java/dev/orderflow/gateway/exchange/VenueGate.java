package dev.orderflow.gateway.exchange;

import dev.orderflow.contracts.events.RateLimitThrottle;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.gateway.service.ThrottleEvents;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Every request to the venue passes here: Bucket4j buckets mirroring the venue's exchangeInfo rate
 * limits (request weight and order count), and a venue-wide pause after a 429/418 for as long as its
 * Retry-After says. Each wait publishes RATE_LIMIT_THROTTLE with the wait in milliseconds.
 * {@link BinanceSpotClient} is used by nothing else, so no request escapes the accounting.
 */
@ApplicationScoped
public class VenueGate {

    private static final Logger LOG = Logger.getLogger(VenueGate.class);
    private static final int MAX_THROTTLED_ATTEMPTS = 5;

    /** Request weights of the calls the gateway makes, as the venue counts them (Binance spot). */
    static final Map<String, Integer> WEIGHTS = Map.of("place", 1, "query", 4, "cancel", 1, "touch", 2, "trades", 20,
            "exchangeInfo", 20, "userDataStream", 2);

    private final BinanceSpotClient client;
    private final ThrottleEvents events;
    private final AtomicLong pausedUntil = new AtomicLong();
    private final Map<String, Counter> requests;
    private final Counter throttled;
    private final Counter waits;
    private volatile List<Bucket> weightBuckets;
    private volatile List<Bucket> orderBuckets;

    public VenueGate(BinanceSpotClient client, ThrottleEvents events, MeterRegistry registry) {
        this.client = client;
        this.events = events;
        this.requests = WEIGHTS.keySet().stream().collect(Collectors.toUnmodifiableMap(kind -> kind,
                kind -> Counter.builder("orderflow_exchange_requests_total").tag("venue", client.venue()).tag("request", kind)
                        .description("Requests sent to the venue").register(registry)));
        this.throttled = Counter.builder("orderflow_exchange_requests_throttled_total").tag("venue", client.venue())
                .description("Requests the venue answered with 429 or 418").register(registry);
        this.waits = Counter.builder("orderflow_rate_limit_waits_total").tag("venue", client.venue())
                .description("Submissions that waited for a rate limit or a Retry-After pause").register(registry);
    }

    /**
     * Places an order once the venue's limits allow it. {@code mayStillSend} is asked after every wait,
     * right before the request leaves (the symbol lock's fencing): false answers {@link ExchangeResult.NotSent}.
     */
    public ExchangeResult place(String symbol, Map<String, String> parameters, BooleanSupplier mayStillSend) {
        return call(symbol, "place", true, mayStillSend, () -> client.placeOrder(parameters));
    }

    public ExchangeResult query(String symbol, String clientOrderId) {
        return call(symbol, "query", false, () -> true, () -> client.queryOrder(symbol, clientOrderId));
    }

    public ExchangeResult cancel(String symbol, String clientOrderId) {
        return call(symbol, "cancel", false, () -> true, () -> client.cancelOrder(symbol, clientOrderId));
    }

    /**
     * The trades of one order at the venue.
     *
     * @throws ExchangeUnavailableException when the venue could not be asked, or kept answering 429
     */
    public List<ExchangeOrder.Trade> trades(String symbol, String exchangeOrderId) {
        return fetch(symbol, "trades", MAX_THROTTLED_ATTEMPTS, () -> client.trades(symbol, exchangeOrderId));
    }

    /**
     * The venue's rules and rate limits; the first answer also sizes this gate's buckets. Asked once and
     * never held for a Retry-After pause: whoever asks keeps the rules it has (order intake reads them
     * under the cache's lock, and must not wait out a ban there).
     *
     * @throws ExchangeUnavailableException when the venue could not be asked, or requests are paused
     */
    public ExchangeInfo exchangeInfo() {
        long paused = pauseRemainingMs();
        if (paused > 0) {
            throw new ExchangeUnavailableException("requests to " + client.venue() + " are paused for " + paused + " ms more", null);
        }
        ExchangeInfo info = fetch(null, "exchangeInfo", 1, client::exchangeInfo);
        buildBuckets(info);
        return info;
    }

    /** Opens a user data stream; returns its listen key. */
    public String startUserDataStream() {
        return fetch(null, "userDataStream", MAX_THROTTLED_ATTEMPTS, client::startUserDataStream);
    }

    public void keepAliveUserDataStream(String listenKey) {
        fetch(null, "userDataStream", MAX_THROTTLED_ATTEMPTS, () -> {
            client.keepAliveUserDataStream(listenKey);
            return listenKey;
        });
    }

    /**
     * The touch on the side an order of this side takes from (best ask for a buy, best bid for a sell),
     * within the venue's limits; empty when the venue did not answer with one.
     */
    public Optional<BigDecimal> touch(String symbol, Side side) {
        awaitPause(symbol);
        awaitBuckets(symbol, "touch", false);
        requests.get("touch").increment();
        try {
            return client.bookTicker(symbol).map(t -> side == Side.BUY ? t.ask() : t.bid()).filter(p -> p != null && p.signum() > 0);
        } catch (ExchangeThrottledException e) {
            // the touch is optional: not asked again, but what follows waits for the pause
            onThrottled(symbol, e.httpStatus(), e.retryAfterMs());
            return Optional.empty();
        } catch (ExchangeUnavailableException e) {
            LOG.debugf("bookTicker of %s failed: %s", symbol, e.getMessage());
            return Optional.empty();
        }
    }

    /** Milliseconds left of the current Retry-After pause (0 when none). */
    public long pauseRemainingMs() {
        return Math.max(0, pausedUntil.get() - System.currentTimeMillis());
    }

    private ExchangeResult call(String symbol, String kind, boolean order, BooleanSupplier mayStillSend,
            Supplier<ExchangeResult> request) {
        ExchangeResult result = null;
        for (int attempt = 1; attempt <= MAX_THROTTLED_ATTEMPTS; attempt++) {
            awaitPause(symbol);
            awaitBuckets(symbol, kind, order);
            if (!mayStillSend.getAsBoolean()) {
                return new ExchangeResult.NotSent("symbol lock of " + symbol + " lost while waiting for the venue's limits");
            }
            requests.get(kind).increment();
            result = request.get();
            if (!(result instanceof ExchangeResult.Throttled t)) {
                return result;
            }
            onThrottled(symbol, t.httpStatus(), t.retryAfterMs());
        }
        return result;
    }

    /** A request other than the order endpoints, asked again after a Retry-After pause like {@link #call}. */
    private <T> T fetch(String symbol, String kind, int attempts, Supplier<T> request) {
        ExchangeThrottledException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            awaitPause(symbol);
            awaitBuckets(symbol, kind, false);
            requests.get(kind).increment();
            try {
                return request.get();
            } catch (ExchangeThrottledException e) {
                last = e;
                onThrottled(symbol, e.httpStatus(), e.retryAfterMs());
            }
        }
        throw last;
    }

    private void onThrottled(String symbol, int httpStatus, long retryAfterMs) {
        throttled.increment();
        long until = System.currentTimeMillis() + retryAfterMs;
        pausedUntil.accumulateAndGet(until, Math::max);
        LOG.warnf("Venue %s answered %d: all requests paused for %d ms", client.venue(), httpStatus, retryAfterMs);
        publish(symbol, "RETRY_AFTER", retryAfterMs, httpStatus);
    }

    private void awaitPause(String symbol) {
        long wait = pauseRemainingMs();
        if (wait <= 0) {
            return;
        }
        waits.increment();
        sleep(wait);
    }

    private void awaitBuckets(String symbol, String kind, boolean order) {
        if (weightBuckets == null && !"exchangeInfo".equals(kind)) {
            try {
                exchangeInfo();
            } catch (ExchangeUnavailableException e) {
                LOG.debugf("Rate limits of %s not known yet: %s", client.venue(), e.getMessage());
            }
        }
        List<Bucket> weight = weightBuckets;
        if (weight == null) {
            return; // limits unknown: the venue's own 429 still pauses everything
        }
        long waitedNanos = 0;
        String limit = null;
        for (Bucket bucket : weight) {
            long w = consume(bucket, WEIGHTS.get(kind));
            if (w > 0) {
                waitedNanos += w;
                limit = "REQUEST_WEIGHT";
            }
        }
        if (order) {
            for (Bucket bucket : orderBuckets) {
                long w = consume(bucket, 1);
                if (w > 0) {
                    waitedNanos += w;
                    limit = "ORDERS";
                }
            }
        }
        if (limit != null) {
            waits.increment();
            publish(symbol, limit, TimeUnit.NANOSECONDS.toMillis(waitedNanos), null);
        }
    }

    private static long consume(Bucket bucket, int tokens) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        if (probe.isConsumed()) {
            return 0;
        }
        long wait = probe.getNanosToWaitForRefill();
        try {
            bucket.asBlocking().consume(tokens);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return wait;
    }

    /** Sizes the buckets from the first exchangeInfo read; later reads leave them (and what they counted) alone. */
    private void buildBuckets(ExchangeInfo info) {
        if (weightBuckets != null) {
            return;
        }
        synchronized (this) {
            if (weightBuckets != null) {
                return;
            }
            List<Bucket> weight = new ArrayList<>();
            List<Bucket> orders = new ArrayList<>();
            for (ExchangeInfo.RateLimit limit : info.rateLimits()) {
                if (limit.limit() <= 0) {
                    continue;
                }
                Bucket bucket = Bucket.builder().addLimit(Bandwidth.builder().capacity(limit.limit())
                        .refillGreedy(limit.limit(), limit.interval()).build()).build();
                switch (limit.type()) {
                    case "REQUEST_WEIGHT" -> weight.add(bucket);
                    case "ORDERS" -> orders.add(bucket);
                    default -> {
                    }
                }
            }
            LOG.infof("Rate limits of %s: %d weight and %d order buckets", client.venue(), weight.size(), orders.size());
            orderBuckets = List.copyOf(orders);
            weightBuckets = List.copyOf(weight);
        }
    }

    /** A wait not about one symbol (exchangeInfo, the user data stream) is keyed by the venue. */
    private void publish(String symbol, String limit, long waitMs, Integer httpStatus) {
        events.waited(symbol == null ? client.venue() : symbol,
                new RateLimitThrottle(client.venue(), limit, waitMs, httpStatus, symbol, Instant.now()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
