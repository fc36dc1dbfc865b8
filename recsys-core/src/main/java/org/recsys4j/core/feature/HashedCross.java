package org.recsys4j.core.feature;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Returns the hashed bucket of a cross of two ids: {@code splitmix64(a * multiplier + b)} modulo the
 * number of buckets, the 64-bit hash read as unsigned.
 *
 * <p>The key is computed in {@code long} arithmetic and wraps on overflow. {@link #splitmix64(long)}
 * is Steele, Lea and Flood's SplitMix64 finaliser applied to {@code key + 0x9E3779B97F4A7C15}
 * ("Fast splittable pseudorandom number generators", OOPSLA 2014). Protocol C's wide cross is
 * {@code HashedCross.of(10_000, 1_000_000)} over (movieId, first recentPositive id or 0). Nothing is
 * fitted.
 */
public final class HashedCross implements Encoder {
    /** The default key multiplier, {@value}, protocol C's. */
    public static final long DEFAULT_MULTIPLIER = 1_000_000L;

    private final int numBuckets;
    private final long multiplier;

    private HashedCross(int numBuckets, long multiplier) {
        if (numBuckets < 1) {
            throw new IllegalArgumentException("numBuckets=" + numBuckets + ": must be >= 1");
        }
        if (multiplier == 0) {
            throw new IllegalArgumentException("multiplier=0: must be non-zero");
        }
        this.numBuckets = numBuckets;
        this.multiplier = multiplier;
    }

    /**
     * Returns a cross with {@link #DEFAULT_MULTIPLIER}.
     *
     * @param numBuckets at least 1
     */
    public static HashedCross of(int numBuckets) {
        return new HashedCross(numBuckets, DEFAULT_MULTIPLIER);
    }

    /**
     * Returns a cross with the given key multiplier.
     *
     * @param numBuckets at least 1
     * @param multiplier non-zero; choose it larger than every second id so that keys do not collide
     */
    public static HashedCross of(int numBuckets, long multiplier) {
        return new HashedCross(numBuckets, multiplier);
    }

    @Override
    public EncoderKind kind() {
        return EncoderKind.HASHED_CROSS;
    }

    /** Returns the bucket, in {@code 0..numBuckets-1}, of the pair {@code (a, b)}. */
    public int bucket(long a, long b) {
        return bucketOfKey(a * multiplier + b);
    }

    /** Returns the bucket, in {@code 0..numBuckets-1}, of an already combined key. */
    public int bucketOfKey(long key) {
        return (int) Long.remainderUnsigned(splitmix64(key), numBuckets);
    }

    /** Returns the SplitMix64 hash of {@code x}: the finaliser applied to {@code x + 0x9E3779B97F4A7C15}. */
    public static long splitmix64(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Returns a 64-bit key for a text id, to cross text ids as numeric ones are crossed: the FNV-1a hash of the
     * id's UTF-8 bytes (offset basis {@code 0xCBF29CE484222325}, prime {@code 0x100000001B3}). Stable across
     * runs and machines, unlike {@link String#hashCode()}'s 32 bits.
     *
     * @param id the text id
     * @return its key
     */
    public static long textKey(String id) {
        long h = 0xCBF29CE484222325L;
        for (byte b : id.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001B3L;
        }
        return h;
    }

    /** Returns the number of buckets. */
    public int numBuckets() {
        return numBuckets;
    }

    /** Returns the key multiplier. */
    public long multiplier() {
        return multiplier;
    }

    void writePayload(DataOutput out) throws IOException {
        out.writeInt(numBuckets);
        out.writeLong(multiplier);
    }

    static HashedCross readPayload(DataInput in) throws IOException {
        int n = in.readInt();
        long m = in.readLong();
        if (n < 1 || m == 0) {
            throw new IOException("hashed cross numBuckets " + n + ", multiplier " + m + " out of range");
        }
        return new HashedCross(n, m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashedCross h && h.numBuckets == numBuckets && h.multiplier == multiplier;
    }

    @Override
    public int hashCode() {
        return numBuckets * 31 + Long.hashCode(multiplier);
    }

    @Override
    public String toString() {
        return "HashedCross[numBuckets=" + numBuckets + ", multiplier=" + multiplier + "]";
    }
}
