package org.recsys4j.rank.seq;

import org.recsys4j.core.vector.Vectors;
import org.recsys4j.rank.nn.Grads;
import org.recsys4j.rank.nn.Mat;
import org.recsys4j.rank.nn.Param;

import java.util.SplittableRandom;

/**
 * The item output layer of the sequential recommenders: {@code score(j) = h · E_j (+ b_j)} over an item matrix
 * {@code E} ({@code numItems × d}; SASRec's is its input embedding, GRU4Rec's its own) and an optional bias,
 * and the {@link SequenceLoss}es with their gradients. Scores of every item are one vectorised pass over
 * a transposed copy of {@code E} that {@link #refresh()} renews after each update.
 */
final class OutputLayer {
    /** Positions per sweep of the item matrix (the item gradient's matrix is read and written once per block). */
    private static final int BLOCK = 8;
    final Param emb;
    final Param bias;
    final int numItems;
    final int d;
    private final float[][] embT;

    OutputLayer(Param emb, Param bias) {
        this.emb = emb;
        this.bias = bias;
        this.numItems = emb.rows();
        this.d = emb.cols();
        this.embT = new float[d][numItems];
    }

    void refresh() {
        Mat.transpose(emb.value(), numItems, d, embT);
    }

    /** {@code out[j] = h·E_j + b_j} for every item. */
    void scores(float[] h, float[] out) {
        if (bias == null) {
            java.util.Arrays.fill(out, 0, numItems, 0f);
        } else {
            System.arraycopy(bias.row(0), 0, out, 0, numItems);
        }
        Mat.addRowTimes(h, d, embT, out, numItems);
    }

    /**
     * The negatives' distribution of {@link SequenceLoss#LOGQ_SAMPLED_SOFTMAX}: item {@code j} with probability
     * {@code q(j) = (count(j) + 1) / total}, drawn by binary search over the cumulative counts; {@link #logExpected}
     * holds {@code log(negatives · q(j))}, the correction subtracted from each candidate's logit. Immutable.
     */
    static final class Sampler {
        private final long[] cumulative;
        final float[] logExpected;

        /**
         * @param counts    occurrences of each item in the training sequences
         * @param negatives negatives drawn per position
         */
        Sampler(long[] counts, int negatives) {
            cumulative = new long[counts.length];
            long total = 0;
            for (int j = 0; j < counts.length; j++) {
                total += counts[j] + 1;
                cumulative[j] = total;
            }
            logExpected = new float[counts.length];
            for (int j = 0; j < counts.length; j++) {
                logExpected[j] = (float) Math.log((double) negatives * (counts[j] + 1) / total);
            }
        }

        /** Draws an item index. */
        int next(SplittableRandom rnd) {
            long x = rnd.nextLong(cumulative[cumulative.length - 1]);
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {   // the first j with cumulative[j] > x
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > x) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }
    }

    /** A worker's buffers: {@value #BLOCK} rows of logits and the seen-item stamps of BCE's negatives. */
    static final class Buffers {
        final float[][] logits;
        final float[] cand;
        final int[] candItems;
        final int[] stamp;
        int stampValue;
        /** The item matrix's softmax gradient, transposed ({@code d × numItems}), until {@link #flush}. */
        float[][] gradT;
        /** A block's hidden states transposed ({@code d × }{@value #BLOCK}), the coefficients of {@link #gradT}. */
        float[][] hT;
        /** The negatives' distribution of {@link SequenceLoss#LOGQ_SAMPLED_SOFTMAX}, set by the trainer. */
        Sampler sampler;
        /** The weight β of the positive's term of {@link SequenceLoss#GBCE} ({@link #gbceBeta}), set by the trainer. */
        float positiveWeight = 1f;
        boolean dirty;

        Buffers(int numItems, int negatives) {
            logits = new float[BLOCK][numItems];
            cand = new float[negatives + 1];
            candItems = new int[negatives + 1];
            stamp = new int[numItems];
        }

        /** Marks {@code seq}'s items as the current user's (for BCE's negatives). */
        void markSeen(int[] seq) {
            stampValue++;
            for (int it : seq) {
                stamp[it] = stampValue;
            }
        }
    }

