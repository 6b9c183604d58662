package dev.orderflow.contracts.flags;

/** A flag configuration that must stop start-up. The message is one line naming the variable. */
public class InvalidFlagException extends RuntimeException {

    private final String variable;

    public InvalidFlagException(String variable, String message) {
        super(message);
        this.variable = variable;
    }

    /** The environment variable at fault. */
    public String variable() {
        return variable;
    }
}
