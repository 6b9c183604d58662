package dev.orderflow.telemetry.domain;

import java.nio.ByteBuffer;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Count, mean, percentiles and maximum of a signed quantity (slippage can be negative: a price
 * improvement). Values are kept at {@code resolution} (0.01 bps, 1 ms) in two HdrHistograms, one for
 * values at or above zero and one for the magnitudes of negative values, each with two significant
 * digits: a percentile is exact below 256 units and within 1% above. Mean and maximum are exact.
 * Histograms are allocated on first use and grow with the range recorded, so an idle bucket costs
 * nothing.
 */
public final class Distribution {

    private static final int SIGNIFICANT_DIGITS = 2;

    private final double unitsPerValue;
    private IntCountsHistogram atOrAboveZero;
    private IntCountsHistogram belowZero;
    private long count;
    private double sum;
    private double max = Double.NEGATIVE_INFINITY;

    /** @param resolution the smallest step kept, in the quantity's own unit (0.01 for bps kept to a hundredth) */
    public Distribution(double resolution) {
        this.unitsPerValue = 1 / resolution;
    }

    public void record(double value) {
        long units = Math.round(Math.abs(value) * unitsPerValue);
        if (value < 0 && units > 0) {
            if (belowZero == null) {
                belowZero = new IntCountsHistogram(SIGNIFICANT_DIGITS);
            }
            belowZero.recordValue(units);
        } else {
            if (atOrAboveZero == null) {
                atOrAboveZero = new IntCountsHistogram(SIGNIFICANT_DIGITS);
            }
            atOrAboveZero.recordValue(units);
        }
        count++;
        sum += value;
        max = Math.max(max, value);
    }

    public void addTo(Distribution target) {
        if (count == 0) {
            return;
        }
        if (atOrAboveZero != null) {
            if (target.atOrAboveZero == null) {
                target.atOrAboveZero = new IntCountsHistogram(SIGNIFICANT_DIGITS);
            }
            target.atOrAboveZero.add(atOrAboveZero);
        }
        if (belowZero != null) {
            if (target.belowZero == null) {
                target.belowZero = new IntCountsHistogram(SIGNIFICANT_DIGITS);
            }
            target.belowZero.add(belowZero);
        }
        target.count += count;
        target.sum += sum;
        target.max = Math.max(target.max, max);
    }

    public void reset() {
        if (atOrAboveZero != null) {
            atOrAboveZero.reset();
        }
        if (belowZero != null) {
            belowZero.reset();
        }
        count = 0;
        sum = 0;
        max = Double.NEGATIVE_INFINITY;
    }

    public long count() {
        return count;
    }

    /** The distribution as bytes (count, sum, max and both histograms compressed), for the hourly roll-ups. */
    public byte[] encode() {
        int size = 8 + 8 + 8 + 4 + 4 + (atOrAboveZero == null ? 0 : atOrAboveZero.getNeededByteBufferCapacity())
                + (belowZero == null ? 0 : belowZero.getNeededByteBufferCapacity());
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putLong(count).putDouble(sum).putDouble(max);
        putHistogram(buffer, atOrAboveZero);
        putHistogram(buffer, belowZero);
        return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** Adds a distribution encoded by {@link #encode()} to this one. */
    public void addEncoded(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long addedCount = buffer.getLong();
        double addedSum = buffer.getDouble();
        double addedMax = buffer.getDouble();
        IntCountsHistogram above = getHistogram(buffer);
        IntCountsHistogram below = getHistogram(buffer);
        if (addedCount == 0) {
            return;
        }
        if (above != null) {
            if (atOrAboveZero == null) {
                atOrAboveZero = new IntCountsHistogram(SIGNIFICANT_DIGITS);
            }
            atOrAboveZero.add(above);
        }
        if (below != null) {
            if (belowZero == null) {
                belowZero = new IntCountsHistogram(SIGNIFICANT_DIGITS);
            }
            belowZero.add(below);
        }
        count += addedCount;
        sum += addedSum;
        max = Math.max(max, addedMax);
    }

    private static void putHistogram(ByteBuffer buffer, IntCountsHistogram histogram) {
        if (histogram == null || histogram.getTotalCount() == 0) {
            buffer.putInt(0);
            return;
        }
        // Encoded on its own: the encoder writes into the backing array from its start.
        ByteBuffer own = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(own);
        buffer.putInt(length);
        buffer.put(own.array(), 0, length);
    }

    private static IntCountsHistogram getHistogram(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length == 0) {
            return null;
        }
        // A copy of its own: the decoder reads the backing array from its start.
        byte[] encoded = new byte[length];
        buffer.get(encoded);
        try {
            return IntCountsHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("Not an encoded distribution", e);
        }
    }

    /** The summary, or null when nothing was recorded. */
    public DistributionSummary summary() {
        if (count == 0) {
            return null;
        }
        return new DistributionSummary(count, Figures.decimal(sum / count), Figures.decimal(percentile(50)),
                Figures.decimal(percentile(95)), Figures.decimal(max));
    }

    /** The value at the percentile, ranking negative values below the others. */
    double percentile(double percent) {
        long rank = Math.max(1, (long) Math.ceil(percent / 100 * count));
        long negatives = belowZero == null ? 0 : belowZero.getTotalCount();
        if (rank <= negatives) {
            // Negatives in ascending order are magnitudes in descending order.
            long magnitudeRank = negatives - rank + 1;
            return -valueAtRank(belowZero, magnitudeRank) / unitsPerValue;
        }
        return valueAtRank(atOrAboveZero, rank - negatives) / unitsPerValue;
    }

    private static double valueAtRank(IntCountsHistogram histogram, long rank) {
        long seen = 0;
        for (var value : histogram.recordedValues()) {
            seen += value.getCountAtValueIteratedTo();
            if (seen >= rank) {
                return histogram.medianEquivalentValue(value.getValueIteratedTo());
            }
        }
        return histogram.getMaxValue();
    }
}
