package dev.orderflow.paper.api;

import dev.orderflow.paper.config.PaperConfig;
import dev.orderflow.paper.domain.Rejection;
import dev.orderflow.paper.fault.Fault;
import dev.orderflow.paper.fault.FaultRegistry;
import dev.orderflow.paper.fault.FaultType;
import dev.orderflow.paper.ratelimit.RateLimitExceeded;
import dev.orderflow.paper.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What every /api/v3 call goes through, in Binance's order: request weight, parameters,
 * authentication (API key, signature, timestamp/recvWindow), order count, then the injected faults
 * (5xx, latency) and the call itself. Every answer carries {@code X-MBX-USED-WEIGHT-1M}; refusals
 * carry Binance's {@code {code,msg}}.
 */
@Singleton
public class ApiGate {

    private static final Logger LOG = Logger.getLogger(ApiGate.class);

    /** How a call is authenticated (Binance's security types). */
    public enum Security { NONE, USER_STREAM, SIGNED }

    private final PaperConfig config;
    private final Accounts accounts;
    private final FaultRegistry faults;
    private final Vertx vertx;
    private final RateLimiter limiter = new RateLimiter();

    public ApiGate(PaperConfig config, Accounts accounts, FaultRegistry faults, Vertx vertx) {
        this.config = config;
        this.accounts = accounts;
        this.faults = faults;
        this.vertx = vertx;
    }

    public RateLimiter limiter() {
        return limiter;
    }

    public Uni<Response> handle(HttpServerRequest request, String body, int weight, Security security, boolean newOrder,
            Function<Call, Object> action) {
        long now = System.currentTimeMillis();
        String ip = request.remoteAddress() == null ? "local" : request.remoteAddress().hostAddress();
        Headers headers = new Headers();
        Call call;
        long delay = 0;
        try {
            headers.weight = addWeight(ip, weight, now);
            Params params = Params.parse(request.query(), body);
            String apiKey = security == Security.NONE ? null : authenticate(request, params, security, now);
            call = new Call(params, apiKey, ip);
            String symbol = params.optional("symbol");
            if (newOrder) {
                headers.orderCounts = addOrder(apiKey, now, symbol);
            }
            Optional<Fault> serverError = faults.roll(FaultType.SERVER_ERROR, symbol);
            if (serverError.isPresent()) {
                int status = (int) serverError.get().param("status", 500);
                return Uni.createFrom().item(serverError(status, headers));
            }
            Optional<Fault> latency = faults.roll(FaultType.LATENCY, symbol);
            if (latency.isPresent()) {
                delay = latencyMillis(latency.get());
            }
        } catch (RuntimeException e) {
            return Uni.createFrom().item(failure(e, headers));
        }
        Call accepted = call;
        if (delay <= 0) {
            return respond(request, () -> action.apply(accepted), headers);
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(delay))
                .onItem().transformToUni(v -> respond(request, () -> action.apply(accepted), headers));
    }

    private Uni<Response> respond(HttpServerRequest request, java.util.function.Supplier<Object> action, Headers headers) {
        try {
            Object result = action.get();
            return Uni.createFrom().item(headers.apply(Response.ok(result, MediaType.APPLICATION_JSON_TYPE)).build());
        } catch (DropResponse drop) {
            return Uni.createFrom().emitter(emitter -> vertx.setTimer(Math.max(1, drop.holdMillis), id -> {
                try {
                    request.connection().close();
                } catch (RuntimeException e) {
                    LOG.debugf("Dropped connection already closed: %s", e.getMessage());
                }
            }));
        } catch (RuntimeException e) {
            return Uni.createFrom().item(failure(e, headers));
        }
    }

    private int addWeight(String ip, int weight, long now) {
        Optional<Fault> lowered = faults.active(FaultType.RATE_LIMIT, null)
                .filter(f -> f.params().containsKey("weightPerMinute"));
        if (!config.rateLimits().enabled() && lowered.isEmpty()) {
            return 0;
        }
        int limit = lowered.map(f -> (int) f.param("weightPerMinute", 0)).orElse(config.rateLimits().requestWeightPerMinute());
        try {
            return limiter.addWeight(ip, weight, now, limit, config.rateLimits().requestsAfter429BeforeBan(),
                    config.rateLimits().banDuration().toMillis());
        } catch (RateLimitExceeded e) {
            lowered.ifPresent(f -> faults.hit(f, null));
            throw e;
        }
    }

