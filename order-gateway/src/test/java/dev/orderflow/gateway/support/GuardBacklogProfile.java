package dev.orderflow.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Entries are refused once the oldest one waiting for a guard decision has waited 2 s, or three are
 * waiting (the guard timeout stays the tests' 10 s, so a refused entry would otherwise have been taken).
 */
public class GuardBacklogProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.guards.max-wait", "2s", "gateway.guards.max-waiting", "3", "gateway.guards.backlog-interval", "100ms");
    }
}
