package dev.orderflow.reconciler.health;

import dev.orderflow.reconciler.config.ReconcilerConfig;
import dev.orderflow.reconciler.service.ReconciliationRunner;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN once {@code reconciler.exchange-failures-before-down} runs in a row failed because the exchange
 * could not be asked; UP again after the next successful run. A reconciler that cannot see the
 * exchange cannot open a gateway's entry gate, and this says so.
 */
@Readiness
@ApplicationScoped
public class ExchangeReachableCheck implements HealthCheck {

    private final ReconciliationRunner runner;
    private final ReconcilerConfig config;

    public ExchangeReachableCheck(ReconciliationRunner runner, ReconcilerConfig config) {
        this.runner = runner;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        int failures = runner.consecutiveExchangeFailures();
        return HealthCheckResponse.named("Exchange reachable")
                .withData("consecutiveFailedRuns", failures)
                .withData("threshold", config.exchangeFailuresBeforeDown())
                .status(failures < config.exchangeFailuresBeforeDown())
                .build();
    }
}
