package dev.orderflow.gateway.domain;

import dev.orderflow.contracts.events.SlippageReference;
import java.math.BigDecimal;
import java.util.Objects;

/** The price a filled entry's slippage is measured against, and where that price came from. */
public record SlippageBasis(BigDecimal price, SlippageReference source) {

    public SlippageBasis {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(source, "source");
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("a slippage reference price must be positive, is " + price.toPlainString());
        }
    }
}
