package dev.orderflow.venue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a service reaches the venue. Each service builds it from its configuration ({@code exchange.*} and
 * its own timeouts and budget); the key and the secret never appear in {@link #toString()}.
 *
 * @param venue name of the venue in metrics and events
 * @param baseUrl REST base URL
 * @param wsUrl WebSocket base URL of the user data stream
 * @param apiKey sent as {@code X-MBX-APIKEY}; public market data needs none
 * @param apiSecret the HMAC-SHA256 key of signed requests
 * @param recvWindowMs {@code recvWindow} of signed requests
 * @param requestTimeout how long one request may wait for its answer once sent
 * @param weightShare share of the venue's request-weight limits this process may spend (0 to 1]
 * @param weightLimitPerMinute a fixed request-weight limit per minute instead of the one exchangeInfo states
 */
public record VenueSettings(
        String venue,
        String baseUrl,
        String wsUrl,
        Optional<String> apiKey,
        Optional<String> apiSecret,
        long recvWindowMs,
        Duration requestTimeout,
        BigDecimal weightShare,
        Optional<Integer> weightLimitPerMinute) {

    public VenueSettings {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl = baseUrl.replaceAll("/+$", "");
        wsUrl = wsUrl == null ? null : wsUrl.replaceAll("/+$", "");
        apiKey = apiKey == null ? Optional.empty() : apiKey;
        apiSecret = apiSecret == null ? Optional.empty() : apiSecret;
        weightShare = weightShare == null ? BigDecimal.ONE : weightShare;
        weightLimitPerMinute = weightLimitPerMinute == null ? Optional.empty() : weightLimitPerMinute;
        if (weightShare.signum() <= 0 || weightShare.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("weight share must be above 0 and at most 1: " + weightShare);
        }
    }

    @Override
    public String toString() {
        return "VenueSettings[" + venue + " at " + baseUrl + ", apiKey=" + (apiKey.isPresent() ? "***" : "none") + "]";
    }
}
