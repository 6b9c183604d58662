package dev.orderflow.guards;

import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.Intent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The guards' metrics. Meters are created once so that recording a decision costs a few adds.
 * Every name starts with {@code orderflow_guard_}; see docs/guards.md for the queries operators use.
 */
@Singleton
public class GuardMetrics {

    /** Tag value of decisions without a failing reason. */
    public static final String NO_REASON = "NONE";

    private final Map<GuardOutcome, Map<String, Counter>> decisions = new EnumMap<>(GuardOutcome.class);
    private final Map<GuardReason, Counter> failed = new EnumMap<>(GuardReason.class);
    private final Map<GuardReason, Counter> passed = new EnumMap<>(GuardReason.class);
    private final Timer latency;
    private final Counter hits;
    private final Counter misses;
    private final MeterRegistry registry;
    private final Map<String, Counter> fetchOk = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Counter> fetchError = new java.util.concurrent.ConcurrentHashMap<>();
    private final Timer fetchLatency;
    private final Counter redelivered;
    private final Counter invalid;
    private final Counter telemetryDropped;
    private final LongAdder entryDecisions = new LongAdder();
    private final LongAdder entryBlocked = new LongAdder();
    private final LongAdder hitCount = new LongAdder();
    private final LongAdder lookupCount = new LongAdder();

    public GuardMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (GuardOutcome outcome : GuardOutcome.values()) {
            Map<String, Counter> byReason = new java.util.HashMap<>();
            byReason.put(NO_REASON, decisionCounter(registry, outcome, NO_REASON));
            for (GuardReason reason : GuardReason.values()) {
                byReason.put(reason.name(), decisionCounter(registry, outcome, reason.name()));
            }
            decisions.put(outcome, byReason);
        }
        for (GuardReason reason : GuardReason.values()) {
            failed.put(reason, Counter.builder("orderflow_guard_findings").description("Guard findings by reason and result")
                    .tag("reason", reason.name()).tag("result", "fail").register(registry));
            passed.put(reason, Counter.builder("orderflow_guard_findings").description("Guard findings by reason and result")
                    .tag("reason", reason.name()).tag("result", "pass").register(registry));
        }
        latency = Timer.builder("orderflow_guard_decision_latency")
                .description("Time from receiving an intent to its decision, book lookup included")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(50))
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        hits = Counter.builder("orderflow_guard_cache_lookups").description("Book cache lookups").tag("result", "hit").register(registry);
        misses = Counter.builder("orderflow_guard_cache_lookups").description("Book cache lookups").tag("result", "miss").register(registry);
        fetchLatency = Timer.builder("orderflow_guard_book_fetch_latency").description("Duration of book fetches from the exchange")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        redelivered = Counter.builder("orderflow_guard_redelivered_intents")
                .description("Intents seen again; answered with the stored decision").register(registry);
        invalid = Counter.builder("orderflow_guard_invalid_intents")
                .description("Records on orders.intents that are not a valid ORDER_INTENT event; skipped").register(registry);
        telemetryDropped = Counter.builder("orderflow_guard_telemetry_dropped")
                .description("CACHE_HIT/CACHE_MISS events not published (broker slow or down)").register(registry);
        Gauge.builder("orderflow_guard_cache_hit_ratio", this, GuardMetrics::hitRatio)
                .description("Share of book lookups answered from the cache since start").register(registry);
        Gauge.builder("orderflow_guard_block_ratio", this, GuardMetrics::blockRatio)
                .description("Share of entry decisions that blocked or would have blocked (shadow) since start").register(registry);
    }

    private static Counter decisionCounter(MeterRegistry registry, GuardOutcome outcome, String reason) {
        return Counter.builder("orderflow_guard_decisions").description("Guard decisions by outcome and first failing reason")
                .tag("outcome", outcome.name()).tag("reason", reason).register(registry);
    }

    public void decision(GuardDecision decision, long nanos) {
        String reason = NO_REASON;
        for (GuardFinding finding : decision.findings()) {
            (finding.passed() ? passed : failed).get(finding.reason()).increment();
            if (NO_REASON.equals(reason) && (!finding.passed() || finding.reason() == GuardReason.EXIT_BYPASS)) {
                reason = finding.reason().name();
            }
        }
        decisions.get(decision.outcome()).get(reason).increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
        if (decision.intent() == Intent.ENTRY) {
            entryDecisions.increment();
            if (decision.outcome() != GuardOutcome.ALLOW) {
                entryBlocked.increment();
            }
        }
    }

    public void lookup(boolean hit) {
        lookupCount.increment();
        if (hit) {
            hitCount.increment();
            hits.increment();
        } else {
            misses.increment();
        }
    }

    /** A fetch from the exchange; per symbol (one series per traded symbol), so single flight can be checked per symbol. */
    public void fetched(String symbol, boolean ok, long nanos) {
        (ok ? fetchOk : fetchError).computeIfAbsent(symbol, s -> Counter.builder("orderflow_guard_book_fetches")
                .description("Book fetches from the exchange").tag("symbol", s).tag("result", ok ? "ok" : "error")
                .register(registry)).increment();
        fetchLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Intents being decided right now (the consumer handles several at once). */
    public void inFlightGauge(java.util.function.IntSupplier inFlight) {
        Gauge.builder("orderflow_guard_intents_in_flight", inFlight, s -> s.getAsInt())
                .description("Intents being decided right now").register(registry);
    }

    public void redelivered() {
        redelivered.increment();
    }

    public void invalidIntent() {
        invalid.increment();
    }

    public void telemetryDropped() {
        telemetryDropped.increment();
    }

    double hitRatio() {
        long lookups = lookupCount.sum();
        return lookups == 0 ? 0 : (double) hitCount.sum() / lookups;
    }

    double blockRatio() {
        long all = entryDecisions.sum();
        return all == 0 ? 0 : (double) entryBlocked.sum() / all;
    }
}
