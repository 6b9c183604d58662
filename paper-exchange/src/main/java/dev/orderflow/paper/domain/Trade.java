package dev.orderflow.paper.domain;

import java.math.BigDecimal;

/** One fill of one order (a row of myTrades). */
public record Trade(long id, String symbol, long orderId, Side side, BigDecimal price, BigDecimal qty,
        BigDecimal quoteQty, BigDecimal commission, String commissionAsset, long time, boolean maker) {
}
