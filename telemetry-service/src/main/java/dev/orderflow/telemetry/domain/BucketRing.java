package dev.orderflow.telemetry.domain;

/** The buckets of one window for one scope, reused in a ring as time moves on. */
final class BucketRing {

    private final Window window;
    private final FigureBucket[] buckets;

    BucketRing(Window window) {
        this.window = window;
        this.buckets = new FigureBucket[window.buckets()];
    }

    /** The bucket an event at {@code eventMillis} belongs to, or null when it is older than the window. */
    FigureBucket bucketFor(long eventMillis, long nowMillis) {
        long current = nowMillis / window.bucketMillis();
        long index = Math.min(eventMillis / window.bucketMillis(), current);
        if (index <= current - window.buckets()) {
            return null;
        }
        int slot = (int) Math.floorMod(index, (long) window.buckets());
        FigureBucket bucket = buckets[slot];
        if (bucket == null) {
            bucket = new FigureBucket();
            buckets[slot] = bucket;
        }
        if (bucket.index != index) {
            if (bucket.index > index) {
                return null;
            }
            bucket.reset(index);
        }
        return bucket;
    }

    /** Adds every bucket still inside the window at {@code nowMillis} to {@code target}. */
    void addTo(FigureBucket target, long nowMillis) {
        long current = nowMillis / window.bucketMillis();
        for (FigureBucket bucket : buckets) {
            if (bucket != null && bucket.index > current - window.buckets() && bucket.index <= current) {
                bucket.addTo(target);
            }
        }
    }

    /** The bucket that starts {@code bucketsAgo} buckets before the current one, if it holds events. */
    FigureBucket bucketAgo(int bucketsAgo, long nowMillis) {
        long index = nowMillis / window.bucketMillis() - bucketsAgo;
        FigureBucket bucket = buckets[(int) Math.floorMod(index, (long) window.buckets())];
        return bucket != null && bucket.index == index ? bucket : null;
    }
}
