package dev.orderflow.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Master switch off (the old bot's pass-through path); the console log also goes to a file the test reads. */
public class PassThroughProfile implements QuarkusTestProfile {

    public static final String LOG_FILE = "target/pass-through-gateway.log";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ENABLE_ORDER_FLOW_HARDENING", "false", "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", LOG_FILE, "quarkus.log.file.json.enabled", "false");
    }
}
