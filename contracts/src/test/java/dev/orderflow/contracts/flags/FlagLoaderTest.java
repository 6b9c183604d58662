package dev.orderflow.contracts.flags;

import static dev.orderflow.contracts.flags.FeatureFlag.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FlagLoaderTest {

    @Test
    void catalogueHasTheSixteenFlagsOfTheGuide() {
        assertThat(FeatureFlag.values()).hasSize(16);
        assertThat(ENABLE_ORDER_FLOW_HARDENING.phase()).isEmpty();
        assertThat(LIVE_MONITOR_REFRESH_S.type()).isEqualTo(FlagType.DECIMAL);
        assertThat(ENABLE_SYMBOL_LOCKS.phase()).contains(RolloutPhase.CORE_SAFETY);
    }

    @Test
    void defaultsLeaveEveryFeatureOffButTheMasterSwitchOn() {
        FlagSet flags = FlagSet.defaults();

        assertThat(flags.masterSwitchOn()).isTrue();
        assertThat(flags.isEnabled(ENABLE_COID_MANAGER)).isFalse();
        assertThat(flags.liveMonitorRefresh()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void misspeltFlagStopsStartUpAndSuggestsTheRightName() {
        assertThatThrownBy(() -> FlagLoader.load(Map.of("ENABLE_COID_MANGER", "true")))
                .isInstanceOf(InvalidFlagException.class)
                .hasMessageStartingWith("Unknown flag ENABLE_COID_MANGER (did you mean ENABLE_COID_MANAGER?)")
                .hasMessageNotContaining("\n");
    }

    @Test
    void variablesThatAreNotFlagsAreIgnored() {
        assertThat(FlagLoader.check(Map.of("PATH", "/usr/bin", "KAFKA_BOOTSTRAP_SERVERS", "x"))).isEmpty();
    }

    @Test
    void nonBooleanValueNamesVariableAndAcceptedValues() {
        assertThatThrownBy(() -> FlagLoader.load(Map.of("ENABLE_SYMBOL_LOCKS", "yes")))
                .isInstanceOf(InvalidFlagException.class)
                .hasMessage("Invalid value for ENABLE_SYMBOL_LOCKS: 'yes'; accepted values: true or false")
                .extracting(e -> ((InvalidFlagException) e).variable()).isEqualTo("ENABLE_SYMBOL_LOCKS");
    }

    @Test
    void booleansAcceptThePythonSpellingOfTheGuide() {
        FlagSet flags = FlagLoader.load(Map.of("ENABLE_COID_MANAGER", "True"));

        assertThat(flags.isEnabled(ENABLE_COID_MANAGER)).isTrue();
    }

    @Test
    void refreshPeriodOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> FlagLoader.load(Map.of("LIVE_MONITOR_REFRESH_S", "0.1")))
                .hasMessageContaining("LIVE_MONITOR_REFRESH_S")
                .hasMessageContaining("0.25 to 60");
        assertThatThrownBy(() -> FlagLoader.load(Map.of("LIVE_MONITOR_REFRESH_S", "61")))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> FlagLoader.load(Map.of("LIVE_MONITOR_REFRESH_S", "fast")))
                .hasMessageContaining("is not a number");
        assertThat(FlagLoader.load(Map.of("LIVE_MONITOR_REFRESH_S", "0.25")).liveMonitorRefresh()).isEqualTo(Duration.ofMillis(250));
        assertThat(FlagLoader.load(Map.of("LIVE_MONITOR_REFRESH_S", "60")).liveMonitorRefresh()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void impossibleCombinationsAreRefused() {
        assertThatThrownBy(() -> FlagLoader.load(Map.of("ENABLE_CONSOLIDATED_ENTRY_GUARDS", "true")))
                .hasMessageStartingWith("Invalid flag combination: ENABLE_CONSOLIDATED_ENTRY_GUARDS=true requires ENABLE_ENTRY_SLIPPAGE_GUARD=true or");
        assertThatThrownBy(() -> FlagLoader.load(Map.of("ENABLE_LIVE_DASHBOARD", "true")))
                .hasMessageContaining("requires ENABLE_LIVE_MONITORS=true");
        assertThatThrownBy(() -> FlagLoader.load(Map.of("ENABLE_CONSOLIDATED_EXITS", "true")))
                .hasMessageContaining("requires ENABLE_SYMBOL_LOCKS=true");
        assertThatThrownBy(() -> FlagLoader.load(Map.of("ENABLE_STARTUP_RECONCILE", "true")))
                .hasMessageContaining("requires ENABLE_COID_MANAGER=true");
    }

    @Test
    void masterSwitchOffTurnsEveryFeatureOffButKeepsWhatWasConfigured() {
        Map<String, String> env = new HashMap<>(asEnv(RolloutPlan.valuesAt(RolloutPhase.FULL)));
        env.put("ENABLE_ORDER_FLOW_HARDENING", "false");

        FlagSet flags = FlagLoader.load(env);

        for (FeatureFlag flag : FeatureFlag.values()) {
            if (flag.type() == FlagType.BOOLEAN) {
                assertThat(flags.isEnabled(flag)).as(flag.name()).isFalse();
            }
        }
        assertThat(flags.configuredValue(ENABLE_COID_MANAGER)).isEqualTo("true");
    }

    @Test
    void hashChangesWithEffectiveValuesOnly() {
        FlagSet phase1 = FlagLoader.load(asEnv(RolloutPlan.valuesAt(RolloutPhase.CORE_SAFETY)));
        FlagSet phase2 = FlagLoader.load(asEnv(RolloutPlan.valuesAt(RolloutPhase.ENTRY_GUARDS)));
        FlagSet phase1Again = FlagLoader.load(asEnv(RolloutPlan.valuesAt(RolloutPhase.CORE_SAFETY)));

        assertThat(phase1.hash()).hasSize(12).isEqualTo(phase1Again.hash()).isNotEqualTo(phase2.hash());
    }

    @ParameterizedTest
    @EnumSource(RolloutPhase.class)
    void everyPhaseOfTheGuideIsAValidConfiguration(RolloutPhase phase) {
        assertThat(FlagLoader.check(asEnv(RolloutPlan.valuesAt(phase)))).isEmpty();
    }

    @Test
    void phasesAreCumulativeAsInTheGuide() {
        assertThat(RolloutPlan.valuesAt(RolloutPhase.CORE_SAFETY))
                .containsEntry(ENABLE_COID_MANAGER, "true")
                .containsEntry(ENABLE_ENTRY_SLIPPAGE_GUARD, "false");
        assertThat(RolloutPlan.valuesAt(RolloutPhase.TELEMETRY_EXITS))
                .containsEntry(ENABLE_SYMBOL_LOCKS, "true")
                .containsEntry(ENABLE_DEPTH_GUARD_ENTRY, "true")
                .containsEntry(ENABLE_CONSOLIDATED_EXITS, "true")
                .containsEntry(ENABLE_LIVE_MONITORS, "false");
        assertThat(RolloutPlan.valuesAt(RolloutPhase.FULL).values().stream().filter("true"::equals)).hasSize(15);
        assertThat(RolloutPhase.parse("3")).contains(RolloutPhase.TELEMETRY_EXITS);
        assertThat(RolloutPhase.parse("full")).contains(RolloutPhase.FULL);
        assertThat(RolloutPhase.parse("phase-2-entry-guards")).contains(RolloutPhase.ENTRY_GUARDS);
        assertThat(RolloutPhase.parse("5")).isEmpty();
    }

    static Map<String, String> asEnv(Map<FeatureFlag, String> values) {
        return values.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().envName(), Map.Entry::getValue));
    }
}
