package dev.orderflow.reconciler.exchange;

import dev.orderflow.platform.exchange.ExchangeConfig;
import dev.orderflow.venue.ThrottleListener;
import dev.orderflow.venue.Venue;
import dev.orderflow.venue.VenueSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The reconciler's connection to the venue: {@code exchange.*}, each request waiting at most
 * {@code exchange.request-timeout} for its answer. Its few requests per run go through the venue's
 * limiter like everyone's; the weight the venue reports for this IP (the gateway's and the guards'
 * included) is taken from its budget.
 */
public class VenueProducer {

    @Produces
    @Singleton
    Venue venue(ExchangeConfig exchange, Vertx vertx, MeterRegistry registry) {
        return new Venue(new VenueSettings(exchange.venue(), exchange.baseUrl(), exchange.wsUrl(), exchange.apiKey(), exchange.apiSecret(),
                exchange.recvWindowMs(), exchange.requestTimeout(), BigDecimal.ONE, Optional.empty()), vertx, registry,
                ThrottleListener.NONE);
    }
}
