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
}
