package dev.orderflow.reconciler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Reconciliation runs. */
@ConfigMapping(prefix = "reconciler")
public interface ReconcilerConfig {

    /** Time between PERIODIC runs (env RECONCILER_PERIODIC_INTERVAL); {@code 0s} turns periodic runs off. */
    @WithDefault("60s")
    Duration periodicInterval();

    /**
     * Orders changed more recently than this (locally or at the exchange) are not judged yet: their
     * events may still be on the way from the gateway's outbox.
     */
    @WithDefault("10s")
    Duration gracePeriod();

    /**
     * SUBMITTING and UNKNOWN orders are left to the gateway's own resolution for this long after their
     * last change (keep it above the gateway's {@code gateway.submission.unknown-query-window}, 10 s by
     * default), so a run never marks lost an order the gateway is about to query or send again.
     */
    @WithDefault("60s")
    Duration unresolvedGracePeriod();

    /**
     * Order TTL (env RECONCILER_ORDER_TTL): an order open at the exchange for longer than this is canceled
     * (finding TTL_EXPIRED, CANCEL with reason "TTL: ..."). Counted from placement, or from the first fill
     * when USE_FIRST_FILL_TS_FOR_TTL is on and the order has fills. {@code 0s} (default) turns the TTL off.
     * An order whose request gave its own {@code ttlSeconds} is held to that instead.
     */
    @WithDefault("0s")
    Duration orderTtl();

    /**
     * A run left in STARTED for longer than this (its instance died) is run again when its request is
     * delivered again.
     */
    @WithDefault("5m")
    Duration staleRunAfter();

    /** Readiness "Exchange reachable" goes DOWN after this many consecutive runs failed on the exchange. */
    @WithDefault("3")
    @Min(1)
    @Max(1000)
    int exchangeFailuresBeforeDown();

    /**
     * How long the reconciler remembers final orders with their trades, processed event ids and finished
     * runs (env RECONCILER_RETENTION). Keep it at least the retention of {@code orders.events} (30 days):
     * Kafka can deliver an event again for as long as it keeps it, and an event whose id was forgotten
     * would be applied again. Orders still open are never purged.
     */
    @WithDefault("30d")
    Duration retention();

    /** Time between two retention purges (env RECONCILER_PURGE_INTERVAL). */
    @WithDefault("1h")
    Duration purgeInterval();

    /** Rows deleted per statement by the retention purge, so a purge never holds long locks. */
    @WithDefault("1000")
    @Min(1)
    @Max(100000)
    int purgeBatchSize();

    /**
     * Runs asked for with POST /api/v1/reconciliation/runs start at most once per this interval (env
     * RECONCILER_ON_DEMAND_MIN_INTERVAL); a request sooner is answered 429 with Retry-After. A run spends the
     * exchange's request weight, which the gateway's orders draw on from the same address.
     */
    @WithDefault("10s")
    Duration onDemandMinInterval();

    /** Runs listed by GET /api/v1/reconciliation/runs when no limit is given. */
    @WithDefault("20")
    @Min(1)
    @Max(500)
    int recentRuns();
}