    /**
     * The summed loss of positions {@code [0, n)} of {@code h} against {@code targets[tOff + i]}; writes
     * {@code dh} (scaled by {@code norm}) and adds the item matrix's and bias's gradients to {@code g}.
     */
    double loss(SequenceLoss loss, int negatives, float[][] h, int[] targets, int tOff, int n, float[][] dh, float norm,
                Buffers buf, SplittableRandom rnd, Grads g) {
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(dh[i], 0f);
        }
        switch (loss) {
            case SOFTMAX:
                return softmax(h, targets, tOff, n, dh, norm, buf, g);
            case BCE:
                return bce(h, targets, tOff, n, dh, norm, buf, rnd, g);
            case SAMPLED_SOFTMAX:
            case LOGQ_SAMPLED_SOFTMAX:
                return sampled(negatives, loss == SequenceLoss.LOGQ_SAMPLED_SOFTMAX ? buf.sampler : null, h, targets,
                        tOff, n, dh, norm, buf, rnd, g);
            case GBCE:
                return gbce(negatives, buf.positiveWeight, h, targets, tOff, n, dh, norm, rnd, g);
            default:
                throw new IllegalStateException(String.valueOf(loss));
        }
    }

    /** Adds the transposed softmax gradient a worker accumulated to {@code g} and clears it. */
    void flush(Buffers buf, Grads g) {
        if (!buf.dirty) {
            return;
        }
        float[][] de = g.of(emb);
        float[][] t = buf.gradT;
        for (int j = 0; j < numItems; j++) {
            float[] row = de[j];
            for (int k = 0; k < d; k++) {
                row[k] += t[k][j];
            }
        }
        for (float[] r : t) {
            java.util.Arrays.fill(r, 0f);
        }
        buf.dirty = false;
    }

    private double softmax(float[][] h, int[] targets, int tOff, int n, float[][] dh, float norm, Buffers buf, Grads g) {
        double total = 0;
        float[][] e = emb.value();
        if (buf.gradT == null) {
            buf.gradT = new float[d][numItems];
            buf.hT = new float[d][BLOCK];
        }
        buf.dirty = true;
        float[][] gt = buf.gradT;
        float[][] logits = buf.logits;
        float[] db = bias == null ? null : g.of(bias)[0];
        for (int i0 = 0; i0 < n; i0 += BLOCK) {
            int m = Math.min(BLOCK, n - i0);
            // the block's logits over the catalogue: L = b + H·Eᵀ, the whole block per sweep of Eᵀ
            for (int r = 0; r < m; r++) {
                if (bias == null) {
                    java.util.Arrays.fill(logits[r], 0, numItems, 0f);
                } else {
                    System.arraycopy(bias.row(0), 0, logits[r], 0, numItems);
                }
            }
            Vectors.addProducts(h, i0, m, d, embT, logits, 0, numItems);
            for (int r = 0; r < m; r++) {
                float[] l = logits[r];
                int t = targets[tOff + i0 + r];
                double sum = Vectors.softmaxExp(l, numItems);
                total += Math.log(sum) - Math.log(l[t]);
                float inv = (float) (norm / sum);
                for (int j = 0; j < numItems; j++) {
                    l[j] *= inv;
                }
                l[t] -= norm;
                if (!Mat.SIMD_KERNELS) {
                    // dh += Σ_j g[j] · E_j: offset-free axpys that C2 vectorises
                    float[] dhi = dh[i0 + r];
                    int j = 0;
                    for (; j + 3 < numItems; j += 4) {
                        Vectors.axpy4(l[j], e[j], l[j + 1], e[j + 1], l[j + 2], e[j + 2], l[j + 3], e[j + 3], dhi, d);
                    }
                    for (; j < numItems; j++) {
                        Vectors.axpy(l[j], e[j], dhi, d);
                    }
                }
                if (db != null) {
                    for (int j = 0; j < numItems; j++) {
                        db[j] += l[j];
                    }
                }
            }
            if (Mat.SIMD_KERNELS) {
                // dH = G·E as dot products with Eᵀ's rows, eight per pass (Vector API kernels)
                Vectors.addDots(logits, 0, m, embT, d, dh, i0, numItems);
            }
            // item gradient, transposed: gradT += Hᵀ·G over whole rows of the catalogue
            float[][] hT = buf.hT;
            for (int k = 0; k < d; k++) {
                for (int r = 0; r < m; r++) {
                    hT[k][r] = h[i0 + r][k];
                }
            }
            Vectors.addProducts(hT, 0, d, m, logits, gt, 0, numItems);
        }
        return total;
    }

    private float score(float[] hi, int item) {
        float s = Vectors.dot(hi, 0, emb.row(item), 0, d);
        return bias == null ? s : s + bias.row(0)[item];
    }

    private void addCandidateGrad(float[] hi, float[] dhi, int item, float gs, Grads g) {
        Vectors.axpy(gs, emb.row(item), dhi, d);
        Vectors.axpy(gs, hi, g.of(emb)[item], d);
        if (bias != null) {
            g.of(bias)[0][item] += gs;
        }
    }

    private double bce(float[][] h, int[] targets, int tOff, int n, float[][] dh, float norm, Buffers buf,
                       SplittableRandom rnd, Grads g) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            int pos = targets[tOff + i];
            int neg = rnd.nextInt(numItems);
            for (int tries = 0; tries < 50 && buf.stamp[neg] == buf.stampValue; tries++) {
                neg = rnd.nextInt(numItems);
            }
            float sp = score(h[i], pos);
            float sn = score(h[i], neg);
            total += softplus(-sp) + softplus(sn);
            addCandidateGrad(h[i], dh[i], pos, (sigmoid(sp) - 1f) * norm, g);
            addCandidateGrad(h[i], dh[i], neg, sigmoid(sn) * norm, g);
        }
        return total;
    }

    /**
     * Cross-entropy over the next item and {@code negatives} draws: uniform and uncorrected without a sampler; with
     * one, drawn from it, every logit lowered by {@code log(negatives · q)}, and draws of the next item left out.
     */
    private double sampled(int negatives, Sampler sampler, float[][] h, int[] targets, int tOff, int n, float[][] dh,
                           float norm, Buffers buf, SplittableRandom rnd, Grads g) {
        if (sampler != null && sampler.logExpected.length != numItems) {
            throw new IllegalStateException("sampler of " + sampler.logExpected.length + " items for " + numItems);
        }
        double total = 0;
        float[] s = buf.cand;
        int[] c = buf.candItems;
        for (int i = 0; i < n; i++) {
            c[0] = targets[tOff + i];
            for (int k = 1; k <= negatives; k++) {
                c[k] = sampler == null ? rnd.nextInt(numItems) : sampler.next(rnd);
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k <= negatives; k++) {
                if (sampler != null && k > 0 && c[k] == c[0]) {
                    s[k] = Float.NEGATIVE_INFINITY;   // an accidental hit: not a negative
                    continue;
                }
                s[k] = score(h[i], c[k]);
                if (sampler != null) {
                    s[k] -= sampler.logExpected[c[k]];
                }
                max = Math.max(max, s[k]);
            }
            double sum = 0;
            for (int k = 0; k <= negatives; k++) {
                s[k] = (float) Math.exp(s[k] - max);
                sum += s[k];
            }
            total += Math.log(sum) - Math.log(s[0]);
            for (int k = 0; k <= negatives; k++) {
                if (sampler != null && k > 0 && c[k] == c[0]) {
                    continue;
                }
                float gs = (float) (s[k] / sum) - (k == 0 ? 1f : 0f);
                addCandidateGrad(h[i], dh[i], c[k], gs * norm, g);
            }
        }
        return total;
    }

    /**
     * Returns gBCE's {@code β = α·(t·(1 − 1/α) + 1/α)} for {@code negatives} uniform draws from {@code numItems}
     * items ({@code α = negatives / (numItems − 1)}, at most 1) and the calibration {@code t}.
     */
    static float gbceBeta(int negatives, int numItems, double t) {
        double alpha = Math.min(1.0, negatives / (double) Math.max(1, numItems - 1));
        return (float) (alpha * (t * (1 - 1 / alpha) + 1 / alpha));
    }

    /**
     * gSASRec's gBCE: {@code β·softplus(−s⁺) + Σ_k softplus(s_k)} over {@code negatives} uniform draws (as the
     * paper's code: a draw of the next item itself is not set aside), gradients {@code −β(1 − σ(s⁺))} and
     * {@code σ(s_k)}.
     */
    private double gbce(int negatives, float beta, float[][] h, int[] targets, int tOff, int n, float[][] dh, float norm,
                        SplittableRandom rnd, Grads g) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            int pos = targets[tOff + i];
            float sp = score(h[i], pos);
            total += beta * softplus(-sp);
            addCandidateGrad(h[i], dh[i], pos, beta * (sigmoid(sp) - 1f) * norm, g);
            for (int k = 0; k < negatives; k++) {
                int neg = rnd.nextInt(numItems);
                float sn = score(h[i], neg);
                total += softplus(sn);
                addCandidateGrad(h[i], dh[i], neg, sigmoid(sn) * norm, g);
            }
        }
        return total;
    }

    static double softplus(float x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
