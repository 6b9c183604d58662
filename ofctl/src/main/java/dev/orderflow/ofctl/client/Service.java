package dev.orderflow.ofctl.client;

import dev.orderflow.ofctl.config.Settings;
import java.util.Arrays;
import java.util.Optional;

/** The services ofctl talks to, with the setting that holds each one's base URL. */
public enum Service {
    GATEWAY("order-gateway", "gateway", Settings.GATEWAY_URL),
    GUARDS("risk-guards", "guards", Settings.GUARDS_URL),
    TELEMETRY("telemetry-service", "telemetry", Settings.TELEMETRY_URL),
    RECONCILER("reconciler", "reconciler", Settings.RECONCILER_URL),
    EXCHANGE("paper-exchange", "exchange", Settings.EXCHANGE_URL);

    private final String serviceName;
    private final String settingPrefix;
    private final String urlKey;

    Service(String serviceName, String settingPrefix, String urlKey) {
        this.serviceName = serviceName;
        this.settingPrefix = settingPrefix;
        this.urlKey = urlKey;
    }

    /** The name services report in heartbeats and logs (order-gateway, ...). */
    public String serviceName() {
        return serviceName;
    }

    public String urlKey() {
        return urlKey;
    }

    public String settingPrefix() {
        return settingPrefix;
    }

    /** By service name (order-gateway) or short name (gateway). */
    public static Optional<Service> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.serviceName.equals(name) || s.settingPrefix.equals(name)).findFirst();
    }
}
