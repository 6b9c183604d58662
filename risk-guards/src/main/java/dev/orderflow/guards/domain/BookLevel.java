package dev.orderflow.guards.domain;

import java.math.BigDecimal;
import java.util.Objects;

/** One price level of an order book: a price and the quantity resting at it. */
public record BookLevel(BigDecimal price, BigDecimal quantity) {

    public BookLevel {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(quantity, "quantity");
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive: " + price);
        }
        if (quantity.signum() < 0) {
            throw new IllegalArgumentException("quantity must not be negative: " + quantity);
        }
    }

    public static BookLevel of(String price, String quantity) {
        return new BookLevel(new BigDecimal(price), new BigDecimal(quantity));
    }
}
