package dev.orderflow.reconciler.domain;

import dev.orderflow.venue.VenueOrder;
import dev.orderflow.venue.VenueTrade;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the exchange said during one run.
 *
 * @param openOrders every open order of the account
 * @param lookups the answer to a query by {@code origClientOrderId} for local orders that are not among
 *        the open orders: the order, or empty when the exchange answered -2013 (order does not exist)
 * @param trades the account's trades per exchange order id, for orders with an executed quantity
 */
public record ExchangeView(
        List<VenueOrder> openOrders,
        Map<String, Optional<VenueOrder>> lookups,
        Map<String, List<VenueTrade>> trades) {

    public ExchangeView {
        openOrders = List.copyOf(openOrders);
        lookups = Map.copyOf(lookups);
        trades = Map.copyOf(trades);
    }
}
