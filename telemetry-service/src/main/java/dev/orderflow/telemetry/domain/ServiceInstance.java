package dev.orderflow.telemetry.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A service instance as its heartbeats show it. It is MISSING when no heartbeat arrived for
 * {@code missingAfter}, whatever the last one said.
 */
public record ServiceInstance(String service, String instance, String version, String reportedStatus, String flagsHash,
        boolean masterSwitch, Instant startedAt, Instant lastSeenAt, String status) {

    public static ServiceInstance of(String service, String instance, String version, String reportedStatus,
            String flagsHash, boolean masterSwitch, Instant startedAt, Instant lastSeenAt, Instant now, Duration missingAfter) {
        boolean missing = lastSeenAt.plus(missingAfter).isBefore(now);
        return new ServiceInstance(service, instance, version, reportedStatus, flagsHash, masterSwitch, startedAt,
                lastSeenAt, missing ? "MISSING" : reportedStatus);
    }
}
