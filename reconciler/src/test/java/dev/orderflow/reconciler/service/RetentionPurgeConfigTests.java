package dev.orderflow.reconciler.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.reconciler.config.ReconcilerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A retention shorter than a day would forget event ids Kafka can still deliver again: start-up refuses it. */
class RetentionPurgeConfigTests {

    @Test
    void aRetentionShorterThanADayStopsStartUpNamingTheSetting() {
        ReconcilerConfig config = (ReconcilerConfig) Proxy.newProxyInstance(ReconcilerConfig.class.getClassLoader(),
                new Class<?>[] {ReconcilerConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "retention" -> Duration.ofHours(1);
                    case "purgeBatchSize" -> 1000;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        assertThatThrownBy(() -> new RetentionPurge(null, null, config, new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("reconciler.retention (RECONCILER_RETENTION) must be at least 24h, is PT1H");
    }
}
