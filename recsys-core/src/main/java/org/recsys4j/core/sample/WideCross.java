package org.recsys4j.core.sample;

/**
 * Returns the hashed bucket of a (candidate item, most recent positive item) pair: the wide-cross feature
 * of a Wide&amp;Deep model.
 *
 * <p>key = itemId·1,000,000 + recentItemId with raw external ids (0 when the user has no recent
 * positive); bucket = splitmix64 finaliser of key + golden gamma, modulo the bucket count as an unsigned
 * 64-bit value (protocol C, section 6).
 */
public final class WideCross {
    private WideCross() {
    }

    /** Returns the bucket in {@code [0, buckets)} of the pair; {@code buckets} must be positive. */
    public static int bucket(long itemId, long recentItemId, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets: " + buckets + " must be >= 1");
        }
        long z = itemId * 1_000_000L + recentItemId + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) Long.remainderUnsigned(z, buckets);
    }
}
