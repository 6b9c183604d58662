package dev.orderflow.paper.api;

import static dev.orderflow.paper.api.BinanceJson.dec;

import dev.orderflow.paper.api.ApiGate.Security;
import dev.orderflow.paper.config.PaperConfig;
import dev.orderflow.paper.domain.BookView;
import dev.orderflow.paper.domain.Exchange;
import dev.orderflow.paper.domain.SymbolSpec;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Binance spot public endpoints: ping, time, exchangeInfo, depth, bookTicker, ticker/price. */
@Path("/api/v3")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Market data (Binance spot)")
public class MarketDataResource {

    private final ApiGate gate;
    private final Exchange exchange;
    private final PaperConfig config;

    public MarketDataResource(ApiGate gate, Exchange exchange, PaperConfig config) {
        this.gate = gate;
        this.exchange = exchange;
        this.config = config;
    }

    @GET
    @Path("/ping")
    @Operation(summary = "Test connectivity")
    public Uni<Response> ping(@Context HttpServerRequest request) {
        return gate.handle(request, null, 1, Security.NONE, false, call -> Map.of());
    }

    @GET
    @Path("/time")
    @Operation(summary = "Server time")
    public Uni<Response> time(@Context HttpServerRequest request) {
        return gate.handle(request, null, 1, Security.NONE, false,
                call -> Map.of("serverTime", System.currentTimeMillis()));
    }

    @GET
    @Path("/exchangeInfo")
    @Operation(summary = "Symbols with their filters, and rate limits")
    public Uni<Response> exchangeInfo(@Context HttpServerRequest request) {
        return gate.handle(request, null, 20, Security.NONE, false, call -> {
            List<String> wanted = wantedSymbols(call.params());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("timezone", "UTC");
            out.put("serverTime", System.currentTimeMillis());
            out.put("rateLimits", rateLimits());
            out.put("exchangeFilters", List.of());
            List<Object> symbols = new ArrayList<>();
            for (SymbolSpec spec : exchange.symbols()) {
                if (wanted == null || wanted.contains(spec.symbol())) {
                    symbols.add(symbolInfo(spec));
                }
            }
            if (wanted != null && symbols.size() < wanted.size()) {
                throw new ApiError(400, -1121, "Invalid symbol.");
            }
            out.put("symbols", symbols);
            return out;
        });
    }

    @GET
    @Path("/depth")
    @Operation(summary = "Order book")
    public Uni<Response> depth(@Context HttpServerRequest request) {
        Params peek = Params.parse(request.query(), null);
        int limit = safeLimit(peek);
        int weight = limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
        return gate.handle(request, null, weight, Security.NONE, false, call -> {
            String symbol = call.params().required("symbol");
            int n = call.params().limit("limit", 100, 5000);
            BookView book = exchange.book(symbol, n);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("lastUpdateId", book.lastUpdateId());
            out.put("bids", levels(book.bids()));
            out.put("asks", levels(book.asks()));
            return out;
        });
    }

    @GET
    @Path("/ticker/bookTicker")
    @Operation(summary = "Best bid and ask")
    public Uni<Response> bookTicker(@Context HttpServerRequest request) {
        boolean single = Params.parse(request.query(), null).has("symbol");
        return gate.handle(request, null, single ? 2 : 4, Security.NONE, false, call -> {
            List<String> wanted = wantedSymbols(call.params());
            if (single) {
                return bookTicker(exchange.book(call.params().required("symbol"), 1));
            }
            return exchange.books(1).stream().filter(b -> wanted == null || wanted.contains(b.symbol()))
                    .map(MarketDataResource::bookTicker).toList();
        });
    }

    @GET
    @Path("/ticker/price")
    @Operation(summary = "Latest price")
    public Uni<Response> price(@Context HttpServerRequest request) {
        boolean single = Params.parse(request.query(), null).has("symbol");
        return gate.handle(request, null, single ? 2 : 4, Security.NONE, false, call -> {
            List<String> wanted = wantedSymbols(call.params());
            if (single) {
                return price(exchange.book(call.params().required("symbol"), 1));
            }
            return exchange.books(1).stream().filter(b -> wanted == null || wanted.contains(b.symbol()))
                    .map(this::price).toList();
        });
    }

    private Map<String, Object> price(BookView book) {
        SymbolSpec spec = exchange.symbol(book.symbol());
        BigDecimal mid = book.bestBid()[0].add(book.bestAsk()[0]).divide(BigDecimal.valueOf(2), 10, RoundingMode.HALF_UP);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", book.symbol());
        out.put("price", dec(spec.floorToTick(mid)));
        return out;
    }

