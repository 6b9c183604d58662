package dev.orderflow.telemetry.domain;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Serves the last snapshot, so that many readers (the dashboard stream, scrapes, API calls) cost one
 * computation per period instead of one each. A reader that finds the snapshot older than
 * {@code maxAge} starts one recomputation in the background and is served the current snapshot
 * meanwhile, so that under steady reading a slow computation (a large model, a busy machine) never
 * shows in the latency of a request. A snapshot older than {@code maxStale} is never served: after
 * a quiet spell the first reader waits for a fresh one rather than being told how things were
 * minutes ago.
 */
public final class SnapshotCache<T> {

    private final Supplier<T> compute;
    private final long maxAgeNanos;
    private final long maxStaleNanos;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile T value;
    private volatile long computedAtNanos;

    public SnapshotCache(Supplier<T> compute, Duration maxAge, Duration maxStale) {
        if (maxStale.compareTo(maxAge) < 0) {
            throw new IllegalArgumentException("maxStale " + maxStale + " is shorter than maxAge " + maxAge);
        }
        this.compute = compute;
        this.maxAgeNanos = maxAge.toNanos();
        this.maxStaleNanos = maxStale.toNanos();
    }

    public T get() {
        T current = value;
        long age = System.nanoTime() - computedAtNanos;
        if (current == null || age >= maxStaleNanos) {
            synchronized (this) {
                // A background refresh may have finished while this reader waited for the lock.
                if (value == null || System.nanoTime() - computedAtNanos >= maxStaleNanos) {
                    refresh();
                }
                return value;
            }
        }
        if (age >= maxAgeNanos && refreshing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("snapshot-refresh").start(() -> {
                try {
                    synchronized (this) {
                        refresh();
                    }
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return current;
    }

    private void refresh() {
        long startedAt = System.nanoTime();
        value = compute.get();
        // The age counts from the start: the snapshot describes the model as it was then.
        computedAtNanos = startedAt;
    }
}
