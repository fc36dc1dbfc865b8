package org.recsys4j.rank.nn;

import java.util.SplittableRandom;

/**
 * Causal multi-head attention as PyTorch's {@code nn.MultiheadAttention(d, heads, dropout)} with a causal
 * mask: queries from one sequence of rows, keys and values from another (SASRec feeds the layer-normalised
 * rows as queries and the raw rows as keys and values); position {@code i} attends to positions
 * {@code j ≤ i}; the projections {@code Q = q·Wq + bq}, {@code K}, {@code V}, head {@code h} takes columns
 * {@code [h·d/heads, (h+1)·d/heads)}, weights {@code softmax(QKᵀ/√(d/heads))} with dropout, and the output
 * projection {@code Wo}. Biases start at 0 (as PyTorch's), weights Xavier-normal.
 *
 * <p>Forward and backward over the rows of one sequence with a {@link Cache} per worker. The forward pass
 * takes a range {@code [from, to)} of query rows (inference needs only the last one) and keys
 * {@code [0, to)}. Holds parameters only, so one instance serves every thread.
 */
public final class CausalSelfAttention {
    private final Linear wq;
    private final Linear wk;
    private final Linear wv;
    private final Linear wo;
    private final int d;
    private final int heads;
    private final int dh;
    private final float dropout;
    private final float scale;

    /** Adds the four projections ({@code name.wq} … {@code name.wo}) to {@code params}. */
    public CausalSelfAttention(Params params, String name, int d, int heads, float dropout) {
        if (heads < 1 || d % heads != 0) {
            throw new IllegalArgumentException("heads: " + heads + ", must divide the dimension " + d);
        }
        this.d = d;
        this.heads = heads;
        this.dh = d / heads;
        this.dropout = dropout;
        this.scale = (float) (1 / Math.sqrt(dh));
        this.wq = new Linear(params, name + ".wq", d, d, true);
        this.wk = new Linear(params, name + ".wk", d, d, true);
        this.wv = new Linear(params, name + ".wv", d, d, true);
        this.wo = new Linear(params, name + ".wo", d, d, true);
    }

    /**
     * PyTorch's initialisation as SASRec's code leaves it: Xavier-normal projections, with Q, K, V drawn as
     * one {@code 3d × d} matrix (std √(2/(4d))), zero biases.
     */
    public void init(SplittableRandom rnd) {
        double inStd = Math.sqrt(2.0 / (4 * d));
        Params.normal(wq.weight(), inStd, rnd);
        Params.normal(wk.weight(), inStd, rnd);
        Params.normal(wv.weight(), inStd, rnd);
        Params.xavierNormal(wo.weight(), d, d, rnd);
        refresh();
    }

    /** Renews the projections' backward copies; call after every update. */
    public void refresh() {
        wq.refresh();
        wk.refresh();
        wv.refresh();
        wo.refresh();
    }

    /** A worker's state of one sequence's forward pass, for up to {@code maxRows} rows. */
    public static final class Cache {
        final float[][] q;
        final float[][] k;
        final float[][] v;
        final float[][] o;
        final float[][][] p;
        final float[][][] mask;
        final boolean[][] masked;
        final float[][] dq;
        final float[][] dk;
        final float[][] dv;
        final float[][] dO;
        // one head's slices: rows (n × dh), transposed (dh × n), and n × n weight rows
        final float[][] qh;
        final float[][] kh;
        final float[][] vh;
        final float[][] kt;
        final float[][] vt;
        final float[][] oh;
        final float[][] pd;
        final float[][] ds;
        final float[][] dOh;
        final float[][] dqh;
        final float[][] dkt;
        final float[][] dvt;
        final float[] dp;

        /** Creates the state for up to {@code maxRows} rows of width {@code d} with {@code heads} heads. */
        public Cache(int maxRows, int d, int heads) {
            int dh = d / heads;
            q = new float[maxRows][d];
            k = new float[maxRows][d];
            v = new float[maxRows][d];
            o = new float[maxRows][d];
            p = new float[heads][maxRows][maxRows];
            mask = new float[heads][maxRows][maxRows];
            masked = new boolean[heads][maxRows];
            dq = new float[maxRows][d];
            dk = new float[maxRows][d];
            dv = new float[maxRows][d];
            dO = new float[maxRows][d];
            qh = new float[maxRows][dh];
            kh = new float[maxRows][dh];
            vh = new float[maxRows][dh];
            kt = new float[dh][maxRows];
            vt = new float[dh][maxRows];
            oh = new float[maxRows][dh];
            pd = new float[maxRows][maxRows];
            ds = new float[maxRows][maxRows];
            dOh = new float[maxRows][dh];
            dqh = new float[maxRows][dh];
            dkt = new float[dh][maxRows];
            dvt = new float[dh][maxRows];
            dp = new float[maxRows];
        }
    }

    /** Copies columns {@code [off, off+dh)} of rows {@code [from, to)} of {@code m} into {@code rows} and, if not null, {@code cols} (transposed). */
    private void slice(float[][] m, int off, int from, int to, float[][] rows, float[][] cols) {
        for (int i = from; i < to; i++) {
            float[] mi = m[i];
            if (rows != null) {
                System.arraycopy(mi, off, rows[i], 0, dh);
            }
            if (cols != null) {
                for (int c = 0; c < dh; c++) {
                    cols[c][i] = mi[off + c];
                }
            }
        }
    }

