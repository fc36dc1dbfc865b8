package org.recsys4j.rank.nn;

import java.util.SplittableRandom;

/**
 * SASRec's point-wise feed-forward network, applied to each row alone:
 * {@code y = dropout(dropout(relu(x·W1 + b1))·W2 + b2)} ({@code d × d} layers, PyTorch's default biases,
 * Xavier-normal weights). Forward and backward over a range of rows with a {@link Cache} per worker; the
 * residual connection is the caller's. Holds parameters only, so one instance serves every thread.
 */
public final class FeedForward {
    private final Linear l1;
    private final Linear l2;
    private final int d;
    private final float dropout;

    /** Adds {@code name.l1} and {@code name.l2} to {@code params}. */
    public FeedForward(Params params, String name, int d, float dropout) {
        this.d = d;
        this.dropout = dropout;
        this.l1 = new Linear(params, name + ".l1", d, d, true);
        this.l2 = new Linear(params, name + ".l2", d, d, true);
    }

    /** Xavier-normal weights, U(±1/√d) biases. */
    public void init(SplittableRandom rnd) {
        l1.init(rnd, true);
        l2.init(rnd, true);
    }

    /** Renews the layers' backward copies; call after every update. */
    public void refresh() {
        l1.refresh();
        l2.refresh();
    }

    /** A worker's state of the forward pass, for up to {@code maxRows} rows. */
    public static final class Cache {
        final float[][] u;
        final float[][] r;
        final float[][] m1;
        final float[][] m2;
        final float[][] dr;

        /** Creates the state for up to {@code maxRows} rows of width {@code d}. */
        public Cache(int maxRows, int d) {
            u = new float[maxRows][d];
            r = new float[maxRows][d];
            m1 = new float[maxRows][d];
            m2 = new float[maxRows][d];
            dr = new float[maxRows][d];
        }
    }

    /** Writes {@code y[i] = FFN(x[i])} for rows {@code [from, to)}; dropout when {@code rnd} is not null. */
    public void forward(float[][] x, float[][] y, int from, int to, Cache c, SplittableRandom rnd) {
        l1.forward(x, c.u, from, to);
        for (int i = from; i < to; i++) {
            float[] u = c.u[i];
            float[] r = c.r[i];
            float[] m = c.m1[i];
            Dropout.mask(m, d, dropout, rnd);
            for (int j = 0; j < d; j++) {
                r[j] = u[j] > 0 ? u[j] * m[j] : 0f;
            }
        }
        l2.forward(c.r, y, from, to);
        for (int i = from; i < to; i++) {
            Dropout.mask(c.m2[i], d, dropout, rnd);
            Dropout.apply(y[i], c.m2[i], d);
        }
    }

    /**
     * Back-propagates {@code dy} of rows {@code [0, n)}: adds the parameter gradients to {@code grads} and the
     * input gradient to {@code dx}. Overwrites {@code dy}.
     */
    public void backward(float[][] x, float[][] dy, float[][] dx, int n, Cache c, Grads grads) {
        for (int i = 0; i < n; i++) {
            Dropout.apply(dy[i], c.m2[i], d);
            java.util.Arrays.fill(c.dr[i], 0f);
        }
        l2.backward(c.r, dy, c.dr, 0, n, grads);
        for (int i = 0; i < n; i++) {
            float[] dr = c.dr[i];
            float[] u = c.u[i];
            float[] m = c.m1[i];
            for (int j = 0; j < d; j++) {
                dr[j] = u[j] > 0 ? dr[j] * m[j] : 0f;
            }
        }
        l1.backward(x, c.dr, dx, 0, n, grads);
    }
}
