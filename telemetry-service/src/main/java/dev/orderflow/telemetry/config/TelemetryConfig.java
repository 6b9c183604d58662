package dev.orderflow.telemetry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

@ConfigMapping(prefix = "telemetry")
public interface TelemetryConfig {

    Heartbeat heartbeat();

    interface Heartbeat {
        /** Number of heartbeat intervals (orderflow.service.heartbeat-interval) without a heartbeat before an instance counts as missing. */
        @WithDefault("3")
        @Min(2)
        int missingAfter();
    }
}
