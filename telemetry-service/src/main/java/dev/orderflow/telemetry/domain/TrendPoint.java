package dev.orderflow.telemetry.domain;

import dev.orderflow.contracts.events.GuardOutcome;
import java.math.BigDecimal;
import java.time.Instant;

/** One 30-second step of the short trend series the dashboard draws (the 5-minute window's buckets). */
public record TrendPoint(Instant from, long submissions, long entriesFilled, long blocks, long throttles,
        BigDecimal slippageMeanBps) {

    static TrendPoint empty(Instant from) {
        return new TrendPoint(from, 0, 0, 0, 0, null);
    }

    static TrendPoint of(Instant from, FigureBucket bucket) {
        DistributionSummary slippage = bucket.slippageBps.summary();
        return new TrendPoint(from, bucket.submissions, bucket.entriesFilled, bucket.decisions[GuardOutcome.BLOCK.ordinal()],
                bucket.throttles, slippage == null ? null : slippage.mean());
    }
}
