package dev.orderflow.platform.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body larger than {@code quarkus.http.limits.max-body-size} with a 413 problem before anything
 * reads it. Quarkus' own check answers 413 with an empty body and closes the connection at once, while the
 * client is still sending: the client's socket is reset and it often never sees the answer. Here the rest
 * of the body is read and dropped before the connection closes, so the client reads the 413.
 */
@ApplicationScoped
public class RequestBodyLimit {

    /** Before the bearer-token check: a refused body must not be waited for. */
    static final int PRIORITY = 2000;
    /** A client that keeps sending beyond this after its refusal is cut off. */
    private static final long MAX_DRAINED = 64L * 1024 * 1024;

    private final long maxBody;

    public RequestBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody) {
        this.maxBody = maxBody.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared <= maxBody) {
            context.next();
            return;
        }
        long[] drained = { 0 };
        request.handler(buffer -> {
            drained[0] += buffer.length();
            if (drained[0] > MAX_DRAINED) {
                request.connection().close();
            }
        });
        request.endHandler(end -> request.connection().close());
        request.exceptionHandler(e -> request.connection().close());
        request.resume();
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        HttpProblemMapper.write(context.response(), 413, "body-too-large", "Body too large",
                "The body has " + declared + " bytes; at most " + maxBody + " are read");
    }
}
