package dev.orderflow.paper.api;

import dev.orderflow.paper.api.ApiGate.Security;
import dev.orderflow.paper.domain.AccountView;
import dev.orderflow.paper.domain.CancelResult;
import dev.orderflow.paper.domain.Exchange;
import dev.orderflow.paper.domain.NewOrder;
import dev.orderflow.paper.domain.OrderType;
import dev.orderflow.paper.domain.PlaceResult;
import dev.orderflow.paper.domain.Side;
import dev.orderflow.paper.domain.TimeInForce;
import dev.orderflow.paper.fault.FaultRegistry;
import dev.orderflow.paper.fault.FaultType;
import dev.orderflow.paper.config.PaperConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Binance spot signed endpoints: orders, trades and the account. */
@Path("/api/v3")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "Trading (Binance spot, signed)")
public class TradingResource {

    private final ApiGate gate;
    private final Exchange exchange;
    private final FaultRegistry faults;
    private final MeterRegistry metrics;

    public TradingResource(ApiGate gate, Exchange exchange, FaultRegistry faults, MeterRegistry metrics, PaperConfig config) {
        this.gate = gate;
        this.exchange = exchange;
        this.faults = faults;
        this.metrics = metrics;
    }

    @POST
    @Path("/order")
    @Operation(summary = "New order")
    public Uni<Response> newOrder(@Context HttpServerRequest request, String body) {
        return gate.handle(request, body, 1, Security.SIGNED, true, call -> {
            Params p = call.params();
            NewOrder order = parseOrder(p);
            String respType = responseType(p, order.type());
            PlaceResult result = exchange.place(call.apiKey(), order);
            metrics.counter("orderflow_paper_orders_total", "symbol", order.symbol(), "type", order.type().name(),
                    "status", result.order().status().name()).increment();
            faults.roll(FaultType.TIMEOUT_AFTER_ACCEPT, order.symbol()).ifPresent(f -> {
                throw new ApiError(503, -1007,
                        "Timeout waiting for response from backend server. Send status unknown; execution status unknown.");
            });
            faults.roll(FaultType.DROP_RESPONSE, order.symbol()).ifPresent(f -> {
                throw new DropResponse((long) f.param("holdMs", 30_000));
            });
            return switch (respType) {
                case "ACK" -> BinanceJson.ack(result.order(), result.transactTime());
                case "RESULT" -> BinanceJson.result(result.order(), result.transactTime());
                default -> BinanceJson.full(result.order(), result.transactTime(), result.fills());
            };
        });
    }

    @POST
    @Path("/order/test")
    @Operation(summary = "Test new order: validated, not placed")
    public Uni<Response> testOrder(@Context HttpServerRequest request, String body) {
        return gate.handle(request, body, 1, Security.SIGNED, false, call -> {
            NewOrder order = parseOrder(call.params());
            responseType(call.params(), order.type());
            exchange.validate(call.apiKey(), order);
            return Map.of();
        });
    }

    @GET
    @Path("/order")
    @Operation(summary = "Query order by orderId or origClientOrderId")
    public Uni<Response> queryOrder(@Context HttpServerRequest request) {
        return gate.handle(request, null, 4, Security.SIGNED, false, call -> {
            Params p = call.params();
            return BinanceJson.order(exchange.query(call.apiKey(), p.required("symbol"), p.longValue("orderId"),
                    p.optional("origClientOrderId")));
        });
    }

    @DELETE
    @Path("/order")
    @Operation(summary = "Cancel order by orderId or origClientOrderId")
    public Uni<Response> cancelOrder(@Context HttpServerRequest request, String body) {
        return gate.handle(request, body, 1, Security.SIGNED, false, call -> {
            Params p = call.params();
            CancelResult result = exchange.cancel(call.apiKey(), p.required("symbol"), p.longValue("orderId"),
                    p.optional("origClientOrderId"), p.clientOrderId("newClientOrderId"));
            var o = result.order();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("symbol", o.symbol());
            out.put("origClientOrderId", o.clientOrderId());
            out.put("orderId", o.orderId());
            out.put("orderListId", -1);
            out.put("clientOrderId", result.cancelClientOrderId());
            out.put("transactTime", result.transactTime());
            out.put("price", BinanceJson.dec(o.price()));
            out.put("origQty", BinanceJson.dec(o.origQty()));
            out.put("executedQty", BinanceJson.dec(o.executedQty()));
            out.put("origQuoteOrderQty", BinanceJson.dec(o.origQuoteOrderQty()));
            out.put("cummulativeQuoteQty", BinanceJson.dec(o.cummulativeQuoteQty()));
            out.put("status", o.status().name());
            out.put("timeInForce", o.timeInForce() == null ? "GTC" : o.timeInForce().name());
            out.put("type", o.type().name());
            out.put("side", o.side().name());
            out.put("selfTradePreventionMode", "NONE");
            return out;
        });
    }

    @GET
    @Path("/openOrders")
    @Operation(summary = "Open orders of one symbol or all")
    public Uni<Response> openOrders(@Context HttpServerRequest request) {
        boolean single = Params.parse(request.query(), null).has("symbol");
        return gate.handle(request, null, single ? 6 : 80, Security.SIGNED, false, call ->
                exchange.openOrders(call.apiKey(), call.params().optional("symbol")).stream().map(BinanceJson::order).toList());
    }

