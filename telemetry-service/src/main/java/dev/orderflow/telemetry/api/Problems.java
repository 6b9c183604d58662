package dev.orderflow.telemetry.api;

import dev.orderflow.contracts.events.EventJson;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem documents ({@code application/problem+json}). */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /** A 400 naming the query parameter and what it accepts. */
    static WebApplicationException badParameter(String parameter, String message) {
        var problem = EventJson.mapper().createObjectNode()
                .put("type", "about:blank")
                .put("title", "Invalid request")
                .put("status", 400)
                .put("detail", parameter + ": " + message);
        problem.putArray("errors").addObject().put("field", parameter).put("message", message);
        return new WebApplicationException(Response.status(400).type(MEDIA_TYPE).entity(problem.toString()).build());
    }

    /** A 404 for a feature its flag turns off, naming the flag. */
    static WebApplicationException featureOff(String flag, String detail) {
        var problem = EventJson.mapper().createObjectNode()
                .put("type", "https://orderflow.dev/problems/feature-off")
                .put("title", "Feature off")
                .put("status", 404)
                .put("detail", detail)
                .put("flag", flag);
        return new WebApplicationException(Response.status(404).type(MEDIA_TYPE).entity(problem.toString()).build());
    }
}
