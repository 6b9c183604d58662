package dev.orderflow.gateway.exchange;

import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.service.ThrottleEvents;
import dev.orderflow.platform.exchange.ExchangeConfig;
import dev.orderflow.venue.Venue;
import dev.orderflow.venue.VenueSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The gateway's connection to the venue: {@code exchange.*}, with the submission's request timeout, the
 * whole of the venue's limits (the guards keep within their share of them), and every wait recorded
 * as RATE_LIMIT_THROTTLE through {@link ThrottleEvents}.
 */
public class VenueProducer {

    @Produces
    @Singleton
    Venue venue(ExchangeConfig exchange, GatewayConfig gateway, Vertx vertx, MeterRegistry registry, ThrottleEvents events) {
        return new Venue(new VenueSettings(exchange.venue(), exchange.baseUrl(), exchange.wsUrl(), exchange.apiKey(), exchange.apiSecret(),
                exchange.recvWindowMs(), gateway.submission().requestTimeout(), BigDecimal.ONE, Optional.empty()), vertx, registry,
                events::waited);
    }
}
