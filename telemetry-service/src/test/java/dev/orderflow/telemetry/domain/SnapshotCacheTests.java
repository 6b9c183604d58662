package dev.orderflow.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnapshotCacheTests {

    @Test
    void aReaderIsServedTheLastSnapshotWhileASlowComputationRuns() throws Exception {
        AtomicInteger computations = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        SnapshotCache<Integer> cache = new SnapshotCache<>(() -> {
            int n = computations.incrementAndGet();
            if (n > 1) {
                block(release);
            }
            return n;
        }, Duration.ofMillis(1), Duration.ofMinutes(1));

        assertThat(cache.get()).isEqualTo(1);
        Thread.sleep(5);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(cache.get()).isEqualTo(1);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> computations.get() == 2);
        for (int i = 0; i < 100; i++) {
            assertThat(cache.get()).isEqualTo(1);
        }
        assertThat(computations.get()).as("one recomputation at a time, however many readers").isEqualTo(2);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.get() >= 2);
    }

    @Test
    void aFreshSnapshotIsNotRecomputed() {
        AtomicInteger computations = new AtomicInteger();
        SnapshotCache<Integer> cache = new SnapshotCache<>(computations::incrementAndGet, Duration.ofMinutes(1), Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) {
            cache.get();
        }
        assertThat(computations.get()).isEqualTo(1);
    }

    @Test
    void afterAQuietSpellTheFirstReaderIsServedAFreshSnapshot() throws Exception {
        AtomicInteger computations = new AtomicInteger();
        SnapshotCache<Integer> cache = new SnapshotCache<>(computations::incrementAndGet, Duration.ofMillis(10),
                Duration.ofMillis(50));
        assertThat(cache.get()).isEqualTo(1);

        Thread.sleep(80);

        assertThat(cache.get()).as("the snapshot from before the quiet spell is not served").isEqualTo(2);
    }

    private static void block(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
