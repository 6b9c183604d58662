package dev.orderflow.paper.stream;

import static dev.orderflow.paper.api.BinanceJson.dec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.paper.domain.BalanceView;
import dev.orderflow.paper.domain.ExchangeListener;
import dev.orderflow.paper.domain.ExecutionType;
import dev.orderflow.paper.domain.OrderView;
import dev.orderflow.paper.domain.Trade;
import dev.orderflow.paper.fault.Fault;
import dev.orderflow.paper.fault.FaultRegistry;
import dev.orderflow.paper.fault.FaultType;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns engine events into Binance user data stream events and sends them to the account's open
 * sockets, applying the report faults (delay, duplicate, out of order) per symbol.
 */
@Singleton
public class UserDataDispatcher implements ExchangeListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UserDataSockets sockets;
    private final FaultRegistry faults;
    private final Vertx vertx;
    /** An execution report held back by REPORT_REORDER, per account. */
    private final Map<String, String> held = new ConcurrentHashMap<>();

    public UserDataDispatcher(UserDataSockets sockets, FaultRegistry faults, Vertx vertx) {
        this.sockets = sockets;
        this.faults = faults;
        this.vertx = vertx;
    }

    @Override
    public void onOrderUpdate(String apiKey, OrderView o, ExecutionType execution, Trade trade, String cancelClientOrderId,
            String rejectReason, long eventTime) {
        if (!sockets.anyFor(apiKey)) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("e", "executionReport");
        e.put("E", eventTime);
        e.put("s", o.symbol());
        e.put("c", cancelClientOrderId != null ? cancelClientOrderId : o.clientOrderId());
        e.put("S", o.side().name());
        e.put("o", o.type().name());
        e.put("f", o.timeInForce() == null ? "GTC" : o.timeInForce().name());
        e.put("q", dec(o.origQty()));
        e.put("p", dec(o.price()));
        e.put("P", dec(BigDecimal.ZERO));
        e.put("F", dec(BigDecimal.ZERO));
        e.put("g", -1);
        e.put("C", cancelClientOrderId != null ? o.clientOrderId() : "");
        e.put("x", execution.name());
        e.put("X", o.status().name());
        e.put("r", rejectReason == null ? "NONE" : rejectReason);
        e.put("i", o.orderId());
        e.put("l", dec(trade == null ? BigDecimal.ZERO : trade.qty()));
        e.put("z", dec(o.executedQty()));
        e.put("L", dec(trade == null ? BigDecimal.ZERO : trade.price()));
        e.put("n", dec(trade == null ? BigDecimal.ZERO : trade.commission()));
        e.put("N", trade == null ? null : trade.commissionAsset());
        e.put("T", trade == null ? eventTime : trade.time());
        e.put("t", trade == null ? -1 : trade.id());
        e.put("v", 0);
        e.put("I", eventTime);
        e.put("w", o.status().isOpen());
        e.put("m", trade != null && trade.maker());
        e.put("M", false);
        e.put("O", o.time());
        e.put("Z", dec(o.cummulativeQuoteQty()));
        e.put("Y", dec(trade == null ? BigDecimal.ZERO : trade.quoteQty()));
        e.put("Q", dec(o.origQuoteOrderQty()));
        e.put("W", o.time());
        e.put("V", "NONE");
        deliverReport(apiKey, o.symbol(), write(e));
    }

    @Override
    public void onBalances(String apiKey, List<BalanceView> balances, long eventTime) {
        if (!sockets.anyFor(apiKey)) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("e", "outboundAccountPosition");
        e.put("E", eventTime);
        e.put("u", eventTime);
        e.put("B", balances.stream().map(b -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("a", b.asset());
            entry.put("f", dec(b.free()));
            entry.put("l", dec(b.locked()));
            return entry;
        }).toList());
        sockets.send(apiKey, write(e));
    }

    private void deliverReport(String apiKey, String symbol, String json) {
        Optional<Fault> reorder = faults.roll(FaultType.REPORT_REORDER, symbol);
        if (reorder.isPresent()) {
            String previous = held.remove(apiKey);
            if (previous == null) {
                held.put(apiKey, json);
                long holdMs = (long) reorder.get().param("holdMs", 1000);
                vertx.setTimer(Math.max(1, holdMs), id -> {
                    String stillHeld = held.remove(apiKey);
                    if (stillHeld != null) {
                        sockets.send(apiKey, stillHeld);
                    }
                });
                return;
            }
            send(apiKey, symbol, json);
            sockets.send(apiKey, previous);
            return;
        }
        send(apiKey, symbol, json);
        String previous = held.remove(apiKey);
        if (previous != null) {
            sockets.send(apiKey, previous);
        }
    }

    private void send(String apiKey, String symbol, String json) {
        boolean duplicate = faults.roll(FaultType.REPORT_DUPLICATE, symbol).isPresent();
        Optional<Fault> delay = faults.roll(FaultType.REPORT_DELAY, symbol);
        Runnable out = () -> {
            sockets.send(apiKey, json);
            if (duplicate) {
                sockets.send(apiKey, json);
            }
        };
        if (delay.isPresent()) {
            vertx.setTimer(Math.max(1, (long) delay.get().param("delayMs", 1000)), id -> out.run());
        } else {
            out.run();
        }
    }

    private static String write(Map<String, Object> event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
