package dev.orderflow.venue;

import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.events.TimeInForce;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A new order in the project's terms. The client order id becomes the venue's client order id, so a
 * query by it finds the order whatever happened to the answer.
 *
 * @param price the limit price; null for a market order
 * @param timeInForce of a limit order; null means GTC
 */
public record OrderRequest(
        String clientOrderId,
        String symbol,
        Side side,
        OrderType type,
        BigDecimal quantity,
        BigDecimal price,
        TimeInForce timeInForce) {

    public OrderRequest {
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(quantity, "quantity");
        if (type == OrderType.LIMIT && price == null) {
            throw new IllegalArgumentException("a limit order needs a price");
        }
    }
}
