package dev.orderflow.telemetry.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * When a silent instance stops mattering. Instance names change on every start (a restarted process,
 * a new pod), so a crashed instance never beats again: without this rule it would stay MISSING, and
 * its HeartbeatMissing alert open, until it is forgotten a day later. A silent instance is replaced
 * once another instance of the same service started after its last heartbeat; until then its silence
 * is what the alert is for.
 */
public final class InstanceReplacement {

    /** What the rule needs to know of an instance. */
    public record Seen(String service, String instance, Instant startedAt, Instant lastSeenAt) {
    }

    private InstanceReplacement() {
    }

    public static boolean isReplaced(Seen candidate, Collection<Seen> all, Instant now, Duration missingAfter) {
        if (!candidate.lastSeenAt().plus(missingAfter).isBefore(now)) {
            return false;
        }
        for (Seen other : all) {
            if (other.service().equals(candidate.service()) && !other.instance().equals(candidate.instance())
                    && other.startedAt() != null && other.startedAt().isAfter(candidate.lastSeenAt())) {
                return true;
            }
        }
        return false;
    }
}
