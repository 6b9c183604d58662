package dev.orderflow.gateway.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.contracts.events.TimeInForce;
import dev.orderflow.gateway.persistence.StoredOrder;
import java.math.BigDecimal;
import java.time.Instant;

/** An order as the API shows it. Decimals are strings, times UTC ISO-8601. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(
        String clientOrderId,
        String symbol,
        Side side,
        OrderType type,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal quantity,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price,
        TimeInForce timeInForce,
        Intent intent,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal referencePrice,
        Integer ttlSeconds,
        String strategyId,
        OrderStatus status,
        String statusCause,
        String exchangeOrderId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal executedQuantity,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal averagePrice,
        Instant firstFillAt,
        Instant acceptedAt,
        Instant updatedAt,
        long replayCount) {

    public static OrderView of(StoredOrder order) {
        var s = order.state();
        return new OrderView(s.clientOrderId(), s.symbol(), s.side(), s.type(), s.quantity(), s.price(),
                order.timeInForce(), s.intent(), s.referencePrice(), order.ttlSeconds(), s.strategyId(), s.status(),
                order.statusCause(), s.exchangeOrderId(), s.executedQuantity(), s.averagePrice(), s.firstFillAt(),
                s.acceptedAt(), order.updatedAt(), order.replayCount());
    }
}
