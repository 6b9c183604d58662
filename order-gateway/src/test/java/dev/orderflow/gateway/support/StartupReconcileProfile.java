package dev.orderflow.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The gateway with ENABLE_STARTUP_RECONCILE on (a separate start: the gate is decided at start-up). */
public class StartupReconcileProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ENABLE_STARTUP_RECONCILE", "true", "gateway.reconcile.retry-backoff", "1s");
    }
}
