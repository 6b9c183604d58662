package dev.orderflow.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Phase 3 without the entry guards: entries go straight to the exchange, fill telemetry on. */
public class GuardsOffProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ENABLE_SPREAD_GUARD_ENTRY", "false", "ENABLE_ENTRY_SLIPPAGE_GUARD", "false",
                "ENABLE_DEPTH_GUARD_ENTRY", "false", "ENABLE_FILL_TELEMETRY", "true");
    }
}
