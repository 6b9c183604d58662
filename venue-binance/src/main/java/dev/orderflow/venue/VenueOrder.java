package dev.orderflow.venue;

import dev.orderflow.contracts.events.ExchangeOrderSnapshot;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order as the venue reports it, in the project's terms. {@code status} is the venue's status mapped
 * onto the gateway's ({@code ACKNOWLEDGED} while it rests untouched); {@code venueStatus} keeps the
 * venue's own word for messages and for {@link ExchangeOrderSnapshot}s.
 *
 * @param side null when the venue named a side this project does not know
 * @param trades the fills the answer carried (a status query carries none)
 */
public record VenueOrder(
        String symbol,
        String exchangeOrderId,
        String clientOrderId,
        Side side,
        OrderType type,
        BigDecimal price,
        BigDecimal originalQuantity,
        BigDecimal executedQuantity,
        OrderStatus status,
        String venueStatus,
        List<VenueTrade> trades,
        Instant createdAt,
        Instant updatedAt) {

    public VenueOrder {
        trades = trades == null ? List.of() : List.copyOf(trades);
    }

    /** Resting at the venue: it may still fill. */
    public boolean open() {
        return status == OrderStatus.ACKNOWLEDGED || status == OrderStatus.PARTIALLY_FILLED;
    }

    /** Canceled, expired or rejected at the venue. */
    public boolean endedUnfilled() {
        return status == OrderStatus.CANCELED || status == OrderStatus.EXPIRED || status == OrderStatus.REJECTED;
    }

    public boolean filled() {
        return status == OrderStatus.FILLED;
    }

    public ExchangeOrderSnapshot snapshot() {
        return new ExchangeOrderSnapshot(exchangeOrderId, clientOrderId, symbol, side, type, price, originalQuantity,
                executedQuantity, venueStatus, updatedAt);
    }
}
