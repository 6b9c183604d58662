package dev.orderflow.paper.market;

import dev.orderflow.paper.config.PaperConfig;
import dev.orderflow.paper.domain.Exchange;
import dev.orderflow.paper.domain.SymbolSpec;
import dev.orderflow.paper.fault.Fault;
import dev.orderflow.paper.fault.FaultRegistry;
import dev.orderflow.paper.fault.FaultType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Moves every market one step per {@code paper.refresh-interval}, except frozen ones. */
@Singleton
public class MarketTicker {

    private static final Logger LOG = Logger.getLogger(MarketTicker.class);

    private final Exchange exchange;
    private final FaultRegistry faults;
    private final PaperConfig config;
    private ScheduledExecutorService executor;
    private volatile long lastTick = System.currentTimeMillis();

    public MarketTicker(Exchange exchange, FaultRegistry faults, PaperConfig config) {
        this.exchange = exchange;
        this.faults = faults;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "paper-market-ticker");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, config.refreshInterval().toMillis());
        executor.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** One step now (also used by the admin API). */
    public void tick() {
        try {
            List<String> symbols = exchange.symbols().stream().map(SymbolSpec::symbol).toList();
            Set<String> frozen = faults.frozenSymbols(symbols);
            if (!frozen.isEmpty()) {
                for (Fault fault : faults.activeOf(FaultType.FROZEN_BOOK)) {
                    faults.hit(fault, fault.symbol());
                }
            }
            exchange.tick(frozen);
            lastTick = System.currentTimeMillis();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Market step failed");
        }
    }

    public long lastTickMillis() {
        return lastTick;
    }
}
