package dev.orderflow.contracts.flags;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Validated flag values. {@link #isEnabled(FeatureFlag)} answers with the effective value: with the
 * master switch off every feature is off, whatever its own variable says.
 */
public final class FlagSet {

    private final Map<FeatureFlag, String> configured;
    private final Set<FeatureFlag> explicitlySet;

    FlagSet(Map<FeatureFlag, String> configured, Set<FeatureFlag> explicitlySet) {
        this.configured = Collections.unmodifiableMap(new EnumMap<>(configured));
        this.explicitlySet = Set.copyOf(explicitlySet);
    }

    /** Flags with their defaults only. */
    public static FlagSet defaults() {
        return FlagLoader.load(Map.of());
    }

    public boolean masterSwitchOn() {
        return Boolean.parseBoolean(configured.get(FeatureFlag.ENABLE_ORDER_FLOW_HARDENING));
    }

    /** The effective value of a boolean flag. */
    public boolean isEnabled(FeatureFlag flag) {
        if (flag.type() != FlagType.BOOLEAN) {
            throw new IllegalArgumentException(flag + " is not a boolean flag");
        }
        if (flag.isMasterSwitch()) {
            return masterSwitchOn();
        }
        return masterSwitchOn() && Boolean.parseBoolean(configured.get(flag));
    }

    /** The value as configured (or defaulted), before the master switch is applied. */
    public String configuredValue(FeatureFlag flag) {
        return configured.get(flag);
    }

    /** The value after the master switch is applied, as text. */
    public String effectiveValue(FeatureFlag flag) {
        return flag.type() == FlagType.BOOLEAN ? String.valueOf(isEnabled(flag)) : configured.get(flag);
    }

    public boolean isExplicitlySet(FeatureFlag flag) {
        return explicitlySet.contains(flag);
    }

    public Duration liveMonitorRefresh() {
        BigDecimal seconds = new BigDecimal(configured.get(FeatureFlag.LIVE_MONITOR_REFRESH_S));
        return Duration.ofMillis(seconds.movePointRight(3).longValue());
    }

    /** A short fingerprint of the effective values, so heartbeats show which replicas run different flags. */
    public String hash() {
        StringBuilder canonical = new StringBuilder();
        for (FeatureFlag flag : FeatureFlag.values()) {
            canonical.append(flag.envName()).append('=').append(effectiveValue(flag)).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "FlagSet" + configured + (masterSwitchOn() ? "" : " (master switch off)");
    }
}
