package dev.orderflow.contracts.events;

import java.time.Instant;
import java.util.Map;

/** A service's periodic sign of life ({@code ops.heartbeats}). */
public record Heartbeat(
        String service,
        String instance,
        String version,
        String status,
        String flagsHash,
        boolean masterSwitch,
        Instant startedAt,
        long uptimeSeconds,
        Map<String, String> details,
        Instant at) {

    public Heartbeat {
        details = Map.copyOf(details);
    }
}
