package org.recsys4j.core.data;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Summary statistics of an interaction log: sizes, density, per-user and per-item count
 * distributions, the value histogram and the time range.
 *
 * @param interactions   number of interactions
 * @param users          users with at least one interaction
 * @param items          items with at least one interaction
 * @param density        interactions / (users × items)
 * @param perUser        min, median, mean, max interactions per active user
 * @param perItem        min, median, mean, max interactions per active item
 * @param valueHistogram count of each distinct value, ascending
 * @param firstTimestamp smallest timestamp (seconds), or 0 when empty
 * @param lastTimestamp  largest timestamp (seconds), or 0 when empty
 */
public record InteractionStats(int interactions, int users, int items, double density, Distribution perUser,
                               Distribution perItem, TreeMap<Float, Integer> valueHistogram, long firstTimestamp,
                               long lastTimestamp) {

    /** Returns the statistics of a log. */
    public static InteractionStats of(Interactions log) {
        TreeMap<Float, Integer> hist = new TreeMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int k = 0; k < log.size(); k++) {
            hist.merge(log.value(k), 1, Integer::sum);
            first = Math.min(first, log.timestamp(k));
            last = Math.max(last, log.timestamp(k));
        }
        Distribution pu = Distribution.of(log.userCounts());
        Distribution pi = Distribution.of(log.itemCounts());
        double density = pu.count() == 0 || pi.count() == 0 ? 0 : log.size() / ((double) pu.count() * pi.count());
        return new InteractionStats(log.size(), pu.count(), pi.count(), density, pu, pi, hist,
                log.size() == 0 ? 0 : first, log.size() == 0 ? 0 : last);
    }

    /** Returns a short multi-line description. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%,d interactions, %,d users, %,d items, density %.4f%%%n",
                interactions, users, items, 100 * density));
        sb.append("per user: ").append(perUser).append(System.lineSeparator());
        sb.append("per item: ").append(perItem).append(System.lineSeparator());
        sb.append("values:   ");
        valueHistogram.forEach((v, c) -> sb.append(String.format(Locale.ROOT, "%s×%,d ", v, c)));
        sb.append(System.lineSeparator());
        if (interactions > 0) {
            sb.append("time:     ").append(Instant.ofEpochSecond(firstTimestamp)).append(" .. ")
                    .append(Instant.ofEpochSecond(lastTimestamp)).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /**
     * A count distribution over the rows with at least one entry.
     *
     * @param count  number of non-empty rows
     * @param min    smallest count
     * @param median median count (lower middle for an even number of rows)
     * @param mean   mean count
     * @param max    largest count
     */
    public record Distribution(int count, int min, int median, double mean, int max) {
        static Distribution of(int[] counts) {
            int[] nz = Arrays.stream(counts).filter(c -> c > 0).sorted().toArray();
            if (nz.length == 0) {
                return new Distribution(0, 0, 0, 0, 0);
            }
            return new Distribution(nz.length, nz[0], nz[(nz.length - 1) / 2],
                    Arrays.stream(nz).asLongStream().sum() / (double) nz.length, nz[nz.length - 1]);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "min %d, median %d, mean %.1f, max %d", min, median, mean, max);
        }
    }
}
