package dev.orderflow.telemetry.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One service instance as its heartbeats show it.
 *
 * @param status               MISSING when no heartbeat arrived for the missing-after period, else what it reported
 * @param heartbeatAgeSeconds  time since its last heartbeat
 * @param cpuPercent           CPU used by its JVM, percent of the CPUs it sees
 * @param memoryGrowthMbPerDay least-squares trend of its RSS over the last day of samples; null before an hour of samples
 */
public record InstanceFigures(
        String service,
        String instance,
        String version,
        String status,
        String reportedStatus,
        String flagsHash,
        Instant lastSeenAt,
        BigDecimal heartbeatAgeSeconds,
        Long heapUsedBytes,
        Long rssBytes,
        BigDecimal cpuPercent,
        BigDecimal memoryGrowthMbPerDay) {
}
