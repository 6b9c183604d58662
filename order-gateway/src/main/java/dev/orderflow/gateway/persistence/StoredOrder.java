package dev.orderflow.gateway.persistence;

import dev.orderflow.contracts.events.TimeInForce;
import dev.orderflow.gateway.domain.OrderState;
import java.time.Instant;

/** An order row: the state machine's view plus what only storage and the API need. */
public record StoredOrder(
        long id,
        OrderState state,
        TimeInForce timeInForce,
        Integer ttlSeconds,
        String requestHash,
        String statusCause,
        long replayCount,
        int unknownChecks,
        Instant nextCheckAt,
        Instant updatedAt,
        Instant terminalAt) {

    public String clientOrderId() {
        return state.clientOrderId();
    }

    /**
     * The order after a transition to {@code next} at {@code at}, as its row will read once stored: a
     * final state keeps the time it was first reached.
     */
    public StoredOrder advancedTo(OrderState next, String cause, Instant at) {
        Instant terminal = next.status().isTerminal() ? (terminalAt == null ? at : terminalAt) : null;
        return new StoredOrder(id, next, timeInForce, ttlSeconds, requestHash, cause, replayCount, unknownChecks, nextCheckAt,
                at, terminal);
    }

    /** The order as read, with the replays counted since. */
    public StoredOrder withReplayCount(long replays) {
        return new StoredOrder(id, state, timeInForce, ttlSeconds, requestHash, statusCause, replays, unknownChecks, nextCheckAt,
                updatedAt, terminalAt);
    }
}
