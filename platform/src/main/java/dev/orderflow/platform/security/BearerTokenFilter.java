package dev.orderflow.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.platform.config.ServiceConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Bearer-token check in front of every HTTP route of the service (REST resources, {@code /q/*},
 * WebSockets), so that an endpoint added later is covered before anyone writes a rule for it. The
 * answer to a refused request is {@code application/problem+json}: 401 without a known token, 403
 * without the path's scope. The request body is never read for a refused request.
 */
@ApplicationScoped
public class BearerTokenFilter {

    /** Routing-context key under which a granted request carries its principal ({@code token:<12 hex>}). */
    public static final String PRINCIPAL = "orderflow.principal";
    /** Runs before the REST layer and the operations endpoints. */
    static final int PRIORITY = 1000;
    static final String PROBLEM_JSON = "application/problem+json";
    private static final String TYPE_BASE = "https://orderflow.dev/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccessRules rules;
    private final String realm;

    public BearerTokenFilter(AuthConfig config, ServiceConfig service) {
        this.rules = AccessRules.of(config);
        this.realm = service.serviceName();
    }

    void register(@Observes Filters filters) {
        filters.register(this::authorize, PRIORITY);
    }

    /** The principal of the current request, or {@code anonymous} when none was needed or checks are off. */
    public static String principal(RoutingContext context) {
        String principal = context == null ? null : context.get(PRINCIPAL);
        return principal == null ? "anonymous" : principal;
    }

    void authorize(RoutingContext context) {
        var access = rules.decide(context.request().method().name(), context.normalizedPath(),
                context.request().getHeader(HttpHeaders.AUTHORIZATION));
        switch (access) {
            case AccessRules.Open open -> context.next();
            case AccessRules.Granted granted -> {
                context.put(PRINCIPAL, granted.principal());
                context.next();
            }
            case AccessRules.Unauthenticated refused -> refuse(context, 401, "unauthorized", "Authentication required",
                    refused.detail(), "Bearer realm=\"" + realm + "\"");
            case AccessRules.Forbidden forbidden -> refuse(context, 403, "forbidden", "Insufficient scope",
                    "The token lacks the scope " + forbidden.scope(),
                    "Bearer realm=\"" + realm + "\", error=\"insufficient_scope\", scope=\"" + forbidden.scope() + "\"");
        }
    }

    private static void refuse(RoutingContext context, int status, String type, String title, String detail, String challenge) {
        ObjectNode problem = JSON.createObjectNode()
                .put("type", TYPE_BASE + type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
                .putHeader("WWW-Authenticate", challenge)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(problem.toString());
    }
}
