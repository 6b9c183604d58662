package dev.orderflow.contracts.events;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The states of the gateway's order state machine, and the sets of them that queries and services
 * ask about by name (a status added here is then placed in each set once, not in every query).
 */
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

    /** Statuses an order never leaves. */
    public static final Set<OrderStatus> TERMINAL = Collections.unmodifiableSet(
            EnumSet.copyOf(Arrays.stream(values()).filter(OrderStatus::isTerminal).toList()));

    /** Every status that is not terminal: the order may still be sent, fill or end. */
    public static final Set<OrderStatus> OPEN = Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.copyOf(TERMINAL)));

    /** Acknowledged by the exchange and not ended there: what execution polling asks about. */
    public static final Set<OrderStatus> OPEN_AT_EXCHANGE = Collections.unmodifiableSet(EnumSet.of(ACKNOWLEDGED, PARTIALLY_FILLED));

    /**
     * Open orders a cancel can act on now: not yet sent, or open at the exchange. SUBMITTING and UNKNOWN
     * wait for the exchange's outcome first.
     */
    public static final Set<OrderStatus> CANCELABLE_NOW = Collections.unmodifiableSet(
            EnumSet.of(ACCEPTED, PENDING_GUARDS, ACKNOWLEDGED, PARTIALLY_FILLED));

    private final boolean terminal;

    OrderStatus(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** The names of a set of statuses, in declaration order: what a query binds as a text array. */
    public static List<String> names(Set<OrderStatus> statuses) {
        return statuses.stream().sorted().map(Enum::name).toList();
    }
}
