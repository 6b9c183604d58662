package dev.orderflow.guards.config;

import java.util.List;

/** Guard configuration the service refuses to start with; the message lists every problem. */
public class InvalidGuardConfigException extends RuntimeException {

    private final List<String> problems;

    public InvalidGuardConfigException(List<String> problems) {
        super("Invalid entry guard configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
