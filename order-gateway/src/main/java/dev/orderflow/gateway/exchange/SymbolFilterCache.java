package dev.orderflow.gateway.exchange;

import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.domain.SymbolFilters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * exchangeInfo loaded on first use and refreshed after {@code gateway.symbol-filters-refresh}. The
 * gateway starts without the exchange; order intake answers 503 until the rules could be loaded once.
 * A failed refresh keeps the last rules.
 */
@ApplicationScoped
public class SymbolFilterCache {

    private static final Logger LOG = Logger.getLogger(SymbolFilterCache.class);

    private final VenueGate venue;
    private final GatewayConfig config;
    private volatile ExchangeInfo info;
    private volatile Instant loadedAt = Instant.EPOCH;

    public SymbolFilterCache(VenueGate venue, GatewayConfig config) {
        this.venue = venue;
        this.config = config;
    }

    /** The symbol's rules, empty when the exchange does not list the symbol. */
    public Optional<SymbolFilters> filters(String symbol) {
        return Optional.ofNullable(current().symbols().get(symbol));
    }

    /** The current exchangeInfo, loading it when missing or stale. */
    public ExchangeInfo current() {
        ExchangeInfo current = info;
        if (current == null || Instant.now().isAfter(loadedAt.plus(config.symbolFiltersRefresh()))) {
            synchronized (this) {
                if (info == null || Instant.now().isAfter(loadedAt.plus(config.symbolFiltersRefresh()))) {
                    try {
                        info = venue.exchangeInfo();
                        loadedAt = Instant.now();
                        LOG.infof("Loaded exchange rules for %d symbols", info.symbols().size());
                    } catch (ExchangeUnavailableException e) {
                        if (info == null) {
                            throw e;
                        }
                        LOG.warnf("exchangeInfo refresh failed, keeping rules loaded at %s: %s", loadedAt, e.getMessage());
                        loadedAt = Instant.now().minus(config.symbolFiltersRefresh()).plusSeconds(30);
                    }
                }
                current = info;
            }
        }
        return current;
    }

    public boolean loaded() {
        return info != null;
    }
}
