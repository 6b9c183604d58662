package dev.orderflow.telemetry.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The deployment guide's "performance report" (daily) and weekly review, built from hourly roll-ups:
 * the period's figures overall and per symbol, the same figures of the period before (fill rate
 * against the week before), the alerts raised, and each instance's memory and CPU trend.
 *
 * @param fillRateChangePoints fill rate of the period minus that of the period before, in percentage points
 */
public record Report(
        String kind,
        Instant from,
        Instant to,
        Instant generatedAt,
        Figures figures,
        Figures previous,
        BigDecimal fillRateChangePoints,
        Map<String, Figures> symbols,
        List<AlertCount> alerts,
        List<InstanceTrend> resources) {

    public enum Kind {
        DAILY(Duration.ofDays(1)), WEEKLY(Duration.ofDays(7));

        private final Duration length;

        Kind(Duration length) {
            this.length = length;
        }

        public Duration length() {
            return length;
        }

        /** The period ending with the current hour: the last 24 (or 168) hours, the current one included. */
        public Instant to(Instant now) {
            return now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        }

        public Instant from(Instant now) {
            return to(now).minus(length);
        }
    }

    /** Alerts of one rule and severity raised in the period. */
    public record AlertCount(String rule, String severity, long raised) {
    }

    /** One instance's resources over the period, from its hourly heartbeat figures. */
    public record InstanceTrend(String service, String instance, Long rssFirstBytes, Long rssLastBytes, Long rssMaxBytes,
            BigDecimal rssChangeMb, Long heapMaxBytes, BigDecimal cpuPercentMax, BigDecimal cpuPercentLast) {
    }

    public static BigDecimal change(BigDecimal now, BigDecimal before) {
        return now == null || before == null ? null : now.subtract(before);
    }
}
