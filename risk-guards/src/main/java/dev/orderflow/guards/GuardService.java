package dev.orderflow.guards;

import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderIntent;
import dev.orderflow.guards.config.GuardSettings;
import dev.orderflow.guards.domain.BookCache;
import dev.orderflow.guards.domain.Evaluation;
import dev.orderflow.guards.domain.GuardEvaluator;
import dev.orderflow.guards.domain.GuardMode;
import dev.orderflow.guards.domain.GuardPolicy;
import dev.orderflow.guards.domain.MarketDataUnavailableException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Decides one intent: exit bypass, the enabled guards on one cached book, or MARKET_DATA_UNAVAILABLE
 * when there is no book. Never touches Kafka or the database; the consumer does.
 */
@Singleton
public class GuardService {

    private final GuardSettings settings;
    private final MarketData marketData;
    private final GuardMetrics metrics;
    private final GuardEvaluator evaluator = new GuardEvaluator();
    private final Clock clock = Clock.systemUTC();

    public GuardService(GuardSettings settings, MarketData marketData, GuardMetrics metrics) {
        this.settings = settings;
        this.marketData = marketData;
        this.metrics = metrics;
    }

    public GuardDecision decide(OrderIntent intent) {
        long start = System.nanoTime();
        GuardPolicy policy = settings.policyFor(intent.symbol());
        Evaluation evaluation;
        Instant bookTime = null;
        if (intent.intent() == Intent.EXIT) {
            evaluation = evaluator.exitBypass();
        } else if (!policy.anyGuard()) {
            evaluation = evaluator.unguarded();
        } else {
            try {
                BookCache.Lookup lookup = marketData.book(intent.symbol());
                bookTime = lookup.book().time();
                evaluation = evaluator.evaluate(intent, lookup.book(), settings.thresholdsFor(intent.symbol()), policy, clock.instant());
            } catch (MarketDataUnavailableException e) {
                evaluation = evaluator.unavailable(policy, e.getMessage());
            }
        }
        long nanos = System.nanoTime() - start;
        GuardDecision decision = new GuardDecision(intent.clientOrderId(), intent.symbol(), intent.side(), intent.intent(),
                evaluation.outcome(), policy.mode() == GuardMode.SHADOW, policy.consolidated(),
                evaluation.findings(), bookTime, TimeUnit.NANOSECONDS.toMicros(nanos), clock.instant(), evaluation.expectedPrice());
        metrics.decision(decision, nanos);
        return decision;
    }
}
