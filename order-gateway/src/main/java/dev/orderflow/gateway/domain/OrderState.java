package dev.orderflow.gateway.domain;

import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.events.SlippageReference;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the state machine needs to know about one order: identity, the request's terms and the
 * execution so far. Immutable; a transition gives a new value.
 *
 * @param resubmissions how many times the order was sent again as a fresh submission after the
 *        exchange did not know it (at most once)
 * @param measuredReference the price the system measured for an entry without the strategy's
 *        {@code referencePrice}: the entry guards' expected price, or the book's touch before sending
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
        Instant acceptedAt,
        SlippageBasis measuredReference) {

    public OrderState {
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(status, "status");
        executedQuantity = executedQuantity == null ? BigDecimal.ZERO : executedQuantity;
    }

    /** An order without a measured reference price. */
    public OrderState(String clientOrderId, String symbol, Side side, OrderType type, Intent intent, String strategyId,
            BigDecimal quantity, BigDecimal price, BigDecimal referencePrice, OrderStatus status, String exchangeOrderId,
            BigDecimal executedQuantity, BigDecimal averagePrice, Instant firstFillAt, int resubmissions, Instant acceptedAt) {
        this(clientOrderId, symbol, side, type, intent, strategyId, quantity, price, referencePrice, status, exchangeOrderId,
                executedQuantity, averagePrice, firstFillAt, resubmissions, acceptedAt, null);
    }

    /**
     * What a filled entry's slippage is measured against: the strategy's reference price when it sent one,
     * else the measured reference, if any.
     */
    public Optional<SlippageBasis> slippageBasis() {
        if (referencePrice != null && referencePrice.signum() > 0) {
            return Optional.of(new SlippageBasis(referencePrice, SlippageReference.STRATEGY));
        }
        return Optional.ofNullable(measuredReference);
    }

    /** A newly accepted order. */
    public static OrderState accepted(String clientOrderId, String symbol, Side side, OrderType type, Intent intent,
            String strategyId, BigDecimal quantity, BigDecimal price, BigDecimal referencePrice, Instant acceptedAt) {
        return new OrderState(clientOrderId, symbol, side, type, intent, strategyId, quantity, price, referencePrice,
                OrderStatus.ACCEPTED, null, BigDecimal.ZERO, null, null, 0, acceptedAt);
    }

    public OrderState withStatus(OrderStatus next) {
        return new OrderState(clientOrderId, symbol, side, type, intent, strategyId, quantity, price, referencePrice,
                next, exchangeOrderId, executedQuantity, averagePrice, firstFillAt, resubmissions, acceptedAt, measuredReference);
    }

    public OrderState withExchangeOrderId(String id) {
        return new OrderState(clientOrderId, symbol, side, type, intent, strategyId, quantity, price, referencePrice,
                status, id == null ? exchangeOrderId : id, executedQuantity, averagePrice, firstFillAt, resubmissions,
                acceptedAt, measuredReference);
    }

    OrderState withExecution(BigDecimal executed, BigDecimal average, Instant firstFill) {
        return new OrderState(clientOrderId, symbol, side, type, intent, strategyId, quantity, price, referencePrice,
                status, exchangeOrderId, executed, average, firstFill, resubmissions, acceptedAt, measuredReference);
    }

    OrderState withResubmissions(int count) {
        return new OrderState(clientOrderId, symbol, side, type, intent, strategyId, quantity, price, referencePrice,
                status, exchangeOrderId, executedQuantity, averagePrice, firstFillAt, count, acceptedAt, measuredReference);
    }

    public BigDecimal remainingQuantity() {
        return quantity.subtract(executedQuantity);
    }
}
