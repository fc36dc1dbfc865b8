package org.recsys4j.rank.nn;

/**
 * The gradient of every tensor of a {@link Params}, one matrix per tensor in the same shapes; a data-parallel
 * trainer keeps one per slice of a batch and {@link Params#adamStep} sums them in slice order. Not thread-safe:
 * one worker writes one {@code Grads}.
 */
public final class Grads {
    final float[][][] g;

    Grads(Params params) {
        g = new float[params.size()][][];
        for (int k = 0; k < g.length; k++) {
            Param p = params.get(k);
            g[k] = new float[p.rows()][p.cols()];
        }
    }

    /** Returns the gradient rows of {@code p} (live). */
    public float[][] of(Param p) {
        return g[p.index()];
    }

    /** Sets every entry to 0. */
    public void zero() {
        for (float[][] m : g) {
            for (float[] r : m) {
                java.util.Arrays.fill(r, 0f);
            }
        }
    }
}
