package dev.orderflow.guards.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The exchange connection, the same keys in every service that talks to the exchange. The guards
 * only read public market data, so the key and secret are accepted but unused. Secrets are never logged.
 */
@ConfigMapping(prefix = "exchange")
public interface ExchangeConfig {

    /** REST base URL. Environment: {@code EXCHANGE_BASE_URL}. */
    @WithDefault("http://127.0.0.1:8090")
    String baseUrl();

    /** Environment: {@code EXCHANGE_API_KEY}. Not needed for market data. */
    Optional<String> apiKey();

    /** Environment: {@code EXCHANGE_API_SECRET}. Not needed for market data. */
    Optional<String> apiSecret();

    /** User data stream WebSocket base URL. Environment: {@code EXCHANGE_WS_URL}. Not used by the guards. */
    @WithDefault("ws://127.0.0.1:8090")
    String wsUrl();
}
