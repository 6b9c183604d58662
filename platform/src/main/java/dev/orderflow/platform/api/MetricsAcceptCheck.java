package dev.orderflow.platform.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /q/metrics} serves the Prometheus text format. For an {@code Accept} it cannot serve the metrics route
 * of Quarkus answers 406 with an empty body; this answers it first with a problem.
 */
@ApplicationScoped
public class MetricsAcceptCheck {

    static final String PATH = "/q/metrics";
    private static final Set<String> SERVED = Set.of("text/plain", "text/*", "*/*");
    private static final String OPEN_METRICS = "application/openmetrics-text";

    void register(@Observes Filters filters) {
        // after the bearer-token check (1000): a caller without a token learns nothing about the metrics
        filters.register(this::check, 900);
    }

    void check(RoutingContext context) {
        String path = context.normalizedPath();
        if (!(path.equals(PATH) || path.startsWith(PATH + "/")) || acceptable(context.request().getHeader(HttpHeaders.ACCEPT))) {
            context.next();
            return;
        }
        HttpProblemMapper.write(context.response(), 406, "http-406", "Not Acceptable",
                "Metrics are served as text/plain only");
    }

    /**
     * Whether the metrics route will serve {@code accept}, as measured against it: it serves text/plain (also for the
     * wildcards) and decides by the most preferred media range, so {@code application/json, text/plain} is
     * refused. The one exception is OpenMetrics first with text/plain as a fallback, which is what Prometheus sends.
     */
    static boolean acceptable(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String preferred = null;
        double best = 0;
        boolean fallback = false;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > best) {
                best = q;
                preferred = type;
            }
            fallback |= q > 0 && SERVED.contains(type);
        }
        return preferred != null && (SERVED.contains(preferred) || preferred.equals(OPEN_METRICS) && fallback);
    }
}
