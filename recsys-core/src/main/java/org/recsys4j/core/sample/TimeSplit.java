package org.recsys4j.core.sample;

import java.util.Arrays;
import java.util.Objects;

/**
 * <b>The</b> time split of samples, as pure functions of their timestamps: T is the train fraction's quantile of the
 * samples' timestamps (the smallest timestamp t such that at least ⌈num·N/den⌉ samples have a timestamp &le; t; every
 * sample at second T is in train), train = timestamp &le; T, test = timestamp &gt; T; inside train the same rule
 * with the fit fraction gives Tv: fit = timestamp &le; Tv, validation = the rest of train. {@link SampleSet} splits with
 * it; a distributed job computes the same thresholds from the number of samples per second
 * ({@link #ofCounts(long[], long[], SampleSpec)}, e.g. a count by timestamp), then {@link #part(long)} labels each sample.
 *
 * <pre>{@code
 * TimeSplit split = TimeSplit.of(sampleTimestamps, SampleSpec.protocolC());
 * Part p = split.part(timestamp);      // FIT, VALIDATION or TEST
 * }</pre>
 *
 * @param splitTimestamp      T: train = timestamp &le; T
 * @param validationTimestamp Tv: fit = timestamp &le; Tv (Tv &le; T)
 */
public record TimeSplit(long splitTimestamp, long validationTimestamp) {
    /**
     * Checks Tv &le; T.
     *
     * @throws IllegalArgumentException if the validation timestamp is after the split timestamp
     */
    public TimeSplit {
        if (validationTimestamp > splitTimestamp) {
            throw new IllegalArgumentException("validationTimestamp: " + validationTimestamp + ", after splitTimestamp "
                    + splitTimestamp);
        }
    }

    /**
     * Returns the split of samples with these timestamps (in any order) under the spec's train and fit fractions.
     *
     * @param sampleTimestamps one timestamp per sample (seconds); not empty
     * @param spec             the fractions ({@link SampleSpec#trainNum()}, {@link SampleSpec#fitNum()} ...)
     * @return the thresholds
     * @throws IllegalArgumentException if there is no timestamp
     */
    public static TimeSplit of(long[] sampleTimestamps, SampleSpec spec) {
        Objects.requireNonNull(sampleTimestamps, "sampleTimestamps");
        Objects.requireNonNull(spec, "spec");
        if (sampleTimestamps.length == 0) {
            throw new IllegalArgumentException("sampleTimestamps: empty, no threshold exists");
        }
        long[] sorted = sampleTimestamps.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted.length, i -> sorted[(int) i], spec);
    }

    /**
     * Returns the split of samples given as the number of samples at each second: what a distributed job collects
     * (a count by timestamp) instead of every timestamp.
     *
     * @param timestamps distinct seconds, ascending
     * @param counts     the number of samples at each of them, each &ge; 0, total &ge; 1
     * @param spec       the fractions
     * @return the thresholds, equal to {@link #of(long[], SampleSpec)} of the timestamps repeated by their counts
     * @throws IllegalArgumentException if the arrays differ in length, the timestamps are not strictly ascending, a
     *                                  count is negative, or the total is 0
     */
    public static TimeSplit ofCounts(long[] timestamps, long[] counts, SampleSpec spec) {
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(spec, "spec");
        if (timestamps.length != counts.length) {
            throw new IllegalArgumentException("counts: " + counts.length + " counts for " + timestamps.length
                    + " timestamps");
        }
        long total = 0;
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] < 0) {
                throw new IllegalArgumentException("counts: " + counts[j] + " samples at " + timestamps[j]);
            }
            if (j > 0 && timestamps[j] <= timestamps[j - 1]) {
                throw new IllegalArgumentException("timestamps: " + timestamps[j] + " after " + timestamps[j - 1]
                        + ", must be distinct and ascending");
            }
            total += counts[j];
        }
        if (total == 0) {
            throw new IllegalArgumentException("counts: no sample, no threshold exists");
        }
        long[] cumulative = new long[counts.length];
        long c = 0;
        for (int j = 0; j < counts.length; j++) {
            c += counts[j];
            cumulative[j] = c;
        }
        return ofSorted(total, i -> {
            int at = Arrays.binarySearch(cumulative, i + 1);
            return timestamps[at >= 0 ? at : -at - 1];
        }, spec);
    }

    /** The k-th (0-based) smallest timestamp, k in [0, n). */
    interface Sorted {
        long at(long k);
    }

    /** Returns the split of {@code n} samples whose k-th smallest timestamp is {@code sorted.at(k)}. */
    static TimeSplit ofSorted(long n, Sorted sorted, SampleSpec spec) {
        long t = sorted.at(quantileIndex(n, spec.trainNum(), spec.trainDen()));
        // the train samples are the first ones in sorted order: those with timestamp <= T
        long lo = 0;
        long hi = n;            // first index with timestamp > T
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (sorted.at(mid) <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        long tv = sorted.at(quantileIndex(lo, spec.fitNum(), spec.fitDen()));
        return new TimeSplit(t, tv);
    }

    /** The 0-based index of the fraction's quantile among n sorted values: ⌈num·n/den⌉ − 1. */
    static long quantileIndex(long n, int num, int den) {
        if (num <= 0 || den <= 0 || num > den) {
            throw new IllegalArgumentException("fraction " + num + "/" + den + " must be in (0, 1]");
        }
        return (Math.multiplyExact(num, n) + den - 1) / den - 1;
    }

    /** Returns the part of a sample at second {@code timestamp}. */
    public Part part(long timestamp) {
        return timestamp > splitTimestamp ? Part.TEST : timestamp <= validationTimestamp ? Part.FIT : Part.VALIDATION;
    }

    /** Returns true if a sample at second {@code timestamp} is in train (fit or validation). */
    public boolean isTrain(long timestamp) {
        return timestamp <= splitTimestamp;
    }
}