    @GET
    @Path("/allOrders")
    @Operation(summary = "All orders of a symbol: open, filled, canceled, expired")
    public Uni<Response> allOrders(@Context HttpServerRequest request) {
        return gate.handle(request, null, 20, Security.SIGNED, false, call -> {
            Params p = call.params();
            return exchange.allOrders(call.apiKey(), p.required("symbol"), p.longValue("orderId"), p.longValue("startTime"),
                    p.longValue("endTime"), p.limit("limit", 500, 1000)).stream().map(BinanceJson::order).toList();
        });
    }

    @GET
    @Path("/myTrades")
    @Operation(summary = "Trades of the account in a symbol")
    public Uni<Response> myTrades(@Context HttpServerRequest request) {
        return gate.handle(request, null, 20, Security.SIGNED, false, call -> {
            Params p = call.params();
            return exchange.myTrades(call.apiKey(), p.required("symbol"), p.longValue("orderId"), p.longValue("fromId"),
                    p.longValue("startTime"), p.longValue("endTime"), p.limit("limit", 500, 1000))
                    .stream().map(BinanceJson::trade).toList();
        });
    }

    @GET
    @Path("/account")
    @Operation(summary = "Balances and commission rates")
    public Uni<Response> account(@Context HttpServerRequest request) {
        return gate.handle(request, null, 20, Security.SIGNED, false, call -> {
            AccountView account = exchange.account(call.apiKey(),
                    "true".equalsIgnoreCase(call.params().optional("omitZeroBalances")));
            Map<String, Object> out = new LinkedHashMap<>();
            BigDecimal maker = exchange.makerRate();
            BigDecimal taker = exchange.takerRate();
            out.put("makerCommission", maker.movePointRight(4).intValue());
            out.put("takerCommission", taker.movePointRight(4).intValue());
            out.put("buyerCommission", 0);
            out.put("sellerCommission", 0);
            Map<String, Object> rates = new LinkedHashMap<>();
            rates.put("maker", BinanceJson.dec(maker));
            rates.put("taker", BinanceJson.dec(taker));
            rates.put("buyer", BinanceJson.dec(BigDecimal.ZERO));
            rates.put("seller", BinanceJson.dec(BigDecimal.ZERO));
            out.put("commissionRates", rates);
            out.put("canTrade", true);
            out.put("canWithdraw", false);
            out.put("canDeposit", false);
            out.put("brokered", false);
            out.put("requireSelfTradePrevention", false);
            out.put("preventSor", false);
            out.put("updateTime", account.updateTime());
            out.put("accountType", "SPOT");
            out.put("balances", account.balances().stream().map(BinanceJson::balance).toList());
            out.put("permissions", List.of("SPOT"));
            out.put("uid", account.uid());
            return out;
        });
    }

    static NewOrder parseOrder(Params p) {
        String symbol = p.required("symbol");
        Side side = parseEnum(Side.class, p.required("side"), -1117, "Invalid side.");
        OrderType type = parseEnum(OrderType.class, p.required("type"), -1116, "Invalid orderType.");
        String tifRaw = p.optional("timeInForce");
        BigDecimal quantity = p.decimal("quantity");
        BigDecimal quoteOrderQty = p.decimal("quoteOrderQty");
        BigDecimal price = p.decimal("price");
        String coid = p.clientOrderId("newClientOrderId");
        TimeInForce tif = null;
        switch (type) {
            case LIMIT -> {
                if (tifRaw == null) {
                    throw ApiError.mandatory("timeInForce");
                }
                tif = parseEnum(TimeInForce.class, tifRaw, -1115, "Invalid timeInForce.");
                if (quantity == null) {
                    throw ApiError.mandatory("quantity");
                }
                if (price == null) {
                    throw ApiError.mandatory("price");
                }
                if (quoteOrderQty != null) {
                    throw notRequired("quoteOrderQty");
                }
            }
            case LIMIT_MAKER -> {
                if (quantity == null) {
                    throw ApiError.mandatory("quantity");
                }
                if (price == null) {
                    throw ApiError.mandatory("price");
                }
                if (tifRaw != null) {
                    throw notRequired("timeInForce");
                }
            }
            case MARKET -> {
                if (tifRaw != null) {
                    throw notRequired("timeInForce");
                }
                if (price != null) {
                    throw notRequired("price");
                }
                if (quantity == null && quoteOrderQty == null) {
                    throw new ApiError(400, -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!");
                }
                if (quantity != null && quoteOrderQty != null) {
                    throw new ApiError(400, -1128, "Combination of optional parameters invalid.");
                }
            }
        }
        return new NewOrder(symbol, side, type, tif, quantity, quoteOrderQty, price, coid);
    }

    private static String responseType(Params p, OrderType type) {
        String raw = p.optional("newOrderRespType");
        if (raw == null) {
            return type == OrderType.LIMIT_MAKER ? "ACK" : "FULL";
        }
        if (!List.of("ACK", "RESULT", "FULL").contains(raw)) {
            throw new ApiError(400, -1100, "Illegal characters found in parameter 'newOrderRespType'; legal range is 'ACK, RESULT, FULL'.");
        }
        return raw;
    }

    private static ApiError notRequired(String name) {
        return new ApiError(400, -1106, "Parameter '" + name + "' sent when not required.");
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String raw, int code, String msg) {
        try {
            return Enum.valueOf(type, raw);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, code, msg);
        }
    }
}