    /**
     * Writes the attention output of query rows {@code [from, to)} into {@code out}: queries from
     * {@code query}, keys and values from {@code kv} rows {@code [0, to)}; dropout on the weights when
     * {@code rnd} is not null.
     */
    public void forward(float[][] query, float[][] kv, float[][] out, int from, int to, Cache c, SplittableRandom rnd) {
        wq.forward(query, c.q, from, to);
        wk.forward(kv, c.k, 0, to);
        wv.forward(kv, c.v, 0, to);
        for (int h = 0; h < heads; h++) {
            int off = h * dh;
            slice(c.q, off, from, to, c.qh, null);
            slice(c.k, off, 0, to, null, c.kt);
            slice(c.v, off, 0, to, c.vh, null);
            for (int i = from; i < to; i++) {
                float[] pi = c.p[h][i];
                java.util.Arrays.fill(pi, 0, i + 1, 0f);
                Mat.addRowTimes(c.qh[i], dh, c.kt, pi, i + 1);
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    max = Math.max(max, pi[j]);
                }
                float sum = 0;
                for (int j = 0; j <= i; j++) {
                    float e = (float) Math.exp((pi[j] - max) * scale);
                    pi[j] = e;
                    sum += e;
                }
                float inv = 1f / sum;
                for (int j = 0; j <= i; j++) {
                    pi[j] *= inv;
                }
                float[] mi = c.mask[h][i];
                boolean any = Dropout.mask(mi, i + 1, dropout, rnd);
                c.masked[h][i] = any;
                float[] w = pi;
                if (any) {
                    w = c.pd[i];
                    for (int j = 0; j <= i; j++) {
                        w[j] = pi[j] * mi[j];
                    }
                }
                float[] oi = c.oh[i];
                java.util.Arrays.fill(oi, 0f);
                Mat.addRowTimes(w, i + 1, c.vh, oi, dh);
                System.arraycopy(oi, 0, c.o[i], off, dh);
            }
        }
        wo.forward(c.o, out, from, to);
    }

    /**
     * Back-propagates {@code dOut} of rows {@code [0, n)} (after a forward pass over them): adds the
     * parameter gradients to {@code grads}, the query rows' gradient to {@code dQuery} and the key/value
     * rows' gradient to {@code dKv}.
     */
    public void backward(float[][] query, float[][] kv, float[][] dOut, float[][] dQuery, float[][] dKv, int n,
                         Cache c, Grads grads) {
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(c.dO[i], 0f);
        }
        wo.backward(c.o, dOut, c.dO, 0, n, grads);
        float[] dp = c.dp;
        for (int h = 0; h < heads; h++) {
            int off = h * dh;
            slice(c.q, off, 0, n, c.qh, null);
            slice(c.k, off, 0, n, c.kh, null);
            slice(c.v, off, 0, n, null, c.vt);
            slice(c.dO, off, 0, n, c.dOh, null);
            for (int r = 0; r < dh; r++) {
                java.util.Arrays.fill(c.dkt[r], 0, n, 0f);
                java.util.Arrays.fill(c.dvt[r], 0, n, 0f);
            }
            for (int i = 0; i < n; i++) {
                float[] pi = c.p[h][i];
                float[] mi = c.mask[h][i];
                boolean any = c.masked[h][i];
                float[] pdi = c.pd[i];
                float[] dsi = c.ds[i];
                java.util.Arrays.fill(dp, 0, i + 1, 0f);
                Mat.addRowTimes(c.dOh[i], dh, c.vt, dp, i + 1);
                float dot = 0;
                for (int j = 0; j <= i; j++) {
                    float m = any ? mi[j] : 1f;
                    float g = dp[j] * m;
                    dot += g * pi[j];
                    dp[j] = g;
                    pdi[j] = pi[j] * m;
                }
                for (int j = 0; j <= i; j++) {
                    dsi[j] = pi[j] * (dp[j] - dot) * scale;
                }
                java.util.Arrays.fill(pdi, i + 1, n, 0f);
                java.util.Arrays.fill(dsi, i + 1, n, 0f);
                float[] dqi = c.dqh[i];
                java.util.Arrays.fill(dqi, 0f);
                Mat.addRowTimes(dsi, i + 1, c.kh, dqi, dh);
            }
            // dVᵀ += dOᵀ·Pd, dKᵀ += Qᵀ·dS
            Mat.addTransposeTimes(c.dOh, c.pd, 0, n, dh, c.dvt, n);
            Mat.addTransposeTimes(c.qh, c.ds, 0, n, dh, c.dkt, n);
            for (int i = 0; i < n; i++) {
                System.arraycopy(c.dqh[i], 0, c.dq[i], off, dh);
                float[] dki = c.dk[i];
                float[] dvi = c.dv[i];
                for (int r = 0; r < dh; r++) {
                    dki[off + r] = c.dkt[r][i];
                    dvi[off + r] = c.dvt[r][i];
                }
            }
        }
        wq.backward(query, c.dq, dQuery, 0, n, grads);
        wk.backward(kv, c.dk, dKv, 0, n, grads);
        wv.backward(kv, c.dv, dKv, 0, n, grads);
    }
}
