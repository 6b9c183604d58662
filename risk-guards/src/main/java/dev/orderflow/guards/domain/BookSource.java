package dev.orderflow.guards.domain;

/** Where books come from (the exchange's depth endpoint in the service, a fake in tests). */
@FunctionalInterface
public interface BookSource {

    /**
     * The current book of a symbol. Its {@code time} is the exchange's own timestamp when the
     * exchange gives one, otherwise the time it was received.
     *
     * @throws MarketDataUnavailableException when there is no book to be had
     */
    OrderBook fetch(String symbol);
}
