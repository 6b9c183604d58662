package dev.orderflow.paper.domain;

import java.math.BigDecimal;

/** One price level of a book: a price and what is left there. */
public final class Level {
    final BigDecimal price;
    BigDecimal qty;

    Level(BigDecimal price, BigDecimal qty) {
        this.price = price;
        this.qty = qty;
    }

    public BigDecimal price() {
        return price;
    }

    public BigDecimal qty() {
        return qty;
    }
}
