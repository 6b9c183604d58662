package dev.orderflow.guards.exchange;

import dev.orderflow.guards.config.GuardConfig;
import dev.orderflow.platform.exchange.ExchangeConfig;
import dev.orderflow.venue.ThrottleListener;
import dev.orderflow.venue.Venue;
import dev.orderflow.venue.VenueSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The guards' connection to the venue: {@code exchange.*} for where it is, a book request waits at most
 * {@code guards.decision-timeout}, and the service spends {@code guards.market-data.weight-share} of the
 * venue's request-weight limit ({@code guards.market-data.weight-limit-per-minute} when set, else what
 * exchangeInfo states), leaving the rest to the order gateway.
 */
public class VenueProducer {

    @Produces
    @Singleton
    Venue venue(ExchangeConfig exchange, GuardConfig guards, Vertx vertx, MeterRegistry registry) {
        GuardConfig.MarketData marketData = guards.marketData();
        return new Venue(new VenueSettings(exchange.venue(), exchange.baseUrl(), exchange.wsUrl(), exchange.apiKey(), exchange.apiSecret(),
                exchange.recvWindowMs(), guards.decisionTimeout(), marketData.weightShare(), marketData.weightLimitPerMinute()), vertx,
                registry, ThrottleListener.NONE);
    }
}
