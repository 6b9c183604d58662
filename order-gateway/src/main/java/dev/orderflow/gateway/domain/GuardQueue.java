package dev.orderflow.gateway.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The entries waiting for a guard decision, as last counted, plus the entries this instance sent to the
 * guards since: whether one more can still expect its decision within the guard timeout.
 *
 * <p>The guards answer a symbol's intents in the order they were published, so an entry accepted now
 * waits at least as long as the oldest one already waiting; and a burst accepted in one piece is only
 * decided as fast as the guards go. Past either limit the entry would be accepted (201) only to end
 * BLOCKED with {@code GUARD_TIMEOUT} seconds later: it is better refused now, while the strategy can
 * still retry it.
 *
 * @param waiting     entries waiting for a decision when they were last counted, in every instance
 * @param oldestSince since when the oldest of them has waited, or null when none did
 * @param sentSince   entries this instance sent to the guards after that count
 */
public record GuardQueue(int waiting, Instant oldestSince, int sentSince) {

    public static final GuardQueue EMPTY = new GuardQueue(0, null, 0);

    /** Why a new entry would wait too long for its decision, or empty when it can be taken. */
    public Optional<String> overload(Instant now, Duration maxWait, int maxWaiting) {
        int entries = waiting + sentSince;
        if (entries >= maxWaiting) {
            return Optional.of(entries + " entries are waiting for a guard decision (limit " + maxWaiting + ")");
        }
        if (oldestSince != null) {
            Duration waited = Duration.between(oldestSince, now);
            if (waited.compareTo(maxWait) > 0) {
                return Optional.of("the oldest entry waiting for a guard decision has waited " + waited.toMillis()
                        + " ms (limit " + maxWait.toMillis() + " ms)");
            }
        }
        return Optional.empty();
    }

    public GuardQueue withOneMoreSent() {
        return new GuardQueue(waiting, oldestSince, sentSince + 1);
    }
}
