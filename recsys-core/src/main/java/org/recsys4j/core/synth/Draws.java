package org.recsys4j.core.synth;

import java.util.SplittableRandom;

/** The random draws the generators share, so that each is written once and every JVM gives the same values. */
final class Draws {
    private Draws() {
    }

    /** Cumulative weights (r+1)^-s for r in [0, n), normalised to end at 1. */
    static double[] cdf(int n, double s) {
        double[] c = new double[n];
        double acc = 0;
        for (int r = 0; r < n; r++) {
            acc += StrictMath.pow(r + 1, -s);
            c[r] = acc;
        }
        for (int r = 0; r < n; r++) {
            c[r] /= acc;
        }
        return c;
    }

    /** Returns the first index whose cumulative weight exceeds {@code x} in [0, 1). */
    static int sample(double[] cdf, double x) {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** A standard normal deviate (Box–Muller with StrictMath, so every JVM gives the same value). */
    static double gaussian(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble(); // (0, 1]
        double u2 = rnd.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    /** Derives an independent stream seed for a stream number (user index, or negative for catalogue parts). */
    static long mix(long seed, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
