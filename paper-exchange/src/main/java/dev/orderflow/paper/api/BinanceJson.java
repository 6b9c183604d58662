package dev.orderflow.paper.api;

import dev.orderflow.paper.domain.BalanceView;
import dev.orderflow.paper.domain.OrderView;
import dev.orderflow.paper.domain.Trade;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binance's field names and number formats (decimals as strings with 8 places). */
public final class BinanceJson {

    private BinanceJson() {
    }

    public static String dec(BigDecimal value) {
        return value == null ? "0.00000000" : value.setScale(8, RoundingMode.HALF_UP).toPlainString();
    }

    public static Map<String, Object> error(int code, String msg) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", code);
        out.put("msg", msg);
        return out;
    }

    /** Fields of GET /api/v3/order and the RESULT part of POST /api/v3/order. */
    public static Map<String, Object> order(OrderView o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", o.symbol());
        out.put("orderId", o.orderId());
        out.put("orderListId", -1);
        out.put("clientOrderId", o.clientOrderId());
        out.put("price", dec(o.price()));
        out.put("origQty", dec(o.origQty()));
        out.put("executedQty", dec(o.executedQty()));
        out.put("cummulativeQuoteQty", dec(o.cummulativeQuoteQty()));
        out.put("status", o.status().name());
        out.put("timeInForce", o.timeInForce() == null ? "GTC" : o.timeInForce().name());
        out.put("type", o.type().name());
        out.put("side", o.side().name());
        out.put("stopPrice", dec(BigDecimal.ZERO));
        out.put("icebergQty", dec(BigDecimal.ZERO));
        out.put("time", o.time());
        out.put("updateTime", o.updateTime());
        out.put("isWorking", true);
        out.put("workingTime", o.time());
        out.put("origQuoteOrderQty", dec(o.origQuoteOrderQty()));
        out.put("selfTradePreventionMode", "NONE");
        return out;
    }

    public static Map<String, Object> ack(OrderView o, long transactTime) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", o.symbol());
        out.put("orderId", o.orderId());
        out.put("orderListId", -1);
        out.put("clientOrderId", o.clientOrderId());
        out.put("transactTime", transactTime);
        return out;
    }

    public static Map<String, Object> result(OrderView o, long transactTime) {
        Map<String, Object> out = ack(o, transactTime);
        out.put("price", dec(o.price()));
        out.put("origQty", dec(o.origQty()));
        out.put("executedQty", dec(o.executedQty()));
        out.put("origQuoteOrderQty", dec(o.origQuoteOrderQty()));
        out.put("cummulativeQuoteQty", dec(o.cummulativeQuoteQty()));
        out.put("status", o.status().name());
        out.put("timeInForce", o.timeInForce() == null ? "GTC" : o.timeInForce().name());
        out.put("type", o.type().name());
        out.put("side", o.side().name());
        out.put("workingTime", o.time());
        out.put("selfTradePreventionMode", "NONE");
        return out;
    }

    public static Map<String, Object> full(OrderView o, long transactTime, List<Trade> fills) {
        Map<String, Object> out = result(o, transactTime);
        out.put("fills", fills.stream().map(t -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("price", dec(t.price()));
            f.put("qty", dec(t.qty()));
            f.put("commission", dec(t.commission()));
            f.put("commissionAsset", t.commissionAsset());
            f.put("tradeId", t.id());
            return f;
        }).toList());
        return out;
    }

    public static Map<String, Object> trade(Trade t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", t.symbol());
        out.put("id", t.id());
        out.put("orderId", t.orderId());
        out.put("orderListId", -1);
        out.put("price", dec(t.price()));
        out.put("qty", dec(t.qty()));
        out.put("quoteQty", dec(t.quoteQty()));
        out.put("commission", dec(t.commission()));
        out.put("commissionAsset", t.commissionAsset());
        out.put("time", t.time());
        out.put("isBuyer", t.side() == dev.orderflow.paper.domain.Side.BUY);
        out.put("isMaker", t.maker());
        out.put("isBestMatch", true);
        return out;
    }

    public static Map<String, Object> balance(BalanceView b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asset", b.asset());
        out.put("free", dec(b.free()));
        out.put("locked", dec(b.locked()));
        return out;
    }
}
