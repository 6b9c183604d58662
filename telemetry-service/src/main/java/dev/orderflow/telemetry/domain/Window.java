package dev.orderflow.telemetry.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * A rolling window of figures. Each is a ring of fixed buckets: the window holds the bucket the
 * current time falls in and the ones before it, so the 5-minute window covers between 4.5 and 5
 * minutes of events, the hour between 55 and 60 minutes, the day between 23 and 24 hours.
 */
public enum Window {
    FIVE_MINUTES("5m", Duration.ofSeconds(30), 10),
    ONE_HOUR("1h", Duration.ofMinutes(5), 12),
    ONE_DAY("24h", Duration.ofHours(1), 24);

    private final String label;
    private final long bucketMillis;
    private final int buckets;

    Window(String label, Duration bucket, int buckets) {
        this.label = label;
        this.bucketMillis = bucket.toMillis();
        this.buckets = buckets;
    }

    public String label() {
        return label;
    }

    public long bucketMillis() {
        return bucketMillis;
    }

    public int buckets() {
        return buckets;
    }

    public Duration length() {
        return Duration.ofMillis(bucketMillis * buckets);
    }

    public static Optional<Window> byLabel(String label) {
        for (Window window : values()) {
            if (window.label.equals(label)) {
                return Optional.of(window);
            }
        }
        return Optional.empty();
    }
}
