package dev.orderflow.gateway.api;

import java.util.List;

/**
 * An error answered as {@code application/problem+json}: what went wrong, for which field and
 * order, and when to retry. Carries no stack trace (none is ever shown to clients).
 */
public class ApiProblem extends RuntimeException {

    public static final String TYPE_BASE = "https://orderflow.dev/problems/";

    public record FieldError(String field, String message) {
    }

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final String clientOrderId;
    private final Integer retryAfterSeconds;

    public ApiProblem(int status, String type, String title, String detail, List<FieldError> errors,
            String clientOrderId, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.type = TYPE_BASE + type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.clientOrderId = clientOrderId;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiProblem validation(String detail, List<FieldError> errors, String coid) {
        return new ApiProblem(422, "validation", "Order rejected by validation", detail, errors, coid, null);
    }

    public static ApiProblem unavailable(String type, String detail, int retryAfterSeconds) {
        return new ApiProblem(503, type, "Service temporarily unavailable", detail, List.of(), null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public String clientOrderId() {
        return clientOrderId;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
