package dev.orderflow.venue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order book snapshot from the venue's depth endpoint, best levels first.
 *
 * @param time the venue's time of the book when it gives one, else when it was received
 */
public record DepthBook(String symbol, List<Level> bids, List<Level> asks, Instant time, long updateId) {

    public DepthBook {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    /** One price level. */
    public record Level(BigDecimal price, BigDecimal quantity) {
    }
}
