package dev.orderflow.paper.domain;

import java.math.BigDecimal;

/** An immutable snapshot of an order, as the API shows it. */
public record OrderView(String symbol, long orderId, String clientOrderId, BigDecimal price, BigDecimal origQty,
        BigDecimal executedQty, BigDecimal cummulativeQuoteQty, OrderStatus status, TimeInForce timeInForce,
        OrderType type, Side side, long time, long updateTime, BigDecimal origQuoteOrderQty) {
}
