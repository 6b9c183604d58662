package dev.orderflow.guards;

import dev.orderflow.guards.config.GuardConfig;
import dev.orderflow.guards.domain.BookCache;
import dev.orderflow.guards.domain.BookSource;
import dev.orderflow.guards.domain.MarketDataUnavailableException;
import dev.orderflow.guards.domain.OrderBook;
import dev.orderflow.guards.exchange.VenueBooks;
import dev.orderflow.guards.messaging.CacheTelemetry;
import dev.orderflow.venue.RequestLimiter;
import dev.orderflow.venue.Venue;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The service's book cache wired to the venue: TTL and single flight from {@link BookCache}, books
 * within the venue's weight budget (see {@link dev.orderflow.guards.exchange.VenueProducer}), lookups and fetches counted as metrics
 * and published as CACHE_HIT / CACHE_MISS.
 */
@Singleton
public class MarketData {

    private static final Logger LOG = Logger.getLogger(MarketData.class);

    private final BookCache cache;
    private final BookSource exchange;
    private final RequestLimiter limiter;
    private final GuardConfig.MarketData settings;
    private final Clock clock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    private final AtomicReference<String> lastFailedSymbol = new AtomicReference<>();

    @Inject
    public MarketData(GuardConfig config, Venue venue, GuardMetrics metrics, CacheTelemetry telemetry) {
        this.clock = Clock.systemUTC();
        this.settings = config.marketData();
        this.limiter = venue.limiter();
        this.exchange = new VenueBooks(venue, settings.depthLimit());
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
                venue.settings().baseUrl(), settings.depthLimit(), Venue.depthWeight(settings.depthLimit()),
                config.cache().ttl().toMillis(), limiter.budgetPerMinute(), limiter.sized() ? "" : " until exchangeInfo is read");
    }

    /** A fresh book for the symbol (see {@link BookCache#get}). */
    public BookCache.Lookup book(String symbol) {
        return cache.get(symbol);
    }

    private OrderBook fetch(String symbol) {
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

    public RequestLimiter limiter() {
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
