package dev.orderflow.guards.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventSchemas;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.OrderIntent;
import dev.orderflow.guards.GuardService;
import dev.orderflow.guards.MarketData;
import dev.orderflow.guards.config.GuardSettings;
import dev.orderflow.guards.domain.Thresholds;
import dev.orderflow.guards.persistence.DecisionRepository;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read-only views for operators: the effective settings, stored decisions, and a dry run of the guards. */
@Path("/api/v1/guards")
@Tag(name = "Entry guards")
@Produces(MediaType.APPLICATION_JSON)
public class GuardResource {

    /** The client order id rule of the gateway (docs/api.md), which every stored decision's id follows. */
    private static final Pattern CLIENT_ORDER_ID = Pattern.compile("^[.A-Za-z0-9:/_-]{1,36}$");

    private final GuardSettings settings;
    private final MarketData marketData;
    private final DecisionRepository decisions;
    private final GuardService guards;

    public GuardResource(GuardSettings settings, MarketData marketData, DecisionRepository decisions, GuardService guards) {
        this.settings = settings;
        this.marketData = marketData;
        this.decisions = decisions;
        this.guards = guards;
    }

    @GET
    @Path("/settings")
    @Operation(summary = "Enabled guards, mode, thresholds (defaults and per-symbol overrides) and cache state")
    public JsonNode settings() {
        ObjectNode root = EventJson.mapper().createObjectNode();
        var policy = settings.policy();
        root.putObject("policy").put("slippage", policy.slippage()).put("spread", policy.spread()).put("depth", policy.depth())
                .put("consolidated", policy.consolidated()).put("mode", policy.mode().name().toLowerCase());
        root.set("defaults", thresholds(settings.defaults()));
        ObjectNode overrides = root.putObject("symbols");
        settings.overrides().forEach((symbol, t) -> overrides.set(symbol, thresholds(t)));
        settings.modeOverrides().forEach((symbol, mode) -> ((ObjectNode) overrides.get(symbol)).put("mode", mode.name().toLowerCase()));
        ObjectNode cache = root.putObject("cache");
        cache.put("ttlMs", settings.config().cache().ttl().toMillis());
        ObjectNode fetched = cache.putObject("fetchedAt");
        marketData.cachedSymbols().forEach((symbol, at) -> fetched.put(symbol, at.toString()));
        root.putObject("requestWeight").put("usedThisMinute", marketData.limiter().usedInCurrentMinute())
                .put("budgetPerMinute", marketData.limiter().budgetPerMinute());
        return root;
    }

    private static JsonNode thresholds(Thresholds t) {
        return EventJson.mapper().createObjectNode()
                .put("maxSlippageBps", t.maxSlippageBps().toPlainString())
                .put("maxSpreadBps", t.maxSpreadBps().toPlainString())
                .put("depthBandBps", t.depthBandBps().toPlainString())
                .put("depthMultiple", t.depthMultiple().toPlainString())
                .put("maxBookAgeMs", t.maxBookAgeMs());
    }

    @GET
    @Path("/decisions/{clientOrderId}")
    @Operation(summary = "The decision published for an order, as a structured CloudEvent")
    public Response decision(@PathParam("clientOrderId") String clientOrderId) {
        // decisions are stored only for ids the gateway accepted; another (a NUL character) made Postgres fail the query
        Optional<DecisionRepository.StoredDecision> found = CLIENT_ORDER_ID.matcher(clientOrderId).matches()
                ? decisions.find(clientOrderId) : Optional.empty();
        return found.map(stored -> Response.ok(EventJson.structured(stored.event())).build())
                .orElseGet(() -> Problems.response(404, "No decision", "No decision is stored for client order id " + clientOrderId, Map.of()));
    }

    @POST
    @Path("/evaluate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Dry run: the decision the guards would take for an OrderIntent now; nothing is stored or published")
    public Response evaluate(JsonNode body) {
        if (body == null) {
            return Problems.response(400, "Invalid intent", "The body must be an OrderIntent", Map.of("body", "missing"));
        }
        Map<String, String> infinite = new java.util.LinkedHashMap<>();
        nonFiniteNumbers(body, "$", infinite);
        if (!infinite.isEmpty()) {
            // 1e400 parses to an infinite double, which the schema validator cannot compare: refuse it here
            return Problems.response(400, "Invalid intent", "The body is not a valid OrderIntent", infinite);
        }
        var violations = EventSchemas.validate(EventType.ORDER_INTENT, body);
        if (!violations.isEmpty()) {
            Map<String, String> errors = new java.util.LinkedHashMap<>();
            violations.forEach(v -> errors.putIfAbsent(v.field(), v.message()));
            return Problems.response(400, "Invalid intent", "The body is not a valid OrderIntent", errors);
        }
        OrderIntent intent;
        try {
            intent = EventJson.mapper().convertValue(body, OrderIntent.class);
        } catch (IllegalArgumentException e) {
            // the schema holds, but a value does not convert (a number of thousands of digits)
            return Problems.response(400, "Invalid intent", "The body is not a valid OrderIntent",
                    Map.of("body", "a value cannot be read as its type"));
        }
        return Response.ok(EventJson.toTree(guards.decide(intent))).build();
    }

    private static void nonFiniteNumbers(JsonNode node, String path, Map<String, String> errors) {
        if (node.isNumber() && (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            errors.put(path, "not a finite number");
        } else if (node.isObject()) {
            node.properties().forEach(e -> nonFiniteNumbers(e.getValue(), path + "." + e.getKey(), errors));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nonFiniteNumbers(node.get(i), path + "[" + i + "]", errors);
            }
        }
    }
}
