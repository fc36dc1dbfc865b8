package org.recsys4j.rank.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Inverted dropout as PyTorch's {@code nn.Dropout}: in training each element is kept with probability
 * {@code 1 − p} and scaled by {@code 1 / (1 − p)}; at inference the identity. The mask of a row is drawn
 * from the caller's generator, so a trainer that seeds one generator per sequence gets the same masks
 * whatever thread runs it. Stateless.
 */
public final class Dropout {
    private Dropout() {
    }

    /**
     * Fills {@code mask[0..n)} with 0 or {@code 1/(1−p)} ({@code rnd} null or {@code p == 0}: all 1) and returns
     * whether any element is dropped.
     */
    public static boolean mask(float[] mask, int n, float p, SplittableRandom rnd) {
        if (rnd == null || p <= 0f) {
            Arrays.fill(mask, 0, n, 1f);
            return false;
        }
        float keep = 1f / (1f - p);
        boolean any = false;
        for (int j = 0; j < n; j++) {
            boolean drop = rnd.nextFloat() < p;
            mask[j] = drop ? 0f : keep;
            any |= drop;
        }
        return any;
    }

    /** {@code x[j] *= mask[j]} for {@code j < n}. */
    public static void apply(float[] x, float[] mask, int n) {
        for (int j = 0; j < n; j++) {
            x[j] *= mask[j];
        }
    }
}
