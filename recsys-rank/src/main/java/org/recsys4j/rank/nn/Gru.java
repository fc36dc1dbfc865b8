package org.recsys4j.rank.nn;

import org.recsys4j.core.vector.Vectors;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * One GRU layer with PyTorch's {@code nn.GRU} gate equations, forward and backward over a batch of padded
 * sequences, optionally with a per-step attention scalar on the update gate (AUGRU, DIEN's interest-evolution
 * layer). For step {@code t} with input {@code x} and previous state {@code h}:
 * <pre>
 *   r  = σ(W_ir x + b_ir + W_hr h + b_hr)
 *   z  = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n  = tanh(W_in x + b_in + r ∗ (W_hn h + b_hn))
 *   u  = a_t · (1 − z)                  (a_t = 1 without attention: PyTorch's GRU)
 *   h' = (1 − u) ∗ h + u ∗ n            (= (1 − z) ∗ n + z ∗ h when a_t = 1)
 * </pre>
 * PyTorch's {@code z} weighs the old state, so DIEN's update gate (the weight of the new candidate) is
 * {@code 1 − z}; AUGRU scales it by the attention score, {@code ũ = a_t · u}, as in the paper (Zhou et al. 2019,
 * eq. 6): a step with attention 0 leaves the state unchanged.
 *
 * <p><b>Parameters</b> are {@link #parameterCount()} floats at an offset of the caller's array, in PyTorch's
 * order and layout: {@code weight_ih_l0} [3H × I] (rows r, z, n), {@code weight_hh_l0} [3H × H],
 * {@code bias_ih_l0} [3H], {@code bias_hh_l0} [3H], so a state dict copies over row-major. The caller owns them
 * and updates them (e.g. with {@link Adam}); {@link #backward} accumulates the gradient into an array of the
 * same layout. {@link #init} draws them as PyTorch does: every entry U(−1/√H, 1/√H).
 *
 * <p><b>Batches.</b> {@code batch} sequences padded to {@code maxLen} steps: step {@code t} of sequence
 * {@code b} is {@code x[(b·maxLen + t)·I ..]}; sequence {@code b} has {@code lengths[b]} valid steps (from 0 to
 * maxLen; right padding). Padded steps do not change the state, their outputs are zero and receive no
 * gradient. A sequence of length 0 ends in its initial state.
 *
 * <p><b>Threads.</b> The layer is immutable and thread-safe; all per-call state lives in a {@link Scratch}
 * (one per thread, grown on demand and reused, so steady-state calls allocate nothing). Concurrent backward
 * passes need their own gradient arrays.
 */
public final class Gru {
    private final int in;
    private final int hid;
    private final int whh;
    private final int bih;
    private final int bhh;
    private final int count;

    /**
     * Returns a GRU layer of the given sizes.
     *
     * @param inputDim  the input size I, at least 1
     * @param hiddenDim the state size H, at least 1
     */
    public Gru(int inputDim, int hiddenDim) {
        if (inputDim < 1) {
            throw new IllegalArgumentException("inputDim: " + inputDim + ", must be >= 1");
        }
        if (hiddenDim < 1) {
            throw new IllegalArgumentException("hiddenDim: " + hiddenDim + ", must be >= 1");
        }
        this.in = inputDim;
        this.hid = hiddenDim;
        this.whh = 3 * hiddenDim * inputDim;
        this.bih = whh + 3 * hiddenDim * hiddenDim;
        this.bhh = bih + 3 * hiddenDim;
        this.count = Math.addExact(bhh, 3 * hiddenDim);
    }

    /** Returns the input size I. */
    public int inputDim() {
        return in;
    }

    /** Returns the state size H. */
    public int hiddenDim() {
        return hid;
    }

    /** Returns the number of parameters: {@code 3H·I + 3H·H + 6H}. */
    public int parameterCount() {
        return count;
    }

    /**
     * Draws the parameters at {@code w[offset ..]} as PyTorch's {@code nn.GRU} does: every weight and bias
     * U(−1/√H, 1/√H), in parameter order.
     */
    public void init(float[] w, int offset, Random random) {
        Objects.checkFromIndexSize(offset, count, w.length);
        double bound = 1.0 / Math.sqrt(hid);
        for (int k = 0; k < count; k++) {
            w[offset + k] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
    }

    /** Returns a new, empty scratch space for this layer (grown to the batch on first use). */
    public Scratch newScratch() {
        return new Scratch(this);
    }

    /**
     * Per-thread state of a forward and the following backward pass: the inputs' references, the gates and
     * the states. Not thread-safe; reusable across calls and batch sizes.
     */
    public static final class Scratch {
        private final Gru gru;
        private float[] x;
        private int[] lengths;
        private float[] att;
        private float[] h0;
        private int batch;
        private int maxLen;
        /** Input projections W_ih x + b_ih: [(b·T + t)·3H]. */
        private float[] gi = new float[0];
        /** Per step r, z, n, W_hn h + b_hn: [(b·T + t)·4H]. */
        private float[] gates = new float[0];
        /** The states after each step (zero when padded): [(b·T + t)·H]. */
        private float[] out = new float[0];
        /** The final states [b·H]. */
        private float[] last = new float[0];
        private final float[] gh;
        private final float[] dh;
        private final float[] dhPrev;
        private final float[] dgi;
        private final float[] dgh;

        private Scratch(Gru gru) {
            this.gru = gru;
            int h = gru.hid;
            gh = new float[3 * h];
            dh = new float[h];
            dhPrev = new float[h];
            dgi = new float[3 * h];
            dgh = new float[3 * h];
        }

        private void ensure(int batch, int maxLen) {
            int h = gru.hid;
            int steps = Math.multiplyExact(batch, maxLen);
            if (gi.length < steps * 3 * h) {
                gi = new float[Math.multiplyExact(steps, 3 * h)];
                gates = new float[Math.multiplyExact(steps, 4 * h)];
                out = new float[Math.multiplyExact(steps, h)];
            }
            if (last.length < batch * h) {
                last = new float[batch * h];
            }
        }

        /**
         * Returns the states of the last forward pass: step {@code t} of sequence {@code b} at
         * {@code [(b·maxLen + t)·H ..)}, zero on padded steps. The array is the scratch's (longer than needed,
         * overwritten by the next call).
         */
        public float[] outputs() {
            return out;
        }

        /** Returns the final states of the last forward pass, sequence {@code b} at {@code [b·H ..)} (the scratch's array). */
        public float[] last() {
            return last;
        }
    }

    private void checkInputs(float[] x, int[] lengths, int batch, int maxLen, float[] att, float[] h0) {
        if (batch < 0 || maxLen < 0) {
            throw new IllegalArgumentException("batch " + batch + ", maxLen " + maxLen + ": must be >= 0");
        }
        if (lengths.length < batch) {
            throw new IllegalArgumentException("lengths: " + lengths.length + " entries for " + batch + " sequences");
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > maxLen) {
                throw new IllegalArgumentException("lengths[" + b + "]: " + lengths[b] + ", must be in [0, " + maxLen + "]");
            }
        }
        long steps = (long) batch * maxLen;
        if (x.length < steps * in) {
            throw new IllegalArgumentException("x: length " + x.length + " < " + steps * in + " (batch·maxLen·inputDim)");
        }
        if (att != null && att.length < steps) {
            throw new IllegalArgumentException("att: length " + att.length + " < " + steps + " (batch·maxLen)");
        }
        if (h0 != null && h0.length < (long) batch * hid) {
            throw new IllegalArgumentException("h0: length " + h0.length + " < " + (long) batch * hid + " (batch·hiddenDim)");
        }
    }

    /**
     * Runs the layer over a batch; the states are then in {@link Scratch#outputs()} and {@link Scratch#last()}.
     * The scratch keeps references to the arguments for {@link #backward}: do not change them in between.
     *
     * @param w       the parameter array
     * @param wOff    where the layer's parameters start in it
     * @param x       the inputs, {@code [(b·maxLen + t)·I]}
     * @param lengths the valid steps of each sequence
     * @param batch   the number of sequences
     * @param maxLen  the padded length
     * @param att     the attention scalar of each step {@code [b·maxLen + t]} (AUGRU), or null for a plain GRU
     * @param h0      the initial states {@code [b·H]}, or null for zeros
     * @param s       this thread's scratch
     */
    public void forward(float[] w, int wOff, float[] x, int[] lengths, int batch, int maxLen, float[] att, float[] h0,
                        Scratch s) {
        Objects.checkFromIndexSize(wOff, count, w.length);
        checkInputs(x, lengths, batch, maxLen, att, h0);
        if (s.gru != this) {
            throw new IllegalArgumentException("s: the scratch of another layer");
        }
        s.ensure(batch, maxLen);
        s.x = x;
        s.lengths = lengths;
        s.att = att;
        s.h0 = h0;
        s.batch = batch;
        s.maxLen = maxLen;
        int h = hid;
        int h3 = 3 * h;
        float[] gi = s.gi;
        float[] gates = s.gates;
        float[] out = s.out;
        float[] gh = s.gh;
        for (int b = 0; b < batch; b++) {
            int len = lengths[b];
            int base = b * maxLen;
            // input projections of all valid steps
            for (int t = 0; t < len; t++) {
                matVec(w, wOff, h3, in, w, wOff + bih, x, (base + t) * in, gi, (base + t) * h3);
            }
            int prevOff = -1; // -1: h0 (or zero)
            for (int t = 0; t < len; t++) {
                int step = base + t;
                if (prevOff >= 0) {
                    matVec(w, wOff + whh, h3, h, w, wOff + bhh, out, prevOff, gh, 0);
                } else if (h0 != null) {
                    matVec(w, wOff + whh, h3, h, w, wOff + bhh, h0, b * h, gh, 0);
                } else {
                    System.arraycopy(w, wOff + bhh, gh, 0, h3);
                }
                float a = att == null ? 1f : att[step];
                int go = step * h3;
                int gs = step * 4 * h;
                int oo = step * h;
                for (int j = 0; j < h; j++) {
                    float r = sigmoid(gi[go + j] + gh[j]);
                    float z = sigmoid(gi[go + h + j] + gh[h + j]);
                    float hn = gh[2 * h + j];
                    float n = (float) Math.tanh(gi[go + 2 * h + j] + r * hn);
                    float hp = prevOff >= 0 ? out[prevOff + j] : h0 != null ? h0[b * h + j] : 0f;
                    float u = a * (1f - z);
                    gates[gs + j] = r;
                    gates[gs + h + j] = z;
                    gates[gs + 2 * h + j] = n;
                    gates[gs + 3 * h + j] = hn;
                    out[oo + j] = hp + u * (n - hp);
                }
                prevOff = oo;
            }
            Arrays.fill(out, (base + len) * h, (base + maxLen) * h, 0f);
            if (prevOff >= 0) {
                System.arraycopy(out, prevOff, s.last, b * h, h);
            } else if (h0 != null) {
                System.arraycopy(h0, b * h, s.last, b * h, h);
            } else {
                Arrays.fill(s.last, b * h, b * h + h, 0f);
            }
        }
    }

    /**
     * Back-propagates through the last {@link #forward} of {@code s}: accumulates the parameter gradient into
     * {@code g[gOff ..]} (same layout as the parameters) and writes the input gradients asked for.
     *
     * @param w     the parameter array of the forward pass (unchanged since)
     * @param wOff  where the layer's parameters start in it
     * @param g     the gradient array, accumulated into
     * @param gOff  where the layer's gradient starts in it
     * @param s     the scratch of the forward pass
     * @param dOut  the loss gradient with respect to every step's state {@code [(b·maxLen + t)·H]} (padded
     *              steps ignored), or null if only the final states matter
     * @param dLast the loss gradient with respect to the final states {@code [b·H]}, or null
     * @param dx    receives the gradient with respect to the inputs {@code [(b·maxLen + t)·I]} (written; zero
     *              on padded steps), or null
     * @param dAtt  receives the gradient with respect to the attention scalars {@code [b·maxLen + t]} (written;
     *              zero on padded steps), or null; ignored for a plain GRU
     * @param dh0   receives the gradient with respect to the initial states {@code [b·H]} (written), or null
     */
    public void backward(float[] w, int wOff, float[] g, int gOff, Scratch s, float[] dOut, float[] dLast,
                         float[] dx, float[] dAtt, float[] dh0) {
        Objects.checkFromIndexSize(wOff, count, w.length);
        Objects.checkFromIndexSize(gOff, count, g.length);
        if (s.gru != this || s.lengths == null) {
            throw new IllegalArgumentException("s: no forward pass of this layer to back-propagate");
        }
        int batch = s.batch;
        int maxLen = s.maxLen;
        long steps = (long) batch * maxLen;
        if (dOut != null && dOut.length < steps * hid) {
            throw new IllegalArgumentException("dOut: length " + dOut.length + " < " + steps * hid);
        }
        if (dLast != null && dLast.length < (long) batch * hid) {
            throw new IllegalArgumentException("dLast: length " + dLast.length + " < " + (long) batch * hid);
        }
        if (dx != null && dx.length < steps * in) {
            throw new IllegalArgumentException("dx: length " + dx.length + " < " + steps * in);
        }
        if (dAtt != null && dAtt.length < steps) {
            throw new IllegalArgumentException("dAtt: length " + dAtt.length + " < " + steps);
        }
        if (dh0 != null && dh0.length < (long) batch * hid) {
            throw new IllegalArgumentException("dh0: length " + dh0.length + " < " + (long) batch * hid);
        }
        int h = hid;
        int h3 = 3 * h;
        float[] x = s.x;
        float[] att = s.att;
        float[] h0 = s.h0;
        float[] gates = s.gates;
        float[] out = s.out;
        float[] dh = s.dh;
        float[] dhPrev = s.dhPrev;
        float[] dgi = s.dgi;
        float[] dgh = s.dgh;
        for (int b = 0; b < batch; b++) {
            int len = s.lengths[b];
            int base = b * maxLen;
            if (dx != null) {
                Arrays.fill(dx, (base + len) * in, (base + maxLen) * in, 0f);
            }
            if (dAtt != null) {
                Arrays.fill(dAtt, base + len, base + maxLen, 0f);
            }
            if (dLast != null) {
                System.arraycopy(dLast, b * h, dh, 0, h);
            } else {
                Arrays.fill(dh, 0f);
            }
            for (int t = len - 1; t >= 0; t--) {
                int step = base + t;
                if (dOut != null) {
                    Vectors.axpy(1f, dOut, step * h, dh, 0, h);
                }
                int gs = step * 4 * h;
                int prevOff = t > 0 ? (step - 1) * h : -1;
                float a = att == null ? 1f : att[step];
                float da = 0f;
                for (int j = 0; j < h; j++) {
                    float r = gates[gs + j];
                    float z = gates[gs + h + j];
                    float n = gates[gs + 2 * h + j];
                    float hn = gates[gs + 3 * h + j];
                    float hp = prevOff >= 0 ? out[prevOff + j] : h0 != null ? h0[b * h + j] : 0f;
                    float d = dh[j];
                    float u = a * (1f - z);
                    float du = d * (n - hp);
                    da += du * (1f - z);
                    float dnPre = d * u * (1f - n * n);
                    float dzPre = -du * a * z * (1f - z);
                    float drPre = dnPre * hn * r * (1f - r);
                    dgi[j] = drPre;
                    dgi[h + j] = dzPre;
                    dgi[2 * h + j] = dnPre;
                    dgh[j] = drPre;
                    dgh[h + j] = dzPre;
                    dgh[2 * h + j] = dnPre * r;
                    dhPrev[j] = d * (1f - u);
                }
                if (dAtt != null) {
                    dAtt[step] = att == null ? 0f : da;
                }
                Vectors.axpy(1f, dgi, 0, g, gOff + bih, h3);
                Vectors.axpy(1f, dgh, 0, g, gOff + bhh, h3);
                int xo = step * in;
                outer(dgi, h3, x, xo, in, g, gOff);
                if (dx != null) {
                    Arrays.fill(dx, xo, xo + in, 0f);
                    matTVec(w, wOff, h3, in, dgi, dx, xo);
                }
                if (prevOff >= 0) {
                    outer(dgh, h3, out, prevOff, h, g, gOff + whh);
                } else if (h0 != null) {
                    outer(dgh, h3, h0, b * h, h, g, gOff + whh);
                }
                matTVec(w, wOff + whh, h3, h, dgh, dhPrev, 0);
                System.arraycopy(dhPrev, 0, dh, 0, h);
            }
            if (dh0 != null) {
                System.arraycopy(dh, 0, dh0, b * h, h);
            }
        }
    }

    /**
     * {@code y[yo + r] = bias[bo + r] + Σ_c m[mo + r·cols + c] · x[xo + c]} for {@code r < rows}: four rows per
     * pass (four independent sums sharing each load of x), which is what makes the small matrices of a GRU
     * (3H × I, 3H × H) fast.
     */
    private static void matVec(float[] m, int mo, int rows, int cols, float[] bias, int bo, float[] x, int xo,
                               float[] y, int yo) {
        if (Mat.SIMD_KERNELS) {
            // one Vector API dot product per row (another summation order than the scalar passes below)
            for (int r = 0; r < rows; r++) {
                y[yo + r] = bias[bo + r] + Vectors.dot(m, mo + r * cols, x, xo, cols);
            }
            return;
        }
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int m0 = mo + r * cols;
            int m1 = m0 + cols;
            int m2 = m1 + cols;
            int m3 = m2 + cols;
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int c = 0; c < cols; c++) {
                float xc = x[xo + c];
                s0 += m[m0 + c] * xc;
                s1 += m[m1 + c] * xc;
                s2 += m[m2 + c] * xc;
                s3 += m[m3 + c] * xc;
            }
            y[yo + r] = bias[bo + r] + s0;
            y[yo + r + 1] = bias[bo + r + 1] + s1;
            y[yo + r + 2] = bias[bo + r + 2] + s2;
            y[yo + r + 3] = bias[bo + r + 3] + s3;
        }
        for (; r < rows; r++) {
            int m0 = mo + r * cols;
            float s0 = 0f;
            for (int c = 0; c < cols; c++) {
                s0 += m[m0 + c] * x[xo + c];
            }
            y[yo + r] = bias[bo + r] + s0;
        }
    }

    /** {@code y[yo + c] += Σ_r v[r] · m[mo + r·cols + c]}: the transposed product, four rows per pass. */
    private static void matTVec(float[] m, int mo, int rows, int cols, float[] v, float[] y, int yo) {
        if (Mat.SIMD_KERNELS) {
            // one Vector API axpy per row (another summation order than the scalar passes below)
            for (int r = 0; r < rows; r++) {
                Vectors.axpy(v[r], m, mo + r * cols, y, yo, cols);
            }
            return;
        }
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            float v0 = v[r];
            float v1 = v[r + 1];
            float v2 = v[r + 2];
            float v3 = v[r + 3];
            int m0 = mo + r * cols;
            int m1 = m0 + cols;
            int m2 = m1 + cols;
            int m3 = m2 + cols;
            for (int c = 0; c < cols; c++) {
                y[yo + c] += v0 * m[m0 + c] + v1 * m[m1 + c] + v2 * m[m2 + c] + v3 * m[m3 + c];
            }
        }
        for (; r < rows; r++) {
            float v0 = v[r];
            int m0 = mo + r * cols;
            for (int c = 0; c < cols; c++) {
                y[yo + c] += v0 * m[m0 + c];
            }
        }
    }

    /** {@code g[go + r·cols + c] += v[r] · x[xo + c]}: the weight gradient of a matrix-vector product. */
    private static void outer(float[] v, int rows, float[] x, int xo, int cols, float[] g, int go) {
        for (int r = 0; r < rows; r++) {
            float vr = v[r];
            if (vr != 0f) {
                Vectors.axpy(vr, x, xo, g, go + r * cols, cols);   // the same bits as the plain loop
            }
        }
    }

    private static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }
}
