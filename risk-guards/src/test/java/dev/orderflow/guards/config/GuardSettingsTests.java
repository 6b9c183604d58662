package dev.orderflow.guards.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.guards.domain.GuardMode;
import dev.orderflow.guards.domain.GuardPolicy;
import dev.orderflow.guards.domain.Thresholds;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults, per-symbol overrides and the start-up validation of the guard configuration. */
class GuardSettingsTests {

    static final GuardPolicy ALL = new GuardPolicy(true, true, true, true, GuardMode.ENFORCE);

    static GuardConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(GuardConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(GuardConfig.class);
    }

    @Test
    void documentedDefaults() {
        GuardConfig config = config(Map.of());
        GuardSettings settings = new GuardSettings(config, ALL);

        assertThat(settings.defaults()).isEqualTo(new Thresholds(new BigDecimal("20"), new BigDecimal("15"),
                new BigDecimal("50"), new BigDecimal("3"), 3000));
        assertThat(config.mode()).isEqualTo(GuardMode.ENFORCE);
        assertThat(config.cache().ttl()).hasMillis(500);
        assertThat(config.decisionTimeout()).hasSeconds(2);
        assertThat(config.marketData().depthLimit()).isEqualTo(100);
        assertThat(config.marketData().weightShare()).isEqualByComparingTo("0.5");
    }

    @Test
    void shadowModeIsReadInAnyCase() {
        assertThat(config(Map.of("guards.mode", "shadow")).mode()).isEqualTo(GuardMode.SHADOW);
        assertThat(config(Map.of("guards.mode", "SHADOW")).mode()).isEqualTo(GuardMode.SHADOW);
    }

    @Test
    void perSymbolOverridesFallBackToTheDefaults() {
        GuardSettings settings = new GuardSettings(config(Map.of(
                "guards.max-spread-bps", "12",
                "guards.symbols.SOLUSDT.max-spread-bps", "40",
                "guards.symbols.SOLUSDT.depth-multiple", "1.5",
                "guards.symbols.ETHUSDT.mode", "shadow")), ALL);

        assertThat(settings.thresholdsFor("SOLUSDT")).isEqualTo(new Thresholds(new BigDecimal("20"), new BigDecimal("40"),
                new BigDecimal("50"), new BigDecimal("1.5"), 3000));
        assertThat(settings.thresholdsFor("BTCUSDT").maxSpreadBps()).isEqualByComparingTo("12");
        assertThat(settings.policyFor("ETHUSDT").mode()).isEqualTo(GuardMode.SHADOW);
        assertThat(settings.policyFor("SOLUSDT").mode()).isEqualTo(GuardMode.ENFORCE);
        assertThat(settings.policyFor("ETHUSDT").consolidated()).isTrue();
        assertThat(settings.modeOverrides()).containsExactly(Map.entry("ETHUSDT", GuardMode.SHADOW));
    }

    @Test
    void everyInvalidValueIsReportedByItsPropertyName() {
        GuardConfig config = config(Map.of(
                "guards.max-slippage-bps", "-1",
                "guards.max-spread-bps", "10001",
                "guards.depth-band-bps", "0",
                "guards.max-book-age-ms", "400",
                "guards.cache.ttl", "500ms",
                "guards.market-data.depth-limit", "42",
                "guards.market-data.weight-share", "1.5",
                "guards.symbols.btc.depth-multiple", "-2",
                "guards.symbols.ETHUSDT.max-book-age-ms", "100"));

        assertThatThrownBy(() -> new GuardSettings(config, ALL))
                .isInstanceOf(InvalidGuardConfigException.class)
                .satisfies(e -> assertThat(((InvalidGuardConfigException) e).problems()).containsExactly(
                        "guards.max-slippage-bps=-1 must be between 0 and 10000",
                        "guards.max-spread-bps=10001 must be between 0 and 10000",
                        "guards.depth-band-bps=0 must be above 0 and at most 10000",
                        "guards.cache.ttl=500ms must be shorter than guards.max-book-age-ms=400 (a cached book would be stale before it is refreshed)",
                        "guards.market-data.depth-limit=42 must be one of [5, 10, 20, 50, 100, 500, 1000, 5000]",
                        "guards.market-data.weight-share=1.5 must be above 0.01 and at most 1",
                        "guards.symbols.ETHUSDT.max-book-age-ms=100 must be longer than guards.cache.ttl=500ms",
                        "guards.symbols.btc: 'btc' is not an exchange symbol (2 to 20 upper-case letters and digits)",
                        "guards.symbols.btc.depth-multiple=-2 must be between 0 and 1000"))
                .hasMessageStartingWith("Invalid entry guard configuration: guards.max-slippage-bps=-1");
    }

    @Test
    void durationsOutOfRangeAreRejected() {
        assertThat(GuardSettings.problems(config(Map.of("guards.decision-timeout", "5ms", "guards.cache.hit-report-interval", "2h"))))
                .containsExactly("guards.decision-timeout=5ms must be between 10ms and 60000ms",
                        "guards.cache.hit-report-interval=7200000ms must be between 100ms and 3600000ms");
    }
}
