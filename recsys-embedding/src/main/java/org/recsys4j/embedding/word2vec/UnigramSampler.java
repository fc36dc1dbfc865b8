package org.recsys4j.embedding.word2vec;

/**
 * Draws vocabulary indices from {@code count^exponent} over the tokens with a vector, from 64 random
 * bits supplied by the caller (so that each training thread uses its own generator). Immutable and
 * thread-safe once built.
 */
abstract class UnigramSampler {
    /** The probability of each vocabulary index (0 for tokens without a vector). */
    private final double[] probabilities;

    UnigramSampler(double[] probabilities) {
        this.probabilities = probabilities;
    }

    /** Returns a vocabulary index drawn with the 64 random bits {@code random}. */
    abstract int sample(long random);

    /** Returns the exact target probability of vocabulary index {@code index}. */
    final double probability(int index) {
        return probabilities[index];
    }

    /**
     * Returns a sampler of the given kind over the vocabulary indices whose {@code active} flag is set.
     *
     * @param counts   the token counts, by vocabulary index
     * @param active   which indices can be drawn; at least one must be set with a positive count
     * @param exponent the smoothing exponent (0.75 in word2vec)
     */
    static UnigramSampler create(NegativeSampler kind, int[] counts, boolean[] active, double exponent) {
        int n = 0;
        for (int i = 0; i < counts.length; i++) {
            if (active[i]) {
                n++;
            }
        }
        int[] ids = new int[n];
        double[] weights = new double[n];
        double total = 0;
        for (int i = 0, j = 0; i < counts.length; i++) {
            if (active[i]) {
                ids[j] = i;
                weights[j] = StrictMath.pow(counts[i], exponent); // StrictMath: the same bits on every JVM
                total += weights[j];
                j++;
            }
        }
        if (n == 0 || !(total > 0)) {
            throw new IllegalArgumentException("no token to sample negatives from");
        }
        double[] probabilities = new double[counts.length];
        for (int j = 0; j < n; j++) {
            probabilities[ids[j]] = weights[j] / total;
        }
        return kind == NegativeSampler.ALIAS ? new Alias(probabilities, ids, weights, total)
                : new Table(probabilities, ids, weights, total);
    }

    /** word2vec.c's unigram table. */
    static final class Table extends UnigramSampler {
        private final int[] table;

        Table(double[] probabilities, int[] ids, double[] weights, double total) {
            super(probabilities);
            int n = ids.length;
            int size = (int) Math.min(100_000_000L, Math.max(1_000_000L, 100L * n));
            table = new int[size];
            int i = 0;
            double d1 = weights[0] / total;
            for (int a = 0; a < size; a++) {
                table[a] = ids[i];
                while ((a + 1) / (double) size > d1 && i < n - 1) { // entry a + 1 starts past token i's share
                    i++;
                    d1 += weights[i] / total;
                }
            }
        }

        @Override
        int sample(long random) {
            return table[(int) (((random >>> 32) * table.length) >>> 32)];
        }

        int size() {
            return table.length;
        }
    }

    /**
     * Walker's alias sampler, built with Vose's method. Each slot is three consecutive ints (threshold, primary,
     * alias), so one draw touches one cache line.
     */
    static final class Alias extends UnigramSampler {
        private final int[] slots;
        private final int n;

        Alias(double[] probabilities, int[] ids, double[] weights, double total) {
            super(probabilities);
            n = ids.length;
            slots = new int[3 * n];
            double[] scaled = new double[n];
            int[] small = new int[n];
            int[] large = new int[n];
            int ns = 0;
            int nl = 0;
            for (int j = 0; j < n; j++) {
                slots[3 * j] = Integer.MAX_VALUE; // full until paired below
                slots[3 * j + 1] = ids[j];
                slots[3 * j + 2] = ids[j];
                scaled[j] = weights[j] / total * n;
                if (scaled[j] < 1) {
                    small[ns++] = j;
                } else {
                    large[nl++] = j;
                }
            }
            while (ns > 0 && nl > 0) {
                int s = small[--ns];
                int l = large[--nl];
                // keep the primary if 31 random bits are below p · 2^31
                slots[3 * s] = (int) Math.min(Integer.MAX_VALUE, Math.max(0L, Math.round(scaled[s] * 2147483648.0)));
                slots[3 * s + 2] = ids[l];
                scaled[l] = (scaled[l] + scaled[s]) - 1;
                if (scaled[l] < 1) {
                    small[ns++] = l;
                } else {
                    large[nl++] = l;
                }
            }
            // what is left in either list has probability 1 (up to rounding): its alias is itself
        }

        @Override
        int sample(long random) {
            int j = 3 * (int) (((random >>> 32) * n) >>> 32);
            return ((int) random & 0x7FFFFFFF) < slots[j] ? slots[j + 1] : slots[j + 2];
        }
    }
}
