package dev.orderflow.contracts.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The entry guards' answer to one intent ({@code orders.decisions}).
 *
 * @param expectedPrice the average price the book snapshot promised for the order's quantity (walking the
 *        side the order takes from, a limit order's remainder priced at its limit); null when there was no
 *        usable book, no guard was on, the intent is an exit, or the book could not fill a market order.
 *        The gateway measures the entry's slippage against it when the strategy sent no reference price.
 */
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
        Instant decidedAt,
        BigDecimal expectedPrice) {

    public GuardDecision {
        findings = List.copyOf(findings);
    }

    /** A decision without an expected price. */
    public GuardDecision(String clientOrderId, String symbol, Side side, Intent intent, GuardOutcome outcome, boolean shadowMode,
            boolean consolidated, List<GuardFinding> findings, Instant bookTime, long latencyMicros, Instant decidedAt) {
        this(clientOrderId, symbol, side, intent, outcome, shadowMode, consolidated, findings, bookTime, latencyMicros, decidedAt, null);
    }
}
