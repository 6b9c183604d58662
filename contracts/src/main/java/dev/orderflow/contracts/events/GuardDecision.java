package dev.orderflow.contracts.events;

import java.time.Instant;
import java.util.List;

/** The entry guards' answer to one intent ({@code orders.decisions}). */
public record GuardDecision(
        String clientOrderId,
        String symbol,
        Side side,
        Intent intent,
        GuardOutcome outcome,
        boolean shadowMode,
        boolean consolidated,
        List<GuardFinding> findings,
        Instant bookTime,
        long latencyMicros,
        Instant decidedAt) {

    public GuardDecision {
        findings = List.copyOf(findings);
    }
}
