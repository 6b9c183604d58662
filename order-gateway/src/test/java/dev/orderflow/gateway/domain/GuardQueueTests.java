package dev.orderflow.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GuardQueueTests {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration MAX_WAIT = Duration.ofMillis(2500);

    @Test
    void anEmptyQueueTakesEntries() {
        assertThat(GuardQueue.EMPTY.overload(NOW, MAX_WAIT, 500)).isEmpty();
    }

    @Test
    void anEntryIsRefusedOnceTheOldestWaitingOneHasWaitedLongerThanTheLimit() {
        assertThat(new GuardQueue(3, NOW.minusMillis(2500), 0).overload(NOW, MAX_WAIT, 500)).isEmpty();
        assertThat(new GuardQueue(3, NOW.minusMillis(2501), 0).overload(NOW, MAX_WAIT, 500))
                .hasValueSatisfying(reason -> assertThat(reason).contains("waited 2501 ms (limit 2500 ms)"));
    }

    @Test
    void entriesSentSinceTheLastCountCountTowardsTheLimit() {
        GuardQueue queue = new GuardQueue(498, NOW, 0).withOneMoreSent();
        assertThat(queue.overload(NOW, MAX_WAIT, 500)).isEmpty();
        assertThat(queue.withOneMoreSent().overload(NOW, MAX_WAIT, 500))
                .hasValueSatisfying(reason -> assertThat(reason).contains("500 entries are waiting for a guard decision (limit 500)"));
    }

    @Test
    void aBurstSentBeforeAnyCountIsLimitedToo() {
        GuardQueue queue = GuardQueue.EMPTY;
        for (int i = 0; i < 3; i++) {
            assertThat(queue.overload(NOW, MAX_WAIT, 3)).isEmpty();
            queue = queue.withOneMoreSent();
        }
        assertThat(queue.overload(NOW, MAX_WAIT, 3)).isPresent();
    }
}
