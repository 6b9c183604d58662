package dev.orderflow.paper.domain;

import java.math.BigDecimal;

/** An order inside the engine; only {@link Exchange} changes it, callers get {@link OrderView}s. */
final class Order {
    final long orderId;
    final String apiKey;
    final String symbol;
    final String clientOrderId;
    final Side side;
    final OrderType type;
    final TimeInForce timeInForce;
    final BigDecimal price;
    final BigDecimal origQty;
    final BigDecimal origQuoteOrderQty;
    final long time;
    BigDecimal executedQty = BigDecimal.ZERO;
    BigDecimal cumQuote = BigDecimal.ZERO;
    BigDecimal locked = BigDecimal.ZERO;
    OrderStatus status = OrderStatus.NEW;
    long updateTime;

    Order(long orderId, String apiKey, NewOrder request, String clientOrderId, long time) {
        this.orderId = orderId;
        this.apiKey = apiKey;
        this.symbol = request.symbol();
        this.clientOrderId = clientOrderId;
        this.side = request.side();
        this.type = request.type();
        this.timeInForce = request.type() == OrderType.MARKET ? null
                : request.type() == OrderType.LIMIT_MAKER ? TimeInForce.GTC : request.timeInForce();
        this.price = request.price() == null ? BigDecimal.ZERO : request.price();
        this.origQty = request.quantity() == null ? BigDecimal.ZERO : request.quantity();
        this.origQuoteOrderQty = request.quoteOrderQty() == null ? BigDecimal.ZERO : request.quoteOrderQty();
        this.time = time;
        this.updateTime = time;
    }

    boolean byQuote() {
        return origQuoteOrderQty.signum() > 0;
    }

    BigDecimal remainingQty() {
        return origQty.subtract(executedQty);
    }

    OrderView view() {
        return new OrderView(symbol, orderId, clientOrderId, price, origQty, executedQty, cumQuote, status,
                timeInForce, type, side, time, updateTime, origQuoteOrderQty);
    }
}
