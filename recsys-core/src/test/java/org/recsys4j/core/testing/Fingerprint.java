package org.recsys4j.core.testing;

/**
 * A 64-bit FNV-style running hash of values, for tests that pin every value of a large result to a fingerprint
 * recorded from known-good code (e.g. every feature of every protocol C sample). Each {@code long} is mixed in
 * byte by byte (prime {@code 1099511628211}); the seed is the one the recorded fingerprints were computed with.
 */
public final class Fingerprint {
    private long h = 1469598103934665603L;

    /** Mixes in a number; returns this. */
    public Fingerprint mix(long x) {
        for (int i = 0; i < 8; i++) {
            h ^= (x >>> (8 * i)) & 0xff;
            h *= 1099511628211L;
        }
        return this;
    }

    /** Mixes in the bits of a double; returns this. */
    public Fingerprint mix(double d) {
        return mix(Double.doubleToLongBits(d));
    }

    /** Mixes in a text, char by char, then an end marker; returns this. */
    public Fingerprint mix(String s) {
        for (char c : s.toCharArray()) {
            mix((long) c);
        }
        return mix(-7L);
    }

    /** Returns the hash so far. */
    public long value() {
        return h;
    }
}
