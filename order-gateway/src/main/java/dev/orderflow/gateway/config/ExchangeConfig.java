package dev.orderflow.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Connection to the exchange (Binance spot REST and user data stream, or the paper exchange). */
@ConfigMapping(prefix = "exchange")
public interface ExchangeConfig {

    /** REST base URL (env EXCHANGE_BASE_URL). */
    @WithDefault("http://127.0.0.1:8090")
    String baseUrl();

    /** WebSocket base URL of the user data stream (env EXCHANGE_WS_URL). */
    @WithDefault("ws://127.0.0.1:8090")
    String wsUrl();

    /** API key (env EXCHANGE_API_KEY); sent as X-MBX-APIKEY, never logged. */
    Optional<String> apiKey();

    /** API secret (env EXCHANGE_API_SECRET) for HMAC-SHA256 request signing; never logged. */
    Optional<String> apiSecret();

    /** Venue name used in metrics and events. */
    @WithDefault("binance")
    String venue();

    /** recvWindow sent with signed requests, in milliseconds. */
    @WithDefault("5000")
    long recvWindowMs();
}
