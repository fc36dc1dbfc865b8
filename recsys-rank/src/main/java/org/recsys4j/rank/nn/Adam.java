package org.recsys4j.rank.nn;

/**
 * The Adam update (Kingma &amp; Ba) as element-wise kernels over a slice of a parameter array, with PyTorch's
 * defaults β1 = {@value #BETA1}, β2 = {@value #BETA2}, ε = {@value #EPS}, bias correction, and L2 added to the
 * gradient ({@code weight_decay}), as {@code torch.optim.Adam} does. Every model trainer of this module
 * updates its parameters through these kernels.
 *
 * <p>A step's constants come from {@link #stepSize(double, long)} and {@link #invSqrtC2(long)} (step counted
 * from 1); the kernels zero the gradient they consume, so the caller's gradient buffer is ready for the next
 * batch. Stateless; the moment arrays are the caller's.
 */
public final class Adam {
    /** The first-moment decay. */
    public static final float BETA1 = 0.9f;
    /** The second-moment decay. */
    public static final float BETA2 = 0.999f;
    /** The denominator's ε. */
    public static final float EPS = 1e-8f;

    private Adam() {
    }

    /** Returns the bias-corrected step size {@code lr / (1 − β1^step)} of step {@code step} (from 1). */
    public static float stepSize(double learningRate, long step) {
        return (float) (learningRate / (1 - Math.pow(BETA1, step)));
    }

    /** Returns {@code 1 / √(1 − β2^step)}, the second moment's bias correction of step {@code step} (from 1). */
    public static float invSqrtC2(long step) {
        return (float) (1 / Math.sqrt(1 - Math.pow(BETA2, step)));
    }

    /**
     * Updates {@code w[from, end)} with gradient {@code g} (then zeroed) and moments {@code m1}, {@code m2};
     * element-wise, so C2 vectorises it.
     */
    public static void step(float[] w, float[] m1, float[] m2, float[] g, int from, int end, float l2,
                            float stepSize, float invSqrtC2) {
        for (int j = from; j < end; j++) {
            float gj = g[j] + l2 * w[j];
            float m = BETA1 * m1[j] + (1 - BETA1) * gj;
            float v = BETA2 * m2[j] + (1 - BETA2) * gj * gj;
            m1[j] = m;
            m2[j] = v;
            w[j] -= stepSize * m / ((float) Math.sqrt(v) * invSqrtC2 + EPS);
            g[j] = 0f;
        }
    }

    /** {@link #step} with the gradient summed from two slices ({@code g0 + g1}, in that order), both zeroed, in one pass. */
    public static void step(float[] w, float[] m1, float[] m2, float[] g0, float[] g1, int from, int end, float l2,
                            float stepSize, float invSqrtC2) {
        for (int j = from; j < end; j++) {
            float gj = (g0[j] + g1[j]) + l2 * w[j];
            float m = BETA1 * m1[j] + (1 - BETA1) * gj;
            float v = BETA2 * m2[j] + (1 - BETA2) * gj * gj;
            m1[j] = m;
            m2[j] = v;
            w[j] -= stepSize * m / ((float) Math.sqrt(v) * invSqrtC2 + EPS);
            g0[j] = 0f;
            g1[j] = 0f;
        }
    }

    /** Returns {@code 1 / √(1 − beta2^step)} for a second-moment decay {@code beta2} (step counted from 1). */
    public static float invSqrtC2(double beta2, long step) {
        return (float) (1 / Math.sqrt(1 - Math.pow(beta2, step)));
    }

    /**
     * {@link #step(float[], float[], float[], float[], int, int, float, float, float)} with a chosen second-moment
     * decay {@code beta2} (SASRec's code uses 0.98); {@link #BETA1}, {@link #EPS} and no L2 as there.
     */
    public static void stepWithBeta2(float[] w, float[] m1, float[] m2, float[] g, int from, int end, float beta2,
                            float stepSize, float invSqrtC2) {
        float b2c = 1 - beta2;
        for (int j = from; j < end; j++) {
            float gj = g[j];
            float m = BETA1 * m1[j] + (1 - BETA1) * gj;
            float v = beta2 * m2[j] + b2c * gj * gj;
            m1[j] = m;
            m2[j] = v;
            w[j] -= stepSize * m / ((float) Math.sqrt(v) * invSqrtC2 + EPS);
            g[j] = 0f;
        }
    }
}
