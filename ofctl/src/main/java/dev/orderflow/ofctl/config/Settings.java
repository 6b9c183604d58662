package dev.orderflow.ofctl.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the services are and how to authenticate, resolved from (strongest first) {@code --set} options,
 * {@code OFCTL_*} environment variables, the well-known variables the stack itself uses, a config file,
 * and the local stack's fixed ports.
 */
public final class Settings {

    public static final String GATEWAY_URL = "gateway.url";
    public static final String GUARDS_URL = "guards.url";
    public static final String TELEMETRY_URL = "telemetry.url";
    public static final String RECONCILER_URL = "reconciler.url";
    public static final String EXCHANGE_URL = "exchange.url";
    public static final String GATEWAY_TOKEN = "gateway.token";
    /** The operator's bearer token, sent to every service that has no token of its own ({@code <service>.token}). */
    public static final String TOKEN = "token";
    public static final String EXCHANGE_API_KEY = "exchange.api-key";
    public static final String EXCHANGE_API_SECRET = "exchange.api-secret";
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap-servers";
    public static final String GATEWAY_PID_FILE = "gateway.pid-file";
    /** The telemetry service's audit archive folder (holding sessions/), on this machine or copied here. */
    public static final String TELEMETRY_ARCHIVE_DIR = "telemetry.archive-dir";

    /** The local stack's fixed addresses (deploy/local/lib.sh); any other source wins over these. */
    static final Map<String, String> LOCAL_DEFAULTS = Map.of(
            GATEWAY_URL, "http://127.0.0.1:8080",
            GUARDS_URL, "http://127.0.0.1:8081",
            TELEMETRY_URL, "http://127.0.0.1:8082",
            RECONCILER_URL, "http://127.0.0.1:8083",
            EXCHANGE_URL, "http://127.0.0.1:8090",
            BOOTSTRAP_SERVERS, "127.0.0.1:9092");

    private final Map<String, String> values;
    private final Map<String, String> origins;

    Settings(Map<String, String> values, Map<String, String> origins) {
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
    }

    public static Settings of(Map<String, String> values) {
        Map<String, String> origins = new LinkedHashMap<>();
        values.keySet().forEach(k -> origins.put(k, "given"));
        return new Settings(values, origins);
    }

    public Optional<String> find(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    /** The value, or a {@link MissingSettingException} that tells the operator every way to set it. */
    public String require(String key) {
        return find(key).orElseThrow(() -> new MissingSettingException(key));
    }

    public URI url(String key) {
        String value = require(key);
        return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }

    /** Where a value came from (a file path, an environment variable, "default"), for error messages. */
    public String origin(String key) {
        return origins.getOrDefault(key, "not set");
    }

    /** The bearer token for a service: its own ({@code <service>.token}), else the operator's ({@code token}). */
    public Optional<String> token(String service) {
        return find(service + ".token").or(() -> find(TOKEN));
    }
}
