package dev.orderflow.platform.persistence;

import java.util.function.IntUnaryOperator;

/**
 * Retention purges delete in bounded batches so that no statement holds many row locks for long. One
 * loop for every service: each call deletes up to the batch size, and the purge ends when a batch
 * comes back short.
 */
public final class BatchedDelete {

    private BatchedDelete() {
    }

    /** Calls {@code deleteUpTo} with {@code batchSize} until it deletes fewer rows; returns the total deleted. */
    public static int untilShort(int batchSize, IntUnaryOperator deleteUpTo) {
        int total = 0;
        int deleted;
        do {
            deleted = deleteUpTo.applyAsInt(batchSize);
            total += deleted;
        } while (deleted == batchSize);
        return total;
    }
}
