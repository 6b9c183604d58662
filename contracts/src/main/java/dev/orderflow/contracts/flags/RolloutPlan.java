package dev.orderflow.contracts.flags;

import static dev.orderflow.contracts.flags.FeatureFlag.*;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flag values the deployment guide sets in each phase, phases cumulative. A flag the guide does
 * not mention in a phase keeps its value from the phase before, or its default.
 */
public final class RolloutPlan {

    private static final Map<RolloutPhase, Map<FeatureFlag, String>> CHANGES = new EnumMap<>(RolloutPhase.class);

    static {
        CHANGES.put(RolloutPhase.CORE_SAFETY, ordered(
                ENABLE_COID_MANAGER, "true",
                ENABLE_STARTUP_RECONCILE, "true",
                USE_FIRST_FILL_TS_FOR_TTL, "true",
                ENABLE_SYMBOL_LOCKS, "true",
                ENABLE_ENTRY_SLIPPAGE_GUARD, "false",
                ENABLE_SPREAD_GUARD_ENTRY, "false",
                ENABLE_DEPTH_GUARD_ENTRY, "false",
                ENABLE_FILL_TELEMETRY, "false",
                ENABLE_RICH_LOGGING, "false",
                ENABLE_LIVE_MONITORS, "false"));
        CHANGES.put(RolloutPhase.ENTRY_GUARDS, ordered(
                ENABLE_ENTRY_SLIPPAGE_GUARD, "true",
                ENABLE_SPREAD_GUARD_ENTRY, "true",
                ENABLE_DEPTH_GUARD_ENTRY, "true",
                ENABLE_CONSOLIDATED_ENTRY_GUARDS, "true"));
        CHANGES.put(RolloutPhase.TELEMETRY_EXITS, ordered(
                ENABLE_FILL_TELEMETRY, "true",
                ENABLE_CONSOLIDATED_EXITS, "true"));
        CHANGES.put(RolloutPhase.TERMINAL_UI, ordered(
                ENABLE_RICH_LOGGING, "true",
                ENABLE_LIVE_MONITORS, "true",
                ENABLE_LIVE_HEARTBEAT, "true",
                ENABLE_LIVE_DASHBOARD, "true",
                LIVE_MONITOR_REFRESH_S, "2.0"));
        CHANGES.put(RolloutPhase.FULL, ordered(
                ENABLE_COID_MANAGER, "true",
                ENABLE_STARTUP_RECONCILE, "true",
                USE_FIRST_FILL_TS_FOR_TTL, "true",
                ENABLE_SYMBOL_LOCKS, "true",
                ENABLE_ENTRY_SLIPPAGE_GUARD, "true",
                ENABLE_SPREAD_GUARD_ENTRY, "true",
                ENABLE_DEPTH_GUARD_ENTRY, "true",
                ENABLE_CONSOLIDATED_ENTRY_GUARDS, "true",
                ENABLE_FILL_TELEMETRY, "true",
                ENABLE_CONSOLIDATED_EXITS, "true",
                ENABLE_RICH_LOGGING, "true",
                ENABLE_LIVE_MONITORS, "true",
                ENABLE_LIVE_HEARTBEAT, "true",
                ENABLE_LIVE_DASHBOARD, "true",
                ENABLE_ORDER_FLOW_HARDENING, "true"));
    }

    private RolloutPlan() {
    }

    /** The values the guide writes in this phase's block, in the guide's order. */
    public static Map<FeatureFlag, String> changesIn(RolloutPhase phase) {
        return Collections.unmodifiableMap(CHANGES.get(phase));
    }

    /** Every flag with its value once this phase is rolled out: defaults, then each phase up to this one. */
    public static Map<FeatureFlag, String> valuesAt(RolloutPhase phase) {
        Map<FeatureFlag, String> values = new LinkedHashMap<>();
        for (FeatureFlag flag : FeatureFlag.values()) {
            values.put(flag, flag.defaultValue());
        }
        for (RolloutPhase step : List.of(RolloutPhase.values())) {
            if (step.number() > phase.number()) {
                break;
            }
            values.putAll(CHANGES.get(step));
        }
        return Collections.unmodifiableMap(values);
    }

    private static Map<FeatureFlag, String> ordered(Object... pairs) {
        Map<FeatureFlag, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((FeatureFlag) pairs[i], (String) pairs[i + 1]);
        }
        return map;
    }
}
