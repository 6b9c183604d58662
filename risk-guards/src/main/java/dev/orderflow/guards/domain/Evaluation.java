package dev.orderflow.guards.domain;

import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What the guards found for one intent and the outcome that follows from it.
 *
 * @param expectedPrice the average price the book promised for the order's quantity; null without a
 *        usable book, for exits and unguarded entries, and when the book cannot fill a market order
 */
public record Evaluation(GuardOutcome outcome, List<GuardFinding> findings, BigDecimal expectedPrice) {

    public Evaluation {
        findings = List.copyOf(findings);
    }

    public Evaluation(GuardOutcome outcome, List<GuardFinding> findings) {
        this(outcome, findings, null);
    }

    /** Every reason that failed, in evaluation order. */
    public List<GuardReason> failedReasons() {
        return findings.stream().filter(f -> !f.passed()).map(GuardFinding::reason).toList();
    }

    /** The first failing reason, or for an allowed exit EXIT_BYPASS. */
    public Optional<GuardReason> primaryReason() {
        return findings.stream().filter(f -> !f.passed() || f.reason() == GuardReason.EXIT_BYPASS)
                .map(GuardFinding::reason).findFirst();
    }
}
