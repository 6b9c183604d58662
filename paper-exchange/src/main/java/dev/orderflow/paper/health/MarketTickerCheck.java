package dev.orderflow.paper.health;

import dev.orderflow.paper.config.PaperConfig;
import dev.orderflow.paper.market.MarketTicker;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** DOWN when the market simulation stopped moving (no step for 20 refresh intervals). */
@Liveness
@ApplicationScoped
public class MarketTickerCheck implements HealthCheck {

    private final MarketTicker ticker;
    private final PaperConfig config;

    public MarketTickerCheck(MarketTicker ticker, PaperConfig config) {
        this.ticker = ticker;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        long age = System.currentTimeMillis() - ticker.lastTickMillis();
        long limit = Math.max(10_000, 20 * config.refreshInterval().toMillis());
        return HealthCheckResponse.named("Paper market simulation").status(age <= limit)
                .withData("lastStepAgeMs", age).build();
    }
}