    private int[] addOrder(String apiKey, long now, String symbol) {
        Optional<Fault> lowered = faults.active(FaultType.RATE_LIMIT, null)
                .filter(f -> f.params().containsKey("ordersPer10s"));
        if (!config.rateLimits().enabled() && lowered.isEmpty()) {
            return null;
        }
        int per10s = lowered.map(f -> (int) f.param("ordersPer10s", 0)).orElse(config.rateLimits().ordersPer10s());
        try {
            return limiter.addOrder(apiKey, now, per10s, config.rateLimits().ordersPerDay());
        } catch (RateLimitExceeded e) {
            lowered.ifPresent(f -> faults.hit(f, symbol));
            throw e;
        }
    }

    private String authenticate(HttpServerRequest request, Params params, Security security, long now) {
        String apiKey = request.getHeader("X-MBX-APIKEY");
        if (apiKey == null || apiKey.isBlank()) {
            throw new ApiError(401, -2014, "API-key format invalid.");
        }
        if (!accounts.known(apiKey)) {
            throw new ApiError(401, -2015, "Invalid API-key, IP, or permissions for action.");
        }
        if (security != Security.SIGNED) {
            return apiKey;
        }
        Long timestamp = params.longValue("timestamp");
        if (timestamp == null) {
            throw ApiError.mandatory("timestamp");
        }
        String signature = params.optional("signature");
        if (signature == null) {
            throw ApiError.mandatory("signature");
        }
        Long recvWindow = params.longValue("recvWindow");
        long window = recvWindow == null ? 5000 : recvWindow;
        if (window <= 0 || window > config.maxRecvWindow()) {
            throw new ApiError(400, -1131, "recvWindow must be less than " + config.maxRecvWindow() + ".");
        }
        String query = withoutSignature(request.query());
        String form = withoutSignature(params.rawBody());
        boolean valid = accounts.verify(apiKey, query + form, signature)
                || (!query.isEmpty() && !form.isEmpty() && accounts.verify(apiKey, query + "&" + form, signature));
        if (!valid) {
            throw new ApiError(400, -1022, "Signature for this request is not valid.");
        }
        if (timestamp > now + 1000) {
            throw new ApiError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
        }
        if (now - timestamp > window) {
            throw new ApiError(400, -1021, "Timestamp for this request is outside of the recvWindow.");
        }
        return apiKey;
    }

    static String withoutSignature(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (String pair : raw.split("&")) {
            if (pair.startsWith("signature=") || pair.isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(pair);
        }
        return out.toString();
    }

    private long latencyMillis(Fault fault) {
        if (fault.params().containsKey("meanMs")) {
            return Math.round(-fault.param("meanMs", 0) * Math.log(1 - faults.uniform()));
        }
        double min = fault.param("minMs", 0);
        double max = Math.max(min, fault.param("maxMs", min));
        return Math.round(min + (max - min) * faults.uniform());
    }

    private static Response serverError(int status, Headers headers) {
        int code = status == 500 ? -1000 : -1001;
        String msg = status == 500 ? "An unknown error occurred while processing the request."
                : "Internal error; unable to process your request. Please try again.";
        return headers.apply(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(BinanceJson.error(code, msg))).build();
    }

    Response failure(RuntimeException e, Headers headers) {
        int status;
        int code;
        String msg = e.getMessage();
        Response.ResponseBuilder builder;
        if (e instanceof ApiError error) {
            status = error.status();
            code = error.code();
        } else if (e instanceof Rejection rejection) {
            code = rejection.code();
            status = code == -2015 || code == -2014 ? 401 : code == -1007 ? 503 : 400;
        } else if (e instanceof RateLimitExceeded limit) {
            status = limit.status();
            code = limit.code();
            builder = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(BinanceJson.error(code, msg))
                    .header("Retry-After", limit.retryAfterSeconds());
            return headers.apply(builder).build();
        } else {
            LOG.errorf(e, "Unexpected failure");
            status = 500;
            code = -1000;
            msg = "An unknown error occurred while processing the request.";
        }
        builder = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(BinanceJson.error(code, msg));
        return headers.apply(builder).build();
    }

    /** Usage headers of one response. */
    static final class Headers {
        int weight = -1;
        int[] orderCounts;

        Response.ResponseBuilder apply(Response.ResponseBuilder builder) {
            if (weight >= 0) {
                builder.header("X-MBX-USED-WEIGHT-1M", weight);
            }
            if (orderCounts != null) {
                builder.header("X-MBX-ORDER-COUNT-10S", orderCounts[0]);
                builder.header("X-MBX-ORDER-COUNT-1D", orderCounts[1]);
            }
            return builder;
        }
    }
}