    private static Map<String, Object> bookTicker(BookView book) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", book.symbol());
        out.put("bidPrice", dec(book.bestBid()[0]));
        out.put("bidQty", dec(book.bestBid()[1]));
        out.put("askPrice", dec(book.bestAsk()[0]));
        out.put("askQty", dec(book.bestAsk()[1]));
        return out;
    }

    private static List<List<String>> levels(List<BigDecimal[]> levels) {
        List<List<String>> out = new ArrayList<>(levels.size());
        for (BigDecimal[] level : levels) {
            out.add(List.of(dec(level[0]), dec(level[1])));
        }
        return out;
    }

    private static int safeLimit(Params params) {
        try {
            return params.limit("limit", 100, 5000);
        } catch (ApiError e) {
            return 100;
        }
    }

    /** {@code symbol=X} or {@code symbols=["X","Y"]}; null when neither was given. */
    private List<String> wantedSymbols(Params params) {
        String symbol = params.optional("symbol");
        if (symbol != null) {
            exchange.symbol(symbol);
            return List.of(symbol);
        }
        String symbols = params.optional("symbols");
        if (symbols == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String s : symbols.replaceAll("[\\[\\]\" ]", "").split(",")) {
            if (!s.isEmpty()) {
                exchange.symbol(s);
                out.add(s);
            }
        }
        return out;
    }

    private List<Map<String, Object>> rateLimits() {
        var limits = config.rateLimits();
        return List.of(
                limit("REQUEST_WEIGHT", "MINUTE", 1, limits.requestWeightPerMinute()),
                limit("ORDERS", "SECOND", 10, limits.ordersPer10s()),
                limit("ORDERS", "DAY", 1, limits.ordersPerDay()),
                limit("RAW_REQUESTS", "MINUTE", 5, 61000));
    }

    private static Map<String, Object> limit(String type, String interval, int num, int limit) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rateLimitType", type);
        out.put("interval", interval);
        out.put("intervalNum", num);
        out.put("limit", limit);
        return out;
    }

    private static Map<String, Object> symbolInfo(SymbolSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", spec.symbol());
        out.put("status", "TRADING");
        out.put("baseAsset", spec.baseAsset());
        out.put("baseAssetPrecision", 8);
        out.put("quoteAsset", spec.quoteAsset());
        out.put("quotePrecision", 8);
        out.put("quoteAssetPrecision", 8);
        out.put("baseCommissionPrecision", 8);
        out.put("quoteCommissionPrecision", 8);
        out.put("orderTypes", List.of("LIMIT", "LIMIT_MAKER", "MARKET"));
        out.put("icebergAllowed", false);
        out.put("ocoAllowed", false);
        out.put("otoAllowed", false);
        out.put("quoteOrderQtyMarketAllowed", true);
        out.put("allowTrailingStop", false);
        out.put("cancelReplaceAllowed", false);
        out.put("isSpotTradingAllowed", true);
        out.put("isMarginTradingAllowed", false);
        List<Map<String, Object>> filters = new ArrayList<>();
        Map<String, Object> price = new LinkedHashMap<>();
        price.put("filterType", "PRICE_FILTER");
        price.put("minPrice", dec(spec.minPrice()));
        price.put("maxPrice", dec(SymbolSpec.MAX_PRICE));
        price.put("tickSize", dec(spec.tickSize()));
        filters.add(price);
        Map<String, Object> lot = new LinkedHashMap<>();
        lot.put("filterType", "LOT_SIZE");
        lot.put("minQty", dec(spec.minQty()));
        lot.put("maxQty", dec(SymbolSpec.MAX_QTY));
        lot.put("stepSize", dec(spec.stepSize()));
        filters.add(lot);
        Map<String, Object> minNotional = new LinkedHashMap<>();
        minNotional.put("filterType", "MIN_NOTIONAL");
        minNotional.put("minNotional", dec(spec.minNotional()));
        minNotional.put("applyToMarket", true);
        minNotional.put("avgPriceMins", 5);
        filters.add(minNotional);
        Map<String, Object> notional = new LinkedHashMap<>();
        notional.put("filterType", "NOTIONAL");
        notional.put("minNotional", dec(spec.minNotional()));
        notional.put("applyMinToMarket", true);
        notional.put("maxNotional", dec(new BigDecimal("9000000")));
        notional.put("applyMaxToMarket", false);
        notional.put("avgPriceMins", 5);
        filters.add(notional);
        out.put("filters", filters);
        out.put("permissions", List.of());
        out.put("permissionSets", List.of(List.of("SPOT")));
        out.put("defaultSelfTradePreventionMode", "NONE");
        out.put("allowedSelfTradePreventionModes", List.of("NONE"));
        return out;
    }
}
