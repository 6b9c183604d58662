package dev.orderflow.contracts.flags;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;

/**
 * The feature flags of the deployment guide, with the exact environment variable names it uses.
 * A flag without a rollout phase is the master switch. Every feature defaults to off so that a
 * service deployed without a flags ConfigMap behaves like the system before hardening, except for
 * the master switch itself.
 */
public enum FeatureFlag {
    ENABLE_COID_MANAGER(RolloutPhase.CORE_SAFETY, FlagType.BOOLEAN, "false",
            "COID idempotency in Postgres; replays are answered from the stored order and published as COID_DUPLICATE"),
    ENABLE_STARTUP_RECONCILE(RolloutPhase.CORE_SAFETY, FlagType.BOOLEAN, "false",
            "reconcile with the exchange before trading; the gateway refuses entries until it has finished"),
    USE_FIRST_FILL_TS_FOR_TTL(RolloutPhase.CORE_SAFETY, FlagType.BOOLEAN, "false",
            "an order's TTL (RECONCILER_ORDER_TTL, or the order's own ttlSeconds) counts from its first fill instead of"
                    + " from placement"),
    ENABLE_SYMBOL_LOCKS(RolloutPhase.CORE_SAFETY, FlagType.BOOLEAN, "false",
            "one in-flight submission per symbol across all gateway replicas"),
    ENABLE_ENTRY_SLIPPAGE_GUARD(RolloutPhase.ENTRY_GUARDS, FlagType.BOOLEAN, "false",
            "block entries whose expected fill, walking the book, is worse than the maximum slippage"),
    ENABLE_SPREAD_GUARD_ENTRY(RolloutPhase.ENTRY_GUARDS, FlagType.BOOLEAN, "false",
            "block entries while the spread is wider than the maximum"),
    ENABLE_DEPTH_GUARD_ENTRY(RolloutPhase.ENTRY_GUARDS, FlagType.BOOLEAN, "false",
            "block entries when the depth within the band is below the multiple of the order size"),
    ENABLE_CONSOLIDATED_ENTRY_GUARDS(RolloutPhase.ENTRY_GUARDS, FlagType.BOOLEAN, "false",
            "run every enabled entry guard on one book snapshot and report every failing reason"),
    ENABLE_FILL_TELEMETRY(RolloutPhase.TELEMETRY_EXITS, FlagType.BOOLEAN, "false",
            "fill events, fill rate, slippage and time to first fill"),
    ENABLE_CONSOLIDATED_EXITS(RolloutPhase.TELEMETRY_EXITS, FlagType.BOOLEAN, "false",
            "exits of one symbol never sell more than the position: a new exit SELL is capped to what the open exits"
                    + " leave unsold, and refused (409 exit-covered, naming them) when nothing is left; exits are not merged"
                    + " into one order"),
    ENABLE_RICH_LOGGING(RolloutPhase.TERMINAL_UI, FlagType.BOOLEAN, "false",
            "coloured human console logs; JSON logs stay on for files and collectors"),
    ENABLE_LIVE_MONITORS(RolloutPhase.TERMINAL_UI, FlagType.BOOLEAN, "false",
            "telemetry serves live monitor snapshots (the dashboard feed needs it)"),
    ENABLE_LIVE_HEARTBEAT(RolloutPhase.TERMINAL_UI, FlagType.BOOLEAN, "false",
            "services publish heartbeats to ops.heartbeats; a missing heartbeat raises an alert"),
    ENABLE_LIVE_DASHBOARD(RolloutPhase.TERMINAL_UI, FlagType.BOOLEAN, "false",
            "telemetry serves the live dashboard feed: GET /api/v1/dashboard and its event stream"),
    LIVE_MONITOR_REFRESH_S(RolloutPhase.TERMINAL_UI, FlagType.DECIMAL, "2.0",
            "period in seconds of the live alert evaluation, the telemetry gauges and the dashboard stream (0.25 to 60)"),
    ENABLE_ORDER_FLOW_HARDENING(null, FlagType.BOOLEAN, "true",
            "master switch: false turns every hardening feature off at once");

    public static final BigDecimal MIN_REFRESH_S = new BigDecimal("0.25");
    public static final BigDecimal MAX_REFRESH_S = new BigDecimal("60");

    private final RolloutPhase phase;
    private final FlagType type;
    private final String defaultValue;
    private final String description;

    FeatureFlag(RolloutPhase phase, FlagType type, String defaultValue, String description) {
        this.phase = phase;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The environment variable (and ConfigMap key) that sets this flag. */
    public String envName() {
        return name();
    }

    /** The rollout phase that turns this flag on; empty for the master switch. */
    public Optional<RolloutPhase> phase() {
        return Optional.ofNullable(phase);
    }

    public FlagType type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public boolean isMasterSwitch() {
        return this == ENABLE_ORDER_FLOW_HARDENING;
    }

    /** Human description of the values this flag accepts, used in error messages. */
    public String acceptedValues() {
        return type == FlagType.BOOLEAN ? "true or false" : "a number of seconds from " + MIN_REFRESH_S + " to " + MAX_REFRESH_S;
    }

    public static Optional<FeatureFlag> byEnvName(String name) {
        return Arrays.stream(values()).filter(f -> f.envName().equals(name)).findFirst();
    }

    /** Whether a variable name looks like a flag, so that a misspelt one is caught rather than ignored. */
    public static boolean looksLikeFlag(String variable) {
        return variable.startsWith("ENABLE_") || variable.startsWith("LIVE_MONITOR_") || variable.startsWith("USE_FIRST_FILL");
    }
}
