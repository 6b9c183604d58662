package dev.orderflow.guards.exchange;

import dev.orderflow.guards.domain.BookLevel;
import dev.orderflow.guards.domain.BookSource;
import dev.orderflow.guards.domain.MarketDataUnavailableException;
import dev.orderflow.guards.domain.OrderBook;
import dev.orderflow.venue.DepthBook;
import dev.orderflow.venue.Venue;
import dev.orderflow.venue.VenueUnavailableException;
import java.util.List;

/**
 * Books from the venue's depth endpoint, {@code depthLimit} levels a side. The venue refuses a request
 * at once when the weight budget cannot pay for it or a Retry-After pause runs; every failure becomes a
 * {@link MarketDataUnavailableException} whose message says what happened (it ends up in the decision's
 * MARKET_DATA_UNAVAILABLE finding).
 */
public final class VenueBooks implements BookSource {

    private final Venue venue;
    private final int depthLimit;

    public VenueBooks(Venue venue, int depthLimit) {
        this.venue = venue;
        this.depthLimit = depthLimit;
    }

    @Override
    public OrderBook fetch(String symbol) {
        DepthBook book;
        try {
            book = venue.depth(symbol, depthLimit);
        } catch (VenueUnavailableException e) {
            throw new MarketDataUnavailableException(e.getMessage());
        }
        try {
            return new OrderBook(symbol, levels(book.bids()), levels(book.asks()), book.time(), book.updateId());
        } catch (IllegalArgumentException e) {
            throw new MarketDataUnavailableException("depth of " + symbol + " has an invalid level: " + e.getMessage());
        }
    }

    private static List<BookLevel> levels(List<DepthBook.Level> side) {
        return side.stream().map(level -> new BookLevel(level.price(), level.quantity())).toList();
    }
}
