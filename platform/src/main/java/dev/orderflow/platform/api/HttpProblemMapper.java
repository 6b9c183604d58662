package dev.orderflow.platform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Errors of the HTTP layer itself (unknown path, method not allowed, unsupported content type, a body that is
 * not JSON, a query parameter of the wrong type) as {@code application/problem+json} in every service, instead of
 * an empty body or an HTML page. A service's own mapper for the same exception takes precedence: these run at a
 * lower priority.
 */
public class HttpProblemMapper {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String TYPE_BASE = "https://orderflow.dev/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response webApplication(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return malformed(json);
            }
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (e instanceof NotFoundException && e.getCause() != null) {
            // a path or query parameter that does not convert to its type: the request is wrong, not the path
            return problem(400, "bad-parameter", "Bad parameter", "A path or query parameter has a value of the wrong type", null);
        }
        Response.StatusType known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return problem(status, "http-" + status, title, title, null);
    }

    /**
     * Ahead of the Jackson extension's own mapper for this exception, which answers 400 with an empty body outside
     * dev and test mode (a JSON array where an object was expected, a string for a number).
     */
    @ServerExceptionMapper(priority = Priorities.USER - 1)
    public Response mismatched(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response json(JsonProcessingException e) {
        return malformed(e);
    }

    private static Response malformed(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : null;
        return field == null
                ? problem(400, "malformed-request", "Malformed request", "The body is not valid JSON", null)
                : problem(400, "malformed-request", "Malformed request", "Field '" + field + "' has a value of the wrong type or format", field);
    }

    /** Writes a problem straight to a response, for answers given before the REST layer. */
    static void write(HttpServerResponse response, int status, String type, String title, String detail) {
        if (response.ended() || response.closed()) {
            return;
        }
        ObjectNode problem = JSON.createObjectNode()
                .put("type", TYPE_BASE + type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (response.headWritten()) {
            response.end();
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON).end(problem.toString());
    }

    static Response problem(int status, String type, String title, String detail, String field) {
        ObjectNode problem = JSON.createObjectNode()
                .put("type", TYPE_BASE + type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (field != null) {
            problem.putArray("errors").addObject().put("field", field).put("message", "wrong type or format");
        }
        return Response.status(status).type(PROBLEM_JSON).entity(problem.toString()).build();
    }
}
