package dev.orderflow.telemetry.domain;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Serves the last snapshot while it is younger than {@code maxAge}, so that many readers (the
 * dashboard stream, scrapes, API calls) cost one computation per period instead of one each.
 */
public final class SnapshotCache<T> {

    private final Supplier<T> compute;
    private final long maxAgeNanos;
    private volatile T value;
    private volatile long computedAtNanos;

    public SnapshotCache(Supplier<T> compute, Duration maxAge) {
        this.compute = compute;
        this.maxAgeNanos = maxAge.toNanos();
    }

    public T get() {
        T current = value;
        if (current != null && System.nanoTime() - computedAtNanos < maxAgeNanos) {
            return current;
        }
        synchronized (this) {
            if (value == null || System.nanoTime() - computedAtNanos >= maxAgeNanos) {
                value = compute.get();
                computedAtNanos = System.nanoTime();
            }
            return value;
        }
    }
}
