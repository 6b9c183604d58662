package dev.orderflow.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A submission backlog of three orders at most, so a slow venue fills it with a handful of entries. */
public class BacklogProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.submission.max-backlog", "3");
    }
}
