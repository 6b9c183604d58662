package dev.orderflow.paper.api;

import dev.orderflow.paper.domain.BookView;
import dev.orderflow.paper.domain.Exchange;
import dev.orderflow.paper.domain.Rejection;
import dev.orderflow.paper.fault.Fault;
import dev.orderflow.paper.fault.FaultRegistry;
import dev.orderflow.paper.fault.FaultType;
import dev.orderflow.paper.market.MarketTicker;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operator and test controls of the paper exchange (not part of Binance's API): fault injection,
 * market moves and balances. No fault is active until one is added here.
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Paper exchange admin")
public class AdminResource {

    private final FaultRegistry faults;
    private final ApiGate gate;
    private final Exchange exchange;
    private final MarketTicker ticker;

    public AdminResource(FaultRegistry faults, ApiGate gate, Exchange exchange, MarketTicker ticker) {
        this.faults = faults;
        this.gate = gate;
        this.exchange = exchange;
        this.ticker = ticker;
    }

    /** A fault to add. {@code params} depend on the type (see docs/paper-exchange.md). */
    public record FaultRequest(String type, String symbol, Double probability, Long times, Map<String, Double> params) {
    }

    public record MidRequest(BigDecimal price) {
    }

    public record BalanceRequest(BigDecimal free) {
    }

    @GET
    @Path("/faults")
    @Operation(summary = "Active faults with their hits, and injections per type since start")
    public Map<String, Object> list() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("faults", faults.list().stream().map(AdminResource::view).toList());
        out.put("injected", faults.injectedTotals());
        out.put("types", Arrays.stream(FaultType.values()).map(Enum::name).toList());
        return out;
    }

    @POST
    @Path("/faults")
    @Operation(summary = "Add a fault")
    public Response add(FaultRequest request) {
        if (request == null || request.type() == null) {
            return problem(400, "type", "type is required: one of " + Arrays.toString(FaultType.values()));
        }
        FaultType type;
        try {
            type = FaultType.valueOf(request.type());
        } catch (IllegalArgumentException e) {
            return problem(400, "type", "unknown fault type '" + request.type() + "': one of " + Arrays.toString(FaultType.values()));
        }
        if (request.symbol() != null) {
            try {
                exchange.symbol(request.symbol());
            } catch (Rejection e) {
                return problem(400, "symbol", "unknown symbol '" + request.symbol() + "'");
            }
        }
        try {
            Fault fault = faults.add(type, request.symbol(), request.probability(), request.times(), request.params());
            return Response.status(201).entity(view(fault)).build();
        } catch (IllegalArgumentException e) {
            return problem(400, e.getMessage().startsWith("times") ? "times" : "probability", e.getMessage());
        }
    }

    @DELETE
    @Path("/faults/{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Remove one fault")
    public Response remove(@PathParam("id") String id) {
        return faults.remove(id) ? Response.noContent().build() : problem(404, "id", "no active fault " + id);
    }

    @DELETE
    @Path("/faults")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Reset: remove every fault and forget rate-limit counts and bans")
    public Map<String, Object> reset() {
        int removed = faults.clear();
        gate.limiter().reset();
        return Map.of("removed", removed);
    }

    @DELETE
    @Path("/rate-limits")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Forget request-weight and order counts and lift IP bans")
    public Response resetLimits() {
        gate.limiter().reset();
        return Response.noContent().build();
    }

    @POST
    @Path("/market/{symbol}/mid")
    @Operation(summary = "Move a symbol's mid price now; resting orders that the new book crosses fill")
    public Response moveMid(@PathParam("symbol") String symbol, MidRequest request) {
        // the book is built from a double: 1e309 would be infinite and 1e-400 zero
        if (request == null || request.price() == null || request.price().signum() <= 0
                || !Double.isFinite(request.price().doubleValue()) || request.price().doubleValue() == 0) {
            return problem(400, "price", "price must be a positive decimal below 1e308");
        }
        try {
            BookView book = exchange.moveMid(symbol, request.price());
            return Response.ok(Map.of("symbol", symbol, "bidPrice", BinanceJson.dec(book.bestBid()[0]),
                    "askPrice", BinanceJson.dec(book.bestAsk()[0]), "lastUpdateId", book.lastUpdateId())).build();
        } catch (Rejection e) {
            return problem(404, "symbol", "unknown symbol '" + symbol + "'");
        }
    }

    @POST
    @Path("/market/tick")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Move every market one step now")
    public Response tick() {
        ticker.tick();
        return Response.noContent().build();
    }

    @PUT
    @Path("/accounts/{apiKey}/balances/{asset}")
    @Operation(summary = "Set the free balance of an asset of an account")
    public Response setBalance(@PathParam("apiKey") String apiKey, @PathParam("asset") String asset, BalanceRequest request) {
        if (request == null || request.free() == null || request.free().signum() < 0) {
            return problem(400, "free", "free must be a decimal >= 0");
        }
        try {
            var balance = exchange.setBalance(apiKey, asset, request.free());
            return Response.ok(BinanceJson.balance(balance)).build();
        } catch (Rejection e) {
            return problem(404, "apiKey", "unknown account");
        }
    }

    private static Map<String, Object> view(Fault fault) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", fault.id());
        out.put("type", fault.type().name());
        out.put("symbol", fault.symbol());
        out.put("probability", fault.probability());
        out.put("times", fault.times());
        out.put("params", fault.params());
        out.put("hits", fault.hits().get());
        return out;
    }

    private static Response problem(int status, String field, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status == 404 ? "Not Found" : "Bad Request");
        body.put("status", status);
        body.put("detail", detail);
        body.put("errors", List.of(Map.of("field", field, "message", detail)));
        return Response.status(status).type("application/problem+json").entity(body).build();
    }
}
