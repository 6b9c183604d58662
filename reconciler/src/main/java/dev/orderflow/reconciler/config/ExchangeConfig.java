package dev.orderflow.reconciler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/** Connection to the exchange (Binance spot REST, or the paper exchange). Key and secret are never logged. */
@ConfigMapping(prefix = "exchange")
public interface ExchangeConfig {

    /** REST base URL (env EXCHANGE_BASE_URL). */
    @WithDefault("http://127.0.0.1:8090")
    String baseUrl();

    /** WebSocket base URL of the user data stream (env EXCHANGE_WS_URL); not used by the reconciler. */
    @WithDefault("ws://127.0.0.1:8090")
    String wsUrl();

    /** API key (env EXCHANGE_API_KEY), sent as X-MBX-APIKEY. */
    Optional<String> apiKey();

    /** API secret (env EXCHANGE_API_SECRET) for the HMAC-SHA256 signature. */
    Optional<String> apiSecret();

    /** recvWindow sent with signed requests, in milliseconds. */
    @WithDefault("5000")
    @Min(1)
    long recvWindowMs();

    /** Timeout of one REST request. */
    @WithDefault("5s")
    Duration requestTimeout();
}
