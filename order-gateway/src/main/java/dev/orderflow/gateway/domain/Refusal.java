package dev.orderflow.gateway.domain;

import java.util.List;

/**
 * The gateway refuses a request: what went wrong, for which field and order, and when to retry.
 * {@code status} is the answer's class as an HTTP status code (422 invalid, 409 conflicting with the
 * order's or the trading state, 404 unknown, 503 not now); {@code type} a short stable name of the
 * refusal (e.g. {@code validation}). Thrown by the services, answered by the API as problem+json.
 * Carries no stack trace (none is ever shown to clients).
 */
public class Refusal extends RuntimeException {

    public record FieldError(String field, String message) {
    }

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final String clientOrderId;
    private final Integer retryAfterSeconds;

    public Refusal(int status, String type, String title, String detail, List<FieldError> errors,
            String clientOrderId, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.clientOrderId = clientOrderId;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static Refusal validation(String detail, List<FieldError> errors, String coid) {
        return new Refusal(422, "validation", "Order rejected by validation", detail, errors, coid, null);
    }

    public static Refusal unavailable(String type, String detail, int retryAfterSeconds) {
        return new Refusal(503, type, "Service temporarily unavailable", detail, List.of(), null, retryAfterSeconds);
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
