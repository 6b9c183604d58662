package dev.orderflow.guards.health;

import dev.orderflow.guards.MarketData;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN after {@code guards.market-data.max-consecutive-failures} failed book fetches in a row: the
 * guards are then blocking every entry with MARKET_DATA_UNAVAILABLE. UP again with the next
 * successful fetch. Always shows the weight budget and the cached symbols.
 */
@Readiness
@ApplicationScoped
public class MarketDataReadinessCheck implements HealthCheck {

    private final MarketData marketData;

    public MarketDataReadinessCheck(MarketData marketData) {
        this.marketData = marketData;
    }

    @Override
    public HealthCheckResponse call() {
        int failures = marketData.consecutiveFailures();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Market data")
                .status(failures < marketData.maxConsecutiveFailures())
                .withData("consecutiveFailures", failures)
                .withData("cachedSymbols", String.join(",", marketData.cachedSymbols().keySet()))
                .withData("weightUsedThisMinute", marketData.limiter().usedInCurrentMinute())
                .withData("weightBudgetPerMinute", marketData.limiter().budgetPerMinute());
        if (marketData.lastSuccess() != null) {
            response.withData("lastSuccess", marketData.lastSuccess().toString());
        }
        if (marketData.lastError() != null) {
            response.withData("lastError", marketData.lastError());
        }
        return response.build();
    }
}
