package dev.orderflow.platform.exchange;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/**
 * The exchange connection (Binance spot, or the paper exchange), the same keys in every service that
 * talks to it; each turns them into the {@code venue-binance} module's settings. Key and secret come
 * from a Secret and are never logged.
 */
@ConfigMapping(prefix = "exchange")
public interface ExchangeConfig {

    /** REST base URL (env EXCHANGE_BASE_URL). */
    @WithDefault("http://127.0.0.1:8090")
    String baseUrl();

    /** WebSocket base URL of the user data stream (env EXCHANGE_WS_URL); only the gateway reads the stream. */
    @WithDefault("ws://127.0.0.1:8090")
    String wsUrl();

    /** API key (env EXCHANGE_API_KEY), sent as X-MBX-APIKEY; public market data needs none. */
    Optional<String> apiKey();

    /** API secret (env EXCHANGE_API_SECRET) for the HMAC-SHA256 request signature. */
    Optional<String> apiSecret();

    /** Venue name used in metrics and events. */
    @WithDefault("binance")
    String venue();

    /** recvWindow sent with signed requests, in milliseconds. */
    @WithDefault("5000")
    @Min(1)
    long recvWindowMs();

    /**
     * Timeout of one REST request of the reconciler; the gateway's requests use
     * {@code gateway.submission.request-timeout}, the guards' {@code guards.decision-timeout}.
     */
    @WithDefault("5s")
    Duration requestTimeout();
}
