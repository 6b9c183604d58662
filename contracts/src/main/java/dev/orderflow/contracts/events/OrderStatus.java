package dev.orderflow.contracts.events;

/** The states of the gateway's order state machine. */
public enum OrderStatus {
    ACCEPTED(false),
    PENDING_GUARDS(false),
    BLOCKED(true),
    SUBMITTING(false),
    UNKNOWN(false),
    ACKNOWLEDGED(false),
    PARTIALLY_FILLED(false),
    FILLED(true),
    CANCELED(true),
    REJECTED(true),
    EXPIRED(true);

    private final boolean terminal;

    OrderStatus(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }
}
