package dev.orderflow.telemetry.domain;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The last {@code capacity} event ids seen, in fixed memory: each id is kept as 128 bits (a UUID as
 * itself, any other id as two independent 64-bit hashes) in a ring that forgets the oldest, indexed
 * by an open-addressing table. About 48 bytes per id; no allocation per event. Used by one thread
 * at a time (the ingest thread).
 */
public final class RecentEventIds {

    private final int capacity;
    private final long[] ringHigh;
    private final long[] ringLow;
    private final int[] table;
    private final int mask;
    private int next;
    private int size;
    /** The id last turned into bits: the ingest path asks {@link #contains} and then {@link #add} for the same one. */
    private String lastId;
    private long lastHigh;
    private long lastLow;

    public RecentEventIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.ringHigh = new long[capacity];
        this.ringLow = new long[capacity];
        int tableSize = Integer.highestOneBit(capacity * 2 - 1) << 1;
        this.table = new int[tableSize];
        java.util.Arrays.fill(table, -1);
        this.mask = tableSize - 1;
    }

    /** Adds the id; false when it was already among the recent ones (a redelivery). */
    public boolean add(String id) {
        keyOf(id);
        long high = lastHigh;
        long low = lastLow;
        int slot = find(high, low);
        if (table[slot] >= 0) {
            return false;
        }
        if (size == capacity) {
            remove(next);
        } else {
            size++;
        }
        ringHigh[next] = high;
        ringLow[next] = low;
        table[find(high, low)] = next;
        next = (next + 1) % capacity;
        return true;
    }

    public boolean contains(String id) {
        keyOf(id);
        return table[find(lastHigh, lastLow)] >= 0;
    }

    /** Sets {@link #lastHigh} and {@link #lastLow} to the id's 128 bits, reusing them for the same id object. */
    private void keyOf(String id) {
        if (id == lastId) {
            return;
        }
        UUID uuid = parseUuid(id);
        if (uuid != null) {
            lastHigh = uuid.getMostSignificantBits();
            lastLow = uuid.getLeastSignificantBits();
        } else {
            byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
            lastHigh = fnv1a(bytes);
            lastLow = polynomial(bytes);
        }
        lastId = id;
    }

    public int size() {
        return size;
    }

    private int find(long high, long low) {
        int slot = spread(high, low) & mask;
        while (table[slot] >= 0) {
            int entry = table[slot];
            if (ringHigh[entry] == high && ringLow[entry] == low) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Removes the ring entry from the table, shifting later entries of its probe chain back. */
    private void remove(int entry) {
        int slot = find(ringHigh[entry], ringLow[entry]);
        table[slot] = -1;
        int hole = slot;
        int probe = (slot + 1) & mask;
        while (table[probe] >= 0) {
            int moved = table[probe];
            int home = spread(ringHigh[moved], ringLow[moved]) & mask;
            boolean homeOutsideGap = hole <= probe ? (home <= hole || home > probe) : (home <= hole && home > probe);
            if (homeOutsideGap) {
                table[hole] = moved;
                table[probe] = -1;
                hole = probe;
            }
            probe = (probe + 1) & mask;
        }
    }

    private static int spread(long high, long low) {
        long h = high * 0x9E3779B97F4A7C15L ^ low;
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32));
    }

    private static UUID parseUuid(String id) {
        if (id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-' || id.charAt(23) != '-') {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long fnv1a(byte[] bytes) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static long polynomial(byte[] bytes) {
        long hash = 0x2545F4914F6CDD1DL;
        for (byte b : bytes) {
            hash = hash * 1_000_003L + (b & 0xff);
        }
        return hash ^ (hash >>> 31);
    }
}
