package dev.orderflow.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Settings of the order gateway. Durations use the ISO-8601 or the short form ({@code 500ms}, {@code 7d}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Intake intake();

    Outbox outbox();

    Guards guards();

    Reconcile reconcile();

    Retention retention();

    Submission submission();

    Locks locks();

    Sweep sweep();

    Executions executions();

    interface Intake {
        /**
         * Threads that write new orders. Each writes, in one transaction, every order that arrived while
         * its previous transaction was being written, so concurrent requests share a commit.
         */
        @WithDefault("2")
        @Min(1)
        @Max(16)
        int writers();

        /** Most new orders one intake transaction writes. */
        @WithDefault("64")
        @Min(1)
        @Max(1000)
        int maxOrdersPerCommit();
    }

    interface Sweep {
        /** How often the order table is swept for work left behind (unsent, timed-out, unknown orders). */
        @WithDefault("1s")
        Duration interval();
    }

    interface Executions {
        /** How often open orders are polled at the exchange (fallback for missed execution reports). */
        @WithDefault("5s")
        Duration pollInterval();

        /** Whether execution reports are read from the exchange's user data stream (WebSocket). */
        @WithDefault("true")
        boolean userDataStream();

        /** How often the listen key is kept alive (Binance expires it after 60 minutes). */
        @WithDefault("30m")
        Duration keepAliveInterval();
    }

    /** Seconds a client is told to wait (Retry-After) when a dependency (Postgres, the exchange) is down. */
    @WithDefault("2")
    @Min(1)
    @Max(300)
    int retryAfterSeconds();

    /** How long exchange symbol filters (tick, step, min notional) are cached before they are reloaded. */
    @WithDefault("10m")
    Duration symbolFiltersRefresh();

    interface Outbox {
        /** Longest pause between two relay passes when nothing wakes the relay earlier. */
        @WithDefault("200ms")
        Duration pollInterval();

        /** Rows relayed per pass. */
        @WithDefault("500")
        @Min(1)
        @Max(10_000)
        int batchSize();

        /** Readiness is DOWN while the oldest unpublished row is older than this. */
        @WithDefault("30s")
        Duration maxLag();

        /**
         * Published rows older than this are deleted by the retention job (Kafka holds the events from
         * then on); rows not yet published are never deleted.
         */
        @WithDefault("24h")
        Duration retention();
    }

    interface Guards {
        /** How long an entry waits for the guards' decision. */
        @WithDefault("5s")
        Duration timeout();

        /** true: an entry without a decision in time is BLOCKED (GUARD_TIMEOUT); false: it is submitted. */
        @WithDefault("true")
        boolean failClosed();

        /** The risk guards' consumer group on {@code orders.intents}: no member in it means no guard is running. */
        @WithDefault("risk-guards")
        String group();

        /**
         * How often the guards' group is looked at. With fail-closed guards, an entry arriving while the
         * group has no member, or while this instance's decision consumer has no partitions, is refused at
         * once with 503 and Retry-After rather than accepted and blocked by the guard timeout later.
         */
        @WithDefault("1s")
        Duration presenceInterval();

        /**
         * With fail-closed guards: an entry is refused with 503 and Retry-After while the oldest entry
         * waiting for a decision (in any instance) has waited longer than this. The guards answer a
         * symbol's intents in order, so a new entry would wait at least as long and likely be BLOCKED by
         * the timeout after its 201. Keep it well below {@link #timeout()}.
         */
        @WithDefault("2500ms")
        Duration maxWait();

        /**
         * With fail-closed guards: an entry is refused with 503 and Retry-After while this many entries
         * are already waiting for a decision, so a burst (a restart's retried backlog) is not accepted
         * in one piece faster than the guards can decide it.
         */
        @WithDefault("500")
        @Min(1)
        int maxWaiting();

        /** How often the entries waiting for a decision are counted (one indexed query). */
        @WithDefault("250ms")
        Duration backlogInterval();
    }

    interface Reconcile {
        /** With ENABLE_STARTUP_RECONCILE: how long to wait for the reconciler's STARTUP run to finish. */
        @WithDefault("5m")
        Duration startupTimeout();

        /** What happens when that wait times out: false keeps entries refused (fail closed), true opens trading. */
        @WithDefault("false")
        boolean proceedOnTimeout();

        /** After the reconciler reports this instance's run FAILED, wait this long before requesting a new run. */
        @WithDefault("30s")
        Duration retryBackoff();
    }

    interface Retention {
        /** Terminal orders older than this are purged with their history; at least 24 hours. */
        @WithDefault("7d")
        Duration coidRetention();

        /** Orders deleted per purge statement. */
        @WithDefault("1000")
        @Min(1)
        int purgeBatchSize();

        /** How often the retention purge runs. */
        @WithDefault("10m")
        Duration purgeInterval();
    }

    interface Submission {
        /** false: orders are accepted and stored but never sent (an intake-only deployment or test). */
        @WithDefault("true")
        boolean enabled();

        /** Time allowed for one exchange request before its outcome counts as unknown. */
        @WithDefault("5s")
        Duration requestTimeout();

        /** First pause before querying an order whose outcome is unknown; doubled each attempt. */
        @WithDefault("500ms")
        Duration unknownBackoffInitial();

        /** Longest pause between two status queries (a venue's Retry-After can make one longer). */
        @WithDefault("2s")
        Duration unknownBackoffMax();

        /**
         * How long after entering UNKNOWN "not found" at the exchange still may not mean "never placed". The
         * venue refuses any request older than its recvWindow, so at least the exchange's recvWindow + 1 s
         * (checked at start-up).
         */
        @WithDefault("10s")
        Duration unknownQueryWindow();

        /**
         * Worker threads that talk to the exchange. A worker records the exchange's answer after it has
         * given the symbol back, so the next order of the symbol needs another worker meanwhile; with
         * about as many workers as symbols in flight, each symbol's queue waited for a worker whenever
         * commits were slow (at 200 orders/s on three symbols, 4 workers gave a p99 of 50-130 ms, 8 gave 17-27 ms).
         */
        @WithDefault("8")
        @Min(1)
        @Max(64)
        int workers();

        /**
         * Orders this instance may hold waiting for a worker; beyond it new entries are refused with 503
         * and Retry-After instead of being sent late (exits are still taken).
         */
        @WithDefault("500")
        @Min(1)
        int maxBacklog();
    }

    interface Locks {
        /** Lease of a symbol lock; a holder that dies loses it after this. */
        @WithDefault("10s")
        Duration lease();

        /** Longest wait for a symbol lock before the submission is retried later. */
        @WithDefault("2s")
        Duration maxWait();
    }
}
