package dev.orderflow.gateway.domain;

import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What the state machine needs to know about one order: identity, the request's terms and the
 * execution so far. Immutable; a transition gives a new value.
 *
 * @param resubmissions how many times the order was sent again as a fresh submission after the
 *        exchange did not know it (at most once)
 */
public record OrderState(
        String clientOrderId,
        String symbol,
        Side side,
        OrderType type,
        Intent intent,
        String strategyId,
        BigDecimal quantity,
        BigDecimal price,
        BigDecimal referencePrice,
        OrderStatus status,
        String exchangeOrderId,
        BigDecimal executedQuantity,
        BigDecimal averagePrice,
        Instant firstFillAt,
        int resubmissions,
        Instant acceptedAt) {

    public OrderState {
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(status, "status");
        executedQuantity = executedQuantity == null ? BigDecimal.ZERO : executedQuantity;
    }

    /** A newly accepted order. */
    public static OrderState accepted(String clientOrderId, String symbol, Side side, OrderType type, Intent intent,
            String strategyId, BigDecimal quantity, BigDecimal price, BigDecimal referencePrice, Instant acceptedAt) {
        return new OrderState(clientOrderId, symbol, side, type, intent, strategyId, quantity, price, referencePrice,
                OrderStatus.ACCEPTED, null, BigDecimal.ZERO, null, null, 0, acceptedAt);
    }

    public OrderState withStatus(OrderStatus next) {
        return new OrderState(clientOrderId, symbol, side, type, intent, strategyId, quantity, price, referencePrice,
                next, exchangeOrderId, executedQuantity, averagePrice, firstFillAt, resubmissions, acceptedAt);
    }

    public OrderState withExchangeOrderId(String id) {
        return new OrderState(clientOrderId, symbol, side, type, intent, strategyId, quantity, price, referencePrice,
                status, id == null ? exchangeOrderId : id, executedQuantity, averagePrice, firstFillAt, resubmissions,
                acceptedAt);
    }

    OrderState withExecution(BigDecimal executed, BigDecimal average, Instant firstFill) {
        return new OrderState(clientOrderId, symbol, side, type, intent, strategyId, quantity, price, referencePrice,
                status, exchangeOrderId, executed, average, firstFill, resubmissions, acceptedAt);
    }

    OrderState withResubmissions(int count) {
        return new OrderState(clientOrderId, symbol, side, type, intent, strategyId, quantity, price, referencePrice,
                status, exchangeOrderId, executedQuantity, averagePrice, firstFillAt, count, acceptedAt);
    }

    public BigDecimal remainingQuantity() {
        return quantity.subtract(executedQuantity);
    }
}
