package org.recsys4j.embedding.graph;

/**
 * A SplitMix64 generator, reseeded per walk from (seed, walk number) so that a walk's tokens do
 * not depend on which thread runs it. Not thread-safe: one instance per worker.
 */
final class WalkRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    WalkRandom(long seed) {
        state = seed;
    }

    /** Restarts the stream for walk {@code walk} of a run seeded with {@code seed}. */
    void reset(long seed, long walk) {
        state = mix(seed ^ mix(walk * GOLDEN + 0x632BE59BD9B4E019L));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        return mix(state += GOLDEN);
    }

    /** Returns a uniform int in {@code [0, bound)}, {@code bound > 0} (Lemire's unbiased method). */
    int nextInt(int bound) {
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Returns a uniform float in {@code [0, 1)}. */
    float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Returns a uniform double in {@code [0, 1)}. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
