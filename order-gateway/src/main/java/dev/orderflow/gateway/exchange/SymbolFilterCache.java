package dev.orderflow.gateway.exchange;

import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.domain.SymbolFilters;
import dev.orderflow.venue.SymbolRules;
import dev.orderflow.venue.Venue;
import dev.orderflow.venue.VenueUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The venue's rules loaded on first use and refreshed after {@code gateway.symbol-filters-refresh}. The
 * gateway starts without the exchange; order intake answers 503 until the rules could be loaded once.
 * A failed refresh keeps the last rules.
 */
@ApplicationScoped
public class SymbolFilterCache {

    private static final Logger LOG = Logger.getLogger(SymbolFilterCache.class);

    private final Venue venue;
    private final GatewayConfig config;
    private volatile Map<String, SymbolFilters> symbols;
    private volatile Instant loadedAt = Instant.EPOCH;
    private final AtomicBoolean refreshing = new AtomicBoolean();

    public SymbolFilterCache(Venue venue, GatewayConfig config) {
        this.venue = venue;
        this.config = config;
    }

    /**
     * The symbol's rules, empty when the exchange does not list the symbol.
     *
     * @throws VenueUnavailableException when the rules were never loaded and cannot be now
     */
    public Optional<SymbolFilters> filters(String symbol) {
        return Optional.ofNullable(current().get(symbol));
    }

    /**
     * The symbol's base asset for booking a fill. A symbol's assets never change, so rules already loaded
     * are used as they are, without a refresh at the exchange while the caller holds the order's row; empty
     * when the exchange does not list the symbol or its rules cannot be loaded now.
     */
    public Optional<String> baseAsset(String symbol) {
        Map<String, SymbolFilters> loaded = symbols;
        try {
            return Optional.ofNullable((loaded != null ? loaded : current()).get(symbol)).map(SymbolFilters::baseAsset);
        } catch (VenueUnavailableException e) {
            return Optional.empty();
        }
    }

    private Map<String, SymbolFilters> current() {
        Map<String, SymbolFilters> current = symbols;
        if (current == null) {
            return load(null); // nothing to serve meanwhile: the first requests wait for the first load
        }
        if (!expired()) {
            return current;
        }
        // rules change rarely: the orders arriving while one request refreshes them use the rules loaded,
        // rather than queue behind exchangeInfo (every intake stalled for the refresh before)
        if (!refreshing.compareAndSet(false, true)) {
            return current;
        }
        try {
            return load(current);
        } finally {
            refreshing.set(false);
        }
    }

    private boolean expired() {
        return Instant.now().isAfter(loadedAt.plus(config.symbolFiltersRefresh()));
    }

    /** Loads the rules unless another thread did while this one waited; the rules loaded. */
    private synchronized Map<String, SymbolFilters> load(Map<String, SymbolFilters> seen) {
        if (symbols != seen && !expired()) {
            return symbols;
        }
        try {
            symbols = venue.rules().symbols().values().stream()
                    .collect(Collectors.toUnmodifiableMap(SymbolRules::symbol, SymbolFilterCache::filters));
            loadedAt = Instant.now();
            LOG.infof("Loaded exchange rules for %d symbols", symbols.size());
        } catch (VenueUnavailableException e) {
            if (symbols == null) {
                throw e;
            }
            LOG.warnf("exchangeInfo refresh failed, keeping rules loaded at %s: %s", loadedAt, e.getMessage());
            loadedAt = Instant.now().minus(config.symbolFiltersRefresh()).plusSeconds(30);
        }
        return symbols;
    }

    private static SymbolFilters filters(SymbolRules r) {
        return new SymbolFilters(r.symbol(), r.status(), r.baseAsset(), r.quoteAsset(), r.minPrice(), r.maxPrice(), r.tickSize(), r.minQty(), r.maxQty(), r.stepSize(),
                r.minNotional(), r.applyMinNotionalToMarket());
    }

    public boolean loaded() {
        return symbols != null;
    }
}
