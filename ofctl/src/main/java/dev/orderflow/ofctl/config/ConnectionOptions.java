package dev.orderflow.ofctl.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command that talks to the system takes: a config file and single overrides. */
public class ConnectionOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "properties file with service URLs and tokens "
            + "(default: $OFCTL_CONFIG, else the local stack's .run/local/ofctl.properties, else ~/.config/ofctl/ofctl.properties)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one setting, e.g. --set gateway.url=http://127.0.0.1:18080 "
            + "(keys: token, gateway.url, guards.url, telemetry.url, reconciler.url, exchange.url, gateway.token, "
            + "exchange.api-key, exchange.api-secret, kafka.bootstrap-servers, gateway.pid-file, telemetry.archive-dir)")
    Map<String, String> overrides = new LinkedHashMap<>();

    private Settings resolved;

    public Settings settings() {
        if (resolved == null) {
            resolved = SettingsResolver.resolve(overrides, Optional.ofNullable(config), System.getenv());
        }
        return resolved;
    }
}
