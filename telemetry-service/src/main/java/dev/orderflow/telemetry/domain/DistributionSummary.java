package dev.orderflow.telemetry.domain;

import java.math.BigDecimal;

/** Count, mean, median, 95th percentile and maximum of a distribution. */
public record DistributionSummary(long count, BigDecimal mean, BigDecimal p50, BigDecimal p95, BigDecimal max) {
}
