package dev.orderflow.guards.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one symbol's book. Bids are kept best (highest) first and asks best (lowest) first,
 * whatever order they were given in; levels with zero quantity are dropped.
 *
 * @param time         when the book was last seen to change (see {@code BookCache}); the stale-book guard measures its age
 * @param lastUpdateId the exchange's update id of this snapshot
 */
public record OrderBook(String symbol, List<BookLevel> bids, List<BookLevel> asks, Instant time, long lastUpdateId) {

    static final MathContext MC = MathContext.DECIMAL64;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    public OrderBook {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(time, "time");
        bids = bids.stream().filter(l -> l.quantity().signum() > 0)
                .sorted(Comparator.comparing(BookLevel::price).reversed()).toList();
        asks = asks.stream().filter(l -> l.quantity().signum() > 0)
                .sorted(Comparator.comparing(BookLevel::price)).toList();
    }

    public Optional<BookLevel> bestBid() {
        return bids.isEmpty() ? Optional.empty() : Optional.of(bids.getFirst());
    }

    public Optional<BookLevel> bestAsk() {
        return asks.isEmpty() ? Optional.empty() : Optional.of(asks.getFirst());
    }

    /** (best bid + best ask) / 2; empty while either side is empty. */
    public Optional<BigDecimal> mid() {
        if (bids.isEmpty() || asks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(bids.getFirst().price().add(asks.getFirst().price()).divide(TWO, MC));
    }

    /** The best bid is above the best ask: the snapshot cannot be a real book. Equal prices (locked) are not crossed. */
    public boolean isCrossed() {
        return !bids.isEmpty() && !asks.isEmpty() && bids.getFirst().price().compareTo(asks.getFirst().price()) > 0;
    }

    /** The levels a buy (asks) or a sell (bids) takes liquidity from. */
    public List<BookLevel> liquidityFor(dev.orderflow.contracts.events.Side side) {
        return side == dev.orderflow.contracts.events.Side.BUY ? asks : bids;
    }

    /** The same levels, seen at another time (the cache re-stamps a book that has not changed). */
    public OrderBook withTime(Instant newTime) {
        return new OrderBook(symbol, bids, asks, newTime, lastUpdateId);
    }
}
