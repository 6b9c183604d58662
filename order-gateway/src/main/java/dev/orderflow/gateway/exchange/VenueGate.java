package dev.orderflow.gateway.exchange;

import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.RateLimitThrottle;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.gateway.service.EventPublisher;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
import org.jboss.logging.Logger;

/**
 * Every request to the venue passes here: Bucket4j buckets mirroring the venue's exchangeInfo rate
 * limits (request weight and order count), and a venue-wide pause after a 429/418 for as long as its
 * Retry-After says. Each wait publishes RATE_LIMIT_THROTTLE with the wait in milliseconds.
 */
@ApplicationScoped
public class VenueGate {

    private static final Logger LOG = Logger.getLogger(VenueGate.class);
    private static final int MAX_THROTTLED_ATTEMPTS = 5;

    /** Binance request weights of the calls the gateway makes. */
    static final Map<String, Integer> WEIGHTS = Map.of("place", 1, "query", 4, "cancel", 1, "touch", 2);

    private final BinanceSpotClient client;
    private final SymbolFilterCache exchangeInfo;
    private final EventPublisher events;
    private final AtomicLong pausedUntil = new AtomicLong();
    private final Counter requests;
    private final Counter throttled;
    private final Counter waits;
    private volatile List<Bucket> weightBuckets;
    private volatile List<Bucket> orderBuckets;

    public VenueGate(BinanceSpotClient client, SymbolFilterCache exchangeInfo, EventPublisher events, MeterRegistry registry) {
        this.client = client;
        this.exchangeInfo = exchangeInfo;
        this.events = events;
        this.requests = Counter.builder("orderflow_exchange_requests_total").tag("venue", client.venue())
                .description("Requests sent to the venue").register(registry);
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
     * The touch on the side an order of this side takes from (best ask for a buy, best bid for a sell),
     * within the venue's limits; empty when the venue did not answer with one.
     */
    public Optional<BigDecimal> touch(String symbol, Side side) {
        awaitPause(symbol);
        awaitBuckets(symbol, "touch", false);
        requests.increment();
        try {
            return client.bookTicker(symbol).map(t -> side == Side.BUY ? t.ask() : t.bid()).filter(p -> p != null && p.signum() > 0);
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
            requests.increment();
            result = request.get();
            if (!(result instanceof ExchangeResult.Throttled t)) {
                return result;
            }
            throttled.increment();
            long until = System.currentTimeMillis() + t.retryAfterMs();
            pausedUntil.accumulateAndGet(until, Math::max);
            LOG.warnf("Venue %s answered %d: all submissions paused for %d ms", client.venue(), t.httpStatus(), t.retryAfterMs());
            publish(symbol, "RETRY_AFTER", t.retryAfterMs(), t.httpStatus());
        }
        return result;
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
        ensureBuckets();
        long waitedNanos = 0;
        String limit = null;
        for (Bucket bucket : weightBuckets) {
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

    private void ensureBuckets() {
        if (weightBuckets != null) {
            return;
        }
        synchronized (this) {
            if (weightBuckets != null) {
                return;
            }
            List<Bucket> weight = new ArrayList<>();
            List<Bucket> orders = new ArrayList<>();
            try {
                for (ExchangeInfo.RateLimit limit : exchangeInfo.current().rateLimits()) {
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
            } catch (ExchangeUnavailableException e) {
                return; // try again on the next request
            }
            orderBuckets = List.copyOf(orders);
            weightBuckets = List.copyOf(weight);
        }
    }

    private void publish(String symbol, String limit, long waitMs, Integer httpStatus) {
        try {
            QuarkusTransaction.requiringNew().run(() -> events.publish(symbol, symbol, EventType.RATE_LIMIT_THROTTLE,
                    new RateLimitThrottle(client.venue(), limit, waitMs, httpStatus, symbol, Instant.now())));
        } catch (RuntimeException e) {
            LOG.warnf("RATE_LIMIT_THROTTLE not recorded: %s", e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
