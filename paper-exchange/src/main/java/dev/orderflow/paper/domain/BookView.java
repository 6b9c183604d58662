package dev.orderflow.paper.domain;

import java.math.BigDecimal;
import java.util.List;

/** A copy of a book: levels as [price, qty] pairs, best first. */
public record BookView(String symbol, long lastUpdateId, List<BigDecimal[]> bids, List<BigDecimal[]> asks, long time) {

    public BigDecimal[] bestBid() {
        return bids.isEmpty() ? new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO} : bids.getFirst();
    }

    public BigDecimal[] bestAsk() {
        return asks.isEmpty() ? new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO} : asks.getFirst();
    }
}
