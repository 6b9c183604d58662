package dev.orderflow.telemetry.domain;

import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.OrderStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one scope over one window.
 *
 * @param ordersByState         orders that moved into each state (an order counts once per state it reached)
 * @param entriesSubmitted      entries sent to the exchange (a resubmission after UNKNOWN is not counted again)
 * @param entriesFilled         entries completely filled
 * @param fillRatePercent       100 x entriesFilled / entriesSubmitted; null without submissions
 * @param partialFills          fills that left a remainder (ORDER_PARTIAL)
 * @param slippageBps           realised entry slippage (ENTRY_SLIPPAGE), positive = worse than the reference
 * @param timeToFirstFillMs     from the order's submission to the exchange to its first fill
 * @param decisionsByOutcome    guard decisions by outcome
 * @param reasonsByOutcome      failed guard findings by outcome and reason
 * @param blockRatioPercent     100 x BLOCK / all decisions; null without decisions
 * @param shadowBlocks          SHADOW_BLOCK decisions: what shadow mode would have blocked
 * @param replays               requests the COID manager answered from a stored order (COID_DUPLICATE); never an alert
 * @param venueDuplicates       orders at the exchange no accepted request asked for, found by reconciliation
 * @param submissions           every submission to the exchange, entries and exits, resubmissions included
 * @param throttles             submissions that waited for a rate limit (RATE_LIMIT_THROTTLE)
 * @param throttleRatePercent   100 x throttles / submissions; null without submissions
 * @param cacheHitRatePercent   100 x hits / lookups of the market-data cache; null without lookups
 * @param findingsByKind        reconciliation findings by kind
 */
public record Figures(
        Map<String, Long> ordersByState,
        long entriesSubmitted,
        long entriesFilled,
        BigDecimal fillRatePercent,
        long partialFills,
        DistributionSummary slippageBps,
        DistributionSummary timeToFirstFillMs,
        Map<String, Long> decisionsByOutcome,
        Map<String, Map<String, Long>> reasonsByOutcome,
        BigDecimal blockRatioPercent,
        long shadowBlocks,
        long replays,
        long venueDuplicates,
        long submissions,
        long throttles,
        BigDecimal throttleRatePercent,
        long cacheHits,
        long cacheMisses,
        BigDecimal cacheHitRatePercent,
        Map<String, Long> findingsByKind) {

    static Figures of(FigureBucket sum) {
        Map<String, Long> states = new TreeMap<>();
        for (OrderStatus status : OrderStatus.values()) {
            if (sum.ordersByState[status.ordinal()] > 0) {
                states.put(status.name(), sum.ordersByState[status.ordinal()]);
            }
        }
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, Map<String, Long>> reasons = new TreeMap<>();
        long decisions = 0;
        for (GuardOutcome outcome : GuardOutcome.values()) {
            long n = sum.decisions[outcome.ordinal()];
            decisions += n;
            if (n > 0) {
                outcomes.put(outcome.name(), n);
            }
            Map<String, Long> byReason = new TreeMap<>();
            for (GuardReason reason : GuardReason.values()) {
                long r = sum.reasons[outcome.ordinal()][reason.ordinal()];
                if (r > 0) {
                    byReason.put(reason.name(), r);
                }
            }
            if (!byReason.isEmpty()) {
                reasons.put(outcome.name(), byReason);
            }
        }
        return new Figures(states, sum.entriesSubmitted, sum.entriesFilled, percent(sum.entriesFilled, sum.entriesSubmitted),
                sum.partialFills, sum.slippageBps.summary(), sum.timeToFirstFillMs.summary(), outcomes, reasons,
                percent(sum.decisions[GuardOutcome.BLOCK.ordinal()], decisions), sum.decisions[GuardOutcome.SHADOW_BLOCK.ordinal()],
                sum.replays, sum.venueDuplicates, sum.submissions, sum.throttles, percent(sum.throttles, sum.submissions),
                sum.cacheHits, sum.cacheMisses, percent(sum.cacheHits, sum.cacheHits + sum.cacheMisses),
                new TreeMap<>(sum.findingsByKind));
    }

    /** 100 x part / whole to two decimals, or null for 0/0. */
    static BigDecimal percent(long part, long whole) {
        if (whole == 0) {
            return null;
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }

    static BigDecimal decimal(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
}
