package dev.orderflow.platform.logging;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * ENABLE_RICH_LOGGING switches the console from JSON lines to coloured human output. Log settings
 * are read before any bean exists, so the flag is mapped to Quarkus log properties here. JSON file
 * logs, when enabled, are not touched. The master switch off turns rich logging off like every
 * other feature.
 */
public class RichLoggingConfigSource implements ConfigSource {

    /** Above application.properties (250), below environment variables (300) so an operator can still override. */
    static final int ORDINAL = 275;

    private final Map<String, String> properties;

    public RichLoggingConfigSource() {
        this(System.getenv());
    }

    RichLoggingConfigSource(Map<String, String> environment) {
        boolean master = !"false".equalsIgnoreCase(environment.getOrDefault("ENABLE_ORDER_FLOW_HARDENING", "true").trim());
        boolean rich = "true".equalsIgnoreCase(environment.getOrDefault("ENABLE_RICH_LOGGING", "false").trim());
        properties = master && rich
                ? Map.of("quarkus.log.console.json.enabled", "false", "quarkus.console.color", "true",
                        "quarkus.log.console.format", "%d{HH:mm:ss.SSS} %-5p [%c{2.}] (%t) %s%e%n")
                : Map.of();
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "orderflow-rich-logging";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
