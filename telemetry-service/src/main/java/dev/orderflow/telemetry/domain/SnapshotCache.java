package dev.orderflow.telemetry.domain;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Serves the last snapshot, so that many readers (the dashboard stream, scrapes, API calls) cost one
 * computation per period instead of one each. A reader that finds the snapshot older than
 * {@code maxAge} starts one recomputation in the background and is served the current snapshot
 * meanwhile: only the very first reader ever waits for a computation, so a slow one (a large
 * model, a busy machine) never shows in the latency of a request.
 */
public final class SnapshotCache<T> {

    private final Supplier<T> compute;
    private final long maxAgeNanos;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile T value;
    private volatile long computedAtNanos;

    public SnapshotCache(Supplier<T> compute, Duration maxAge) {
        this.compute = compute;
        this.maxAgeNanos = maxAge.toNanos();
    }

    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                if (value == null) {
                    refresh();
                }
                return value;
            }
        }
        if (System.nanoTime() - computedAtNanos >= maxAgeNanos && refreshing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("snapshot-refresh").start(() -> {
                try {
                    refresh();
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
