package dev.orderflow.guards.api;

import dev.orderflow.contracts.events.EventJson;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** RFC 9457 problem documents ({@code application/problem+json}) with field-level errors. */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static Response response(int status, String title, String detail, Map<String, String> errors) {
        var problem = EventJson.mapper().createObjectNode()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (!errors.isEmpty()) {
            var list = problem.putArray("errors");
            errors.forEach((field, message) -> list.addObject().put("field", field).put("message", message));
        }
        return Response.status(status).type(MEDIA_TYPE).entity(problem.toString()).build();
    }
}
