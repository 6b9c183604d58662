package dev.orderflow.guards;

import dev.orderflow.platform.exchange.ExchangeConfig;
import dev.orderflow.guards.config.GuardConfig;
import dev.orderflow.guards.domain.BookCache;
import dev.orderflow.guards.domain.BookSource;
import dev.orderflow.guards.domain.MarketDataUnavailableException;
import dev.orderflow.guards.domain.OrderBook;
import dev.orderflow.guards.exchange.BinanceMarketData;
import dev.orderflow.guards.exchange.RequestWeightLimiter;
import dev.orderflow.guards.messaging.CacheTelemetry;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The service's book cache wired to the exchange: TTL and single flight from {@link BookCache},
 * weight budget from the exchange's exchangeInfo (or config), lookups and fetches counted as
 * metrics and published as CACHE_HIT / CACHE_MISS.
 */
@Singleton
public class MarketData {

    private static final Logger LOG = Logger.getLogger(MarketData.class);
    private static final long LIMIT_RETRY_MS = 60_000;

    private final BookCache cache;
    private final BinanceMarketData exchange;
    private final RequestWeightLimiter limiter;
    private final GuardConfig.MarketData settings;
    private final Clock clock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    private final AtomicReference<String> lastFailedSymbol = new AtomicReference<>();
    private volatile boolean limitKnown;
    private volatile long limitTriedAt = Long.MIN_VALUE;

    @Inject
    public MarketData(GuardConfig config, ExchangeConfig exchangeConfig, GuardMetrics metrics, CacheTelemetry telemetry) {
        this.clock = Clock.systemUTC();
        this.settings = config.marketData();
        int limit = settings.weightLimitPerMinute().orElse(BinanceMarketData.DEFAULT_WEIGHT_LIMIT);
        this.limiter = new RequestWeightLimiter(clock, budget(limit));
        this.limitKnown = settings.weightLimitPerMinute().isPresent();
        this.exchange = new BinanceMarketData(exchangeConfig.baseUrl(), settings.depthLimit(), config.decisionTimeout(), limiter, clock,
                new BinanceMarketData.RequestObserver() {
                    @Override
                    public void attempted() {
                        metrics.exchangeRequest();
                    }

                    @Override
                    public void throttled() {
                        metrics.exchangeThrottled();
                    }
                });
        BookSource source = this::fetch;
        this.cache = new BookCache(source, config.cache().ttl(), config.decisionTimeout(), clock, new BookCache.Listener() {
            @Override
            public void lookup(String symbol, boolean hit, long ageMs) {
                metrics.lookup(hit);
                telemetry.lookup(symbol, hit, ageMs);
            }

            @Override
            public void fetched(String symbol, boolean ok, long nanos, String error) {
                metrics.fetched(symbol, ok, nanos);
            }
        });
        LOG.infof("Market data from %s: depth limit %d (weight %d), cache TTL %d ms, weight budget %d/min%s",
                exchangeConfig.baseUrl(), settings.depthLimit(), BinanceMarketData.depthWeight(settings.depthLimit()),
                config.cache().ttl().toMillis(), limiter.budgetPerMinute(), limitKnown ? "" : " until exchangeInfo is read");
    }

    private int budget(int limitPerMinute) {
        return Math.max(1, new BigDecimal(limitPerMinute).multiply(settings.weightShare()).setScale(0, RoundingMode.DOWN).intValue());
    }

    /** A fresh book for the symbol (see {@link BookCache#get}). */
    public BookCache.Lookup book(String symbol) {
        return cache.get(symbol);
    }

    private OrderBook fetch(String symbol) {
        learnWeightLimit();
        try {
            OrderBook book = exchange.fetch(symbol);
            consecutiveFailures.set(0);
            lastSuccess.set(clock.instant());
            return book;
        } catch (MarketDataUnavailableException e) {
            int failures = consecutiveFailures.incrementAndGet();
            lastError.set(symbol + ": " + e.getMessage());
            lastFailedSymbol.set(symbol);
            LOG.warnf("No book for %s (%d consecutive failures): %s", symbol, failures, e.getMessage());
            throw e;
        }
    }

    /**
     * While fetches fail, asks the exchange again for the book that failed last. Books are otherwise fetched
     * only for entries, so after an exchange outage with no entry coming (readiness DOWN is one reason none
     * comes) readiness stayed DOWN long after the exchange was back.
     */
    @Scheduled(every = "${guards.market-data.probe-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probeWhileFailing() {
        String symbol = lastFailedSymbol.get();
        if (consecutiveFailures.get() == 0 || symbol == null) {
            return;
        }
        try {
            fetch(symbol);
            LOG.infof("Book of %s fetched again: market data is back", symbol);
        } catch (MarketDataUnavailableException e) {
            // counted and logged by fetch; the next probe tries again
        }
    }

    /** Reads the REQUEST_WEIGHT limit from exchangeInfo once (again a minute after a failure) unless config fixes it. */
    private void learnWeightLimit() {
        long now = clock.millis();
        if (limitKnown || now - limitTriedAt < LIMIT_RETRY_MS) {
            return;
        }
        limitTriedAt = now;
        try {
            exchange.requestWeightPerMinute().ifPresent(limit -> {
                limiter.setBudgetPerMinute(budget(limit));
                LOG.infof("Exchange allows %d request weight per minute; this service uses up to %d", limit, limiter.budgetPerMinute());
            });
            limitKnown = true;
        } catch (MarketDataUnavailableException e) {
            LOG.warnf("exchangeInfo not read (%s); weight budget stays %d/min", e.getMessage(), limiter.budgetPerMinute());
        }
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    public String lastError() {
        return lastError.get();
    }

    public Instant lastSuccess() {
        return lastSuccess.get();
    }

    public Map<String, Instant> cachedSymbols() {
        return cache.fetchTimes();
    }

    public RequestWeightLimiter limiter() {
        return limiter;
    }

    public int maxConsecutiveFailures() {
        return settings.maxConsecutiveFailures();
    }

    /** Forgets every cached book. */
    public void clear() {
        cache.clear();
    }
}
