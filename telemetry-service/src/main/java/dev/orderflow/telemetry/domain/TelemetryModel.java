package dev.orderflow.telemetry.domain;

import dev.orderflow.contracts.events.CacheSample;
import dev.orderflow.contracts.events.CoidDuplicate;
import dev.orderflow.contracts.events.EntrySlippage;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.Heartbeat;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderFill;
import dev.orderflow.contracts.events.OrderStateChanged;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.RateLimitThrottle;
import dev.orderflow.contracts.events.ReconciliationFinding;
import dev.orderflow.contracts.events.ReconciliationRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Figures of the order flow per symbol, per strategy and overall, over rolling windows, built from
 * the events in the order they are applied. Each event counts at its own time ({@code time}), so a
 * replayed backlog lands in the buckets it belongs to. One thread applies events; readers take
 * snapshots; both go through this object's lock, which a snapshot holds for well under a
 * millisecond per scope.
 */
public final class TelemetryModel {

    /** Venue duplicates remembered so that one reported by run after run counts once. */
    private static final int MAX_REMEMBERED_DUPLICATES = 10_000;

    private static final Window[] WINDOWS = Window.values();
    private static final Set<String> FINAL_RUN_PHASES = Set.of("FINISHED", "FAILED");

    private final Clock clock;
    private final int maxScopes;
    private final int maxTrackedOrders;
    private final Scope overall = new Scope();
    private final Map<String, Scope> symbols = new HashMap<>();
    private final Map<String, Scope> strategies = new HashMap<>();
    private final LinkedHashMap<String, TrackedOrder> orders;
    private final InstanceRegistry instances = new InstanceRegistry();
    private final FigureBucket[] touched = new FigureBucket[WINDOWS.length * 3];
    private final LinkedHashMap<String, Boolean> countedDuplicates = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REMEMBERED_DUPLICATES;
        }
    };
    private ReconciliationSummary lastReconciliation;
    private long eventsApplied;

    private static final class Scope {
        final BucketRing[] rings = new BucketRing[WINDOWS.length];

        Scope() {
            clear();
        }

        void clear() {
            for (Window window : WINDOWS) {
                rings[window.ordinal()] = new BucketRing(window);
            }
        }
    }

    private static final class TrackedOrder {
        String strategyId;
        long submittedAtMillis = -1;
        boolean firstFillSeen;
    }

    /**
     * @param maxScopes        symbols plus strategies given figures of their own; later ones count overall only
     * @param maxTrackedOrders orders remembered for their strategy and time to first fill, finished ones too
     *                         (their slippage and late fills come after); the oldest is forgotten
     */
    public TelemetryModel(Clock clock, int maxScopes, int maxTrackedOrders) {
        this.clock = clock;
        this.maxScopes = maxScopes;
        this.maxTrackedOrders = maxTrackedOrders;
        this.orders = new LinkedHashMap<>(Math.min(maxTrackedOrders, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TrackedOrder> eldest) {
                return size() > TelemetryModel.this.maxTrackedOrders;
            }
        };
    }

    public synchronized void apply(EventEnvelope<?> event) {
        long at = event.time().toEpochMilli();
        long now = clock.millis();
        eventsApplied++;
        switch (event.data()) {
            case OrderStateChanged change -> onStateChanged(event.type(), change, at, now);
            case OrderFill fill -> onFill(event.type(), fill, at, now);
            case EntrySlippage slippage -> {
                int n = buckets(slippage.symbol(), strategyOf(slippage.clientOrderId()), at, now);
                double bps = slippage.slippageBps().doubleValue();
                for (int i = 0; i < n; i++) {
                    touched[i].slippageBps.record(bps);
                }
            }
            case CoidDuplicate replay -> {
                int n = buckets(replay.symbol(), replay.strategyId(), at, now);
                for (int i = 0; i < n; i++) {
                    touched[i].replays++;
                }
            }
            case RateLimitThrottle throttle -> {
                int n = buckets(throttle.symbol(), null, at, now);
                for (int i = 0; i < n; i++) {
                    touched[i].throttles++;
                }
            }
            case GuardDecision decision -> onDecision(decision, at, now);
            case CacheSample sample -> {
                int n = buckets(sample.symbol(), null, at, now);
                boolean hit = event.type() == EventType.CACHE_HIT;
                for (int i = 0; i < n; i++) {
                    if (hit) {
                        touched[i].cacheHits += sample.lookupCount();
                    } else {
                        touched[i].cacheMisses += sample.lookupCount();
                    }
                }
            }
            case ReconciliationRun run -> onReconciliation(run, at, now);
            case Heartbeat heartbeat -> instances.record(heartbeat);
            default -> {
                // Alerts and commands are archived, not counted.
            }
        }
    }

    private void onStateChanged(EventType type, OrderStateChanged change, long at, long now) {
        TrackedOrder order = null;
        if (change.to() == OrderStatus.ACCEPTED || change.to() == OrderStatus.SUBMITTING) {
            order = orders.computeIfAbsent(change.clientOrderId(), k -> new TrackedOrder());
            if (change.strategyId() != null) {
                order.strategyId = change.strategyId();
            }
        }
        String strategy = change.strategyId() != null ? change.strategyId() : strategyOf(change.clientOrderId());
        int n = buckets(change.symbol(), strategy, at, now);
        boolean resubmission = change.from() == OrderStatus.UNKNOWN;
        for (int i = 0; i < n; i++) {
            FigureBucket bucket = touched[i];
            if (!(change.to() == OrderStatus.SUBMITTING && resubmission)) {
                bucket.ordersByState[change.to().ordinal()]++;
            }
            if (change.to() == OrderStatus.SUBMITTING) {
                bucket.submissions++;
                if (!resubmission && change.intent() == Intent.ENTRY) {
                    bucket.entriesSubmitted++;
                }
            }
        }
        if (change.to() == OrderStatus.SUBMITTING && order != null && order.submittedAtMillis < 0) {
            order.submittedAtMillis = at;
        }
    }

    private void onFill(EventType type, OrderFill fill, long at, long now) {
        TrackedOrder order = orders.get(fill.clientOrderId());
        int n = buckets(fill.symbol(), order == null ? null : order.strategyId, at, now);
        boolean firstFill = fill.cumulativeQuantity().compareTo(fill.quantity()) == 0;
        long timeToFirstFill = -1;
        if (order != null && !order.firstFillSeen && order.submittedAtMillis >= 0) {
            Instant firstFillAt = fill.firstFillAt() != null ? fill.firstFillAt() : fill.filledAt();
            timeToFirstFill = Math.max(0, firstFillAt.toEpochMilli() - order.submittedAtMillis);
            order.firstFillSeen = true;
        }
        for (int i = 0; i < n; i++) {
            FigureBucket bucket = touched[i];
            if (type == EventType.ORDER_PARTIAL) {
                bucket.partialFills++;
                if (firstFill) {
                    bucket.ordersByState[OrderStatus.PARTIALLY_FILLED.ordinal()]++;
                }
            } else {
                bucket.ordersByState[OrderStatus.FILLED.ordinal()]++;
                if (fill.intent() == Intent.ENTRY) {
                    bucket.entriesFilled++;
                }
            }
            if (timeToFirstFill >= 0) {
                bucket.timeToFirstFillMs.record(timeToFirstFill);
            }
        }
    }

    private void onDecision(GuardDecision decision, long at, long now) {
        if (decision.intent() != Intent.ENTRY) {
            return;
        }
        int n = buckets(decision.symbol(), strategyOf(decision.clientOrderId()), at, now);
        int outcome = decision.outcome().ordinal();
        for (int i = 0; i < n; i++) {
            FigureBucket bucket = touched[i];
            bucket.decisions[outcome]++;
            if (decision.outcome() != GuardOutcome.ALLOW) {
                for (GuardFinding finding : decision.findings()) {
                    if (!finding.passed()) {
                        bucket.reasons[outcome][finding.reason().ordinal()]++;
                    }
                }
            }
        }
    }

    private void onReconciliation(ReconciliationRun run, long at, long now) {
        Map<String, Long> byKind = new TreeMap<>();
        run.findings().forEach(f -> byKind.merge(f.kind(), 1L, Long::sum));
        if (lastReconciliation == null || !run.phase().equals("REQUESTED")) {
            lastReconciliation = new ReconciliationSummary(run.runId(), run.kind(), run.phase(), run.startedAt(),
                    run.finishedAt(), run.findings().size(), byKind, run.error());
        }
        if (!FINAL_RUN_PHASES.contains(run.phase())) {
            return;
        }
        for (ReconciliationFinding finding : run.findings()) {
            // Every run reports an unresolved venue duplicate again: each venue order counts once.
            boolean newDuplicate = finding.venueDuplicate()
                    && countedDuplicates.putIfAbsent(finding.symbol() + "/" + finding.exchangeOrderId(), Boolean.TRUE) == null;
            int n = buckets(finding.symbol(), strategyOf(finding.clientOrderId()), at, now);
            for (int i = 0; i < n; i++) {
                touched[i].findingsByKind.merge(finding.kind(), 1L, Long::sum);
                if (newDuplicate) {
                    touched[i].venueDuplicates++;
                }
            }
        }
    }

    private String strategyOf(String clientOrderId) {
        if (clientOrderId == null) {
            return null;
        }
        TrackedOrder order = orders.get(clientOrderId);
        return order == null ? null : order.strategyId;
    }

    /** Fills {@link #touched} with the buckets an event at {@code at} counts in; returns how many. */
    private int buckets(String symbol, String strategy, long at, long now) {
        int n = addBuckets(overall, at, now, 0);
        if (symbol != null) {
            Scope scope = scope(symbols, symbol);
            if (scope != null) {
                n = addBuckets(scope, at, now, n);
            }
        }
        if (strategy != null) {
            Scope scope = scope(strategies, strategy);
            if (scope != null) {
                n = addBuckets(scope, at, now, n);
            }
        }
        return n;
    }

    private Scope scope(Map<String, Scope> scopes, String key) {
        Scope scope = scopes.get(key);
        if (scope == null && symbols.size() + strategies.size() < maxScopes) {
            scope = new Scope();
            scopes.put(key, scope);
        }
        return scope;
    }

    private int addBuckets(Scope scope, long at, long now, int n) {
        for (BucketRing ring : scope.rings) {
            FigureBucket bucket = ring.bucketFor(at, now);
            if (bucket != null) {
                touched[n++] = bucket;
            }
        }
        return n;
    }

    /** Forgets everything, before the figures are built again from the archive. */
    public synchronized void reset() {
        overall.clear();
        symbols.clear();
        strategies.clear();
        orders.clear();
        countedDuplicates.clear();
        instances.clear();
        lastReconciliation = null;
        eventsApplied = 0;
    }

    public synchronized long eventsApplied() {
        return eventsApplied;
    }

    /** Every figure of every scope and window, heartbeats and the last reconciliation, as of {@code now}. */
    public synchronized TelemetrySnapshot snapshot(Duration heartbeatMissingAfter) {
        Instant now = clock.instant();
        long nowMillis = now.toEpochMilli();
        Map<String, ScopeFigures> windows = new LinkedHashMap<>();
        for (Window window : WINDOWS) {
            Map<String, Figures> bySymbol = new TreeMap<>();
            symbols.forEach((symbol, scope) -> bySymbol.put(symbol, sum(scope, window, nowMillis)));
            Map<String, Figures> byStrategy = new TreeMap<>();
            strategies.forEach((strategy, scope) -> byStrategy.put(strategy, sum(scope, window, nowMillis)));
            windows.put(window.label(), new ScopeFigures(sum(overall, window, nowMillis), bySymbol, byStrategy));
        }
        instances.forgetOlderThan(now.minus(InstanceRegistry.KEEP_SAMPLES));
        return new TelemetrySnapshot(now, windows, instances.figures(now, heartbeatMissingAfter), lastReconciliation,
                trend(nowMillis));
    }

    /** The overall figures over the last {@code length} (rounded up to whole buckets of the finest window that covers it). */
    public synchronized Figures overall(Duration length) {
        long nowMillis = clock.millis();
        for (Window window : WINDOWS) {
            if (window.length().compareTo(length) >= 0) {
                int buckets = (int) Math.min(window.buckets(), (length.toMillis() + window.bucketMillis() - 1) / window.bucketMillis());
                FigureBucket sum = new FigureBucket();
                for (int ago = 0; ago < Math.max(1, buckets); ago++) {
                    FigureBucket bucket = overall.rings[window.ordinal()].bucketAgo(ago, nowMillis);
                    if (bucket != null) {
                        bucket.addTo(sum);
                    }
                }
                return Figures.of(sum);
            }
        }
        return sum(overall, Window.ONE_DAY, nowMillis);
    }

    public synchronized List<InstanceFigures> instances(Duration heartbeatMissingAfter) {
        return instances.figures(clock.instant(), heartbeatMissingAfter);
    }

    public synchronized Map<String, java.math.BigDecimal> memoryGrowth(Duration window) {
        return instances.memoryGrowth(clock.instant(), window);
    }

    public synchronized Map<String, java.math.BigDecimal> cpuIncrease() {
        return instances.cpuIncrease(clock.instant());
    }

    public synchronized List<InstanceRegistry.CpuBaseline> cpuBaselines() {
        return instances.cpuBaselines();
    }

    /** Every hour of the day window that holds events, overall and per symbol. */
    public synchronized List<HourlyRollup> hourlyRollups() {
        long nowMillis = clock.millis();
        List<HourlyRollup> rollups = new ArrayList<>();
        addRollups(rollups, HourlyRollup.OVERALL, HourlyRollup.ALL, overall, nowMillis);
        symbols.forEach((symbol, scope) -> addRollups(rollups, HourlyRollup.SYMBOL, symbol, scope, nowMillis));
        return rollups;
    }

    private static void addRollups(List<HourlyRollup> rollups, String scopeName, String key, Scope scope, long nowMillis) {
        BucketRing ring = scope.rings[Window.ONE_DAY.ordinal()];
        for (int ago = 0; ago < Window.ONE_DAY.buckets(); ago++) {
            FigureBucket bucket = ring.bucketAgo(ago, nowMillis);
            if (bucket != null) {
                rollups.add(new HourlyRollup(Instant.ofEpochMilli(bucket.index * Window.ONE_DAY.bucketMillis()), scopeName, key,
                        bucket.toJson()));
            }
        }
    }

    private static Figures sum(Scope scope, Window window, long nowMillis) {
        FigureBucket sum = new FigureBucket();
        scope.rings[window.ordinal()].addTo(sum, nowMillis);
        return Figures.of(sum);
    }

    private List<TrendPoint> trend(long nowMillis) {
        BucketRing ring = overall.rings[Window.FIVE_MINUTES.ordinal()];
        List<TrendPoint> points = new ArrayList<>();
        for (int ago = Window.FIVE_MINUTES.buckets() - 1; ago >= 0; ago--) {
            long index = nowMillis / Window.FIVE_MINUTES.bucketMillis() - ago;
            Instant from = Instant.ofEpochMilli(index * Window.FIVE_MINUTES.bucketMillis());
            FigureBucket bucket = ring.bucketAgo(ago, nowMillis);
            points.add(bucket == null ? TrendPoint.empty(from) : TrendPoint.of(from, bucket));
        }
        return points;
    }
}
