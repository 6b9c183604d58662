package dev.orderflow.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.domain.Refusal.FieldError;
import dev.orderflow.gateway.domain.Refusal;
import dev.orderflow.gateway.persistence.DataAccessException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of the API as {@code application/problem+json} (RFC 9457): {@code type}, {@code title},
 * {@code status}, {@code detail}, the order's {@code coid} when known, and field-level {@code errors}.
 * Never a class name or a stack trace. A failing database is a 503 with Retry-After, never a 500.
 */
public class ProblemMapper {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String TYPE_BASE = "https://orderflow.dev/problems/";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Problem(String type, String title, int status, String detail, String coid, List<FieldError> errors) {
    }

    private final GatewayConfig config;

    public ProblemMapper(GatewayConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response refusal(Refusal problem) {
        return respond(problem.status(), TYPE_BASE + problem.type(), problem.title(), problem.detail(), problem.clientOrderId(),
                problem.errors(), problem.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response database(DataAccessException e) {
        if (e.badValue()) {
            return unstorable();
        }
        LOG.warnf("Database unavailable: %s", e.getMessage());
        return unavailable();
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return malformed(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status == 400 ? "The request could not be read" : e.getMessage();
        return respond(status, TYPE_BASE + "http-" + status, title, detail, null, List.of(), null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataAccessException dataAccess) {
                return database(dataAccess);
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return unstorable();
            }
            if (t instanceof SQLException) {
                LOG.warnf("Database unavailable: %s", t.getMessage());
                return unavailable();
            }
            if (t instanceof Refusal problem) {
                return refusal(problem);
            }
        }
        LOG.errorf(e, "Unexpected error");
        return respond(500, TYPE_BASE + "internal", "Internal error",
                "The request failed unexpectedly; it is safe to retry with the same clientOrderId", null, List.of(), null);
    }

    /** Postgres refused a value the request carried (a NUL character, an invalid byte sequence): the request is wrong. */
    private static Response unstorable() {
        return respond(400, TYPE_BASE + "bad-value", "Bad value", "A value of the request cannot be stored, for example it "
                + "contains a NUL character", null, List.of(), null);
    }

    private Response unavailable() {
        return respond(503, TYPE_BASE + "database-unavailable", "Service temporarily unavailable",
                "The order store is unavailable; retry with the same clientOrderId", null, List.of(), config.retryAfterSeconds());
    }

    private static Response malformed(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : null;
        String detail = field == null ? "The body is not valid JSON" : "Field '" + field + "' has a value of the wrong type or format";
        List<FieldError> errors = field == null ? List.of() : List.of(new FieldError(field, "wrong type or format"));
        return respond(400, TYPE_BASE + "malformed-request", "Malformed request", detail, null, errors, null);
    }

    static Response respond(int status, String type, String title, String detail, String coid, List<FieldError> errors,
            Integer retryAfter) {
        Response.ResponseBuilder builder = Response.status(status)
                .type(MediaType.valueOf(PROBLEM_JSON))
                .entity(new Problem(type, title, status, detail, coid, errors));
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return builder.build();
    }
}
