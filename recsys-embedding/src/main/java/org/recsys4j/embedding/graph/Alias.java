package org.recsys4j.embedding.graph;

/**
 * Walker's alias method (Vose's construction) over flat arrays: a table of {@code n} entries at
 * {@code [off, off + n)} of {@code prob} / {@code alias} samples a local index in {@code [0, n)} in
 * O(1) with one uniform int and one uniform float.
 */
final class Alias {
    private Alias() {
    }

    /** Scratch buffers for {@link #build}, grown on demand; one per worker. */
    static final class Scratch {
        double[] w = new double[16];
        int[] small = new int[16];
        int[] large = new int[16];
        /** A table's probabilities and alias indices, for callers that pack them themselves. */
        float[] prob = new float[16];
        int[] alias = new int[16];

        void ensure(int n) {
            if (w.length < n) {
                int c = Math.max(n, w.length * 2);
                w = new double[c];
                small = new int[c];
                large = new int[c];
                prob = new float[c];
                alias = new int[c];
            }
        }
    }

    /**
     * Builds the table of the {@code n} positive weights in {@code s.w[0 .. n)} (overwritten) into
     * {@code prob[off .. off + n)} and {@code alias[off .. off + n)}.
     */
    static void build(Scratch s, int n, float[] prob, int[] alias, int off) {
        double[] w = s.w;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += w[i];
        }
        int ns = 0;
        int nl = 0;
        int[] small = s.small;
        int[] large = s.large;
        for (int i = 0; i < n; i++) {
            w[i] = w[i] * n / sum;
            if (w[i] < 1.0) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int sm = small[--ns];
            int lg = large[--nl];
            prob[off + sm] = (float) w[sm];
            alias[off + sm] = lg;
            w[lg] = (w[lg] + w[sm]) - 1.0;
            if (w[lg] < 1.0) {
                small[ns++] = lg;
            } else {
                large[nl++] = lg;
            }
        }
        while (nl > 0) {
            int lg = large[--nl];
            prob[off + lg] = 1f;
            alias[off + lg] = lg;
        }
        while (ns > 0) {
            int sm = small[--ns];
            prob[off + sm] = 1f;
            alias[off + sm] = sm;
        }
    }

    /** Draws a local index in {@code [0, n)} from the table at {@code off}. */
    static int sample(float[] prob, int[] alias, int off, int n, WalkRandom r) {
        int i = r.nextInt(n);
        return r.nextFloat() < prob[off + i] ? i : alias[off + i];
    }
}
