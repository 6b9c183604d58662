package dev.orderflow.contracts.events;

/** An event that breaks its contract; {@link #field()} names the attribute or payload field at fault. */
public class InvalidEventException extends RuntimeException {

    private final String field;

    public InvalidEventException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
