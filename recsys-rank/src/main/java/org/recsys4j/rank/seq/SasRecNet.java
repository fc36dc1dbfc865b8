package org.recsys4j.rank.seq;

import org.recsys4j.rank.nn.CausalSelfAttention;
import org.recsys4j.rank.nn.Dropout;
import org.recsys4j.rank.nn.FeedForward;
import org.recsys4j.rank.nn.Grads;
import org.recsys4j.rank.nn.LayerNorm;
import org.recsys4j.rank.nn.Param;
import org.recsys4j.rank.nn.Params;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * SASRec (Kang &amp; McAuley 2018) as the PyTorch anchor writes it: item embedding × √d plus a learned position
 * embedding (right-aligned: the last item of a sequence has position {@code maxLength − 1}), dropout, then per
 * block {@code q = LN(h)}, {@code h = q + attention(q, h, h)}, {@code h = LN(h)}, {@code h = h + FFN(h)};
 * a final LN. Scores are inner products with the (shared) item embedding.
 */
final class SasRecNet extends SeqNet {
    static final float LN_EPS = 1e-8f;
    final int blocks;
    final int heads;
    final float dropout;
    final Param pos;
    final LayerNorm[] lnA;
    final CausalSelfAttention[] attn;
    final LayerNorm[] lnF;
    final FeedForward[] ffn;
    final LayerNorm lnOut;
    private final float embScale;

    SasRecNet(int numItems, int d, int maxLength, int blocks, int heads, float dropout) {
        super(numItems, d, maxLength);
        this.blocks = blocks;
        this.heads = heads;
        this.dropout = dropout;
        this.embScale = (float) Math.sqrt(d);
        pos = params.add("position", maxLength, d);
        lnA = new LayerNorm[blocks];
        attn = new CausalSelfAttention[blocks];
        lnF = new LayerNorm[blocks];
        ffn = new FeedForward[blocks];
        for (int b = 0; b < blocks; b++) {
            lnA[b] = new LayerNorm(params, "block" + b + ".ln_attn", d, LN_EPS);
            attn[b] = new CausalSelfAttention(params, "block" + b + ".attn", d, heads, dropout);
            lnF[b] = new LayerNorm(params, "block" + b + ".ln_ffn", d, LN_EPS);
            ffn[b] = new FeedForward(params, "block" + b + ".ffn", d, dropout);
        }
        lnOut = new LayerNorm(params, "ln_out", d, LN_EPS);
        outputOver(item, null);
    }

    /** PyTorch's initialisation as the anchor leaves it (Xavier-normal matrices, default biases). */
    void init(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        initItems(item, rnd);
        Params.xavierNormal(pos, maxLength, d, rnd);
        for (int b = 0; b < blocks; b++) {
            attn[b].init(rnd);
            ffn[b].init(rnd);
        }
        refresh();
    }

    @Override
    String architecture() {
        return "sasrec";
    }

    @Override
    Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dim", Integer.toString(d));
        m.put("maxLength", Integer.toString(maxLength));
        m.put("blocks", Integer.toString(blocks));
        m.put("heads", Integer.toString(heads));
        m.put("dropout", Float.toString(dropout));
        return m;
    }

    @Override
    void refresh() {
        for (int b = 0; b < blocks; b++) {
            attn[b].refresh();
            ffn[b].refresh();
        }
        output().refresh();
    }

    final class SasWork extends Work {
        final float[][][] hIn;
        final float[][][] q;
        final float[][][] h1;
        final float[][][] h2;
        final float[][] hLast;
        final float[][] outRows;
        final float[][] embMask;
        final LayerNorm.Cache[] lnACache;
        final LayerNorm.Cache[] lnFCache;
        final CausalSelfAttention.Cache[] attnCache;
        final FeedForward.Cache[] ffnCache;
        final LayerNorm.Cache lnOutCache;
        final float[][] dA;
        final float[][] dB;
        final float[][] dC;

        SasWork(int negatives) {
            super(numItems, negatives, d);
            int n = maxLength;
            hIn = new float[blocks][n][d];
            q = new float[blocks][n][d];
            h1 = new float[blocks][n][d];
            h2 = new float[blocks][n][d];
            hLast = new float[n][d];
            outRows = new float[n][d];
            embMask = new float[n][d];
            lnACache = new LayerNorm.Cache[blocks];
            lnFCache = new LayerNorm.Cache[blocks];
            attnCache = new CausalSelfAttention.Cache[blocks];
            ffnCache = new FeedForward.Cache[blocks];
            for (int b = 0; b < blocks; b++) {
                lnACache[b] = new LayerNorm.Cache(n, d);
                lnFCache[b] = new LayerNorm.Cache(n, d);
                attnCache[b] = new CausalSelfAttention.Cache(n, d, heads);
                ffnCache[b] = new FeedForward.Cache(n, d);
            }
            lnOutCache = new LayerNorm.Cache(n, d);
            dA = new float[n][d];
            dB = new float[n][d];
            dC = new float[n][d];
        }
    }

    @Override
    Work newWork(int negatives) {
        return new SasWork(negatives);
    }

    /** Forward over {@code items[from, from+n)}; query-side work for rows {@code [qFrom, n)} in the last block. */
    private void forward(SasWork w, int[] items, int from, int n, int qFrom, SplittableRandom rnd) {
        float[][] h = w.hIn[0];
        int p0 = maxLength - n;
        for (int i = 0; i < n; i++) {
            float[] e = item.row(items[from + i]);
            float[] p = pos.row(p0 + i);
            float[] hi = h[i];
            for (int j = 0; j < d; j++) {
                hi[j] = e[j] * embScale + p[j];
            }
            if (rnd != null) {
                Dropout.mask(w.embMask[i], d, dropout, rnd);
                Dropout.apply(hi, w.embMask[i], d);
            }
        }
        for (int b = 0; b < blocks; b++) {
            int qf = b == blocks - 1 ? qFrom : 0;
            float[][] x = w.hIn[b];
            float[][] q = w.q[b];
            float[][] h1 = w.h1[b];
            float[][] h2 = w.h2[b];
            lnA[b].forward(x, q, qf, n, w.lnACache[b]);
            attn[b].forward(q, x, h1, qf, n, w.attnCache[b], rnd);
            for (int i = qf; i < n; i++) {
                float[] a = h1[i];
                float[] qi = q[i];
                for (int j = 0; j < d; j++) {
                    a[j] += qi[j];
                }
            }
            lnF[b].forward(h1, h2, qf, n, w.lnFCache[b]);
            float[][] next = b + 1 < blocks ? w.hIn[b + 1] : w.hLast;
            ffn[b].forward(h2, next, qf, n, w.ffnCache[b], rnd);
            for (int i = qf; i < n; i++) {
                float[] o = next[i];
                float[] h2i = h2[i];
                for (int j = 0; j < d; j++) {
                    o[j] += h2i[j];
                }
            }
        }
        lnOut.forward(w.hLast, w.outRows, qFrom, n, w.lnOutCache);
    }

    @Override
    void state(Work work, int[] items, int from, int n, float[] result) {
        SasWork w = (SasWork) work;
        forward(w, items, from, n, n - 1, null);
        System.arraycopy(w.outRows[n - 1], 0, result, 0, d);
    }

    @Override
    double train(Work work, int[] seq, int from, int n, SequenceLoss loss, int negatives, float norm,
                 SplittableRandom rnd, Grads g) {
        SasWork w = (SasWork) work;
        forward(w, seq, from, n, 0, rnd);
        float[][] dOut = w.dA;
        double total = output().loss(loss, negatives, w.outRows, seq, from + 1, n, dOut, norm, w.out, rnd, g);
        float[][] dh = w.dB;
        lnOut.backward(dOut, dh, 0, n, w.lnOutCache, g, false);
        for (int b = blocks - 1; b >= 0; b--) {
            // h_next = h2 + FFN(h2): dh2 = dh + FFN'(dh)
            float[][] tmp = w.dA;
            for (int i = 0; i < n; i++) {
                System.arraycopy(dh[i], 0, tmp[i], 0, d);
            }
            ffn[b].backward(w.h2[b], tmp, dh, n, w.ffnCache[b], g);
            // h2 = LN(h1)
            float[][] dh1 = w.dC;
            lnF[b].backward(dh, dh1, 0, n, w.lnFCache[b], g, false);
            // h1 = q + attention(q, x): dq = dh1 + attention'_q, dx = attention'_kv
            float[][] dq = w.dA;
            float[][] dx = w.dB;
            for (int i = 0; i < n; i++) {
                System.arraycopy(dh1[i], 0, dq[i], 0, d);
                java.util.Arrays.fill(dx[i], 0f);
            }
            attn[b].backward(w.q[b], w.hIn[b], dh1, dq, dx, n, w.attnCache[b], g);
            // q = LN(x)
            lnA[b].backward(dq, dx, 0, n, w.lnACache[b], g, true);
            dh = dx;
        }
        float[][] dItem = g.of(item);
        float[][] dPos = g.of(pos);
        int p0 = maxLength - n;
        for (int i = 0; i < n; i++) {
            float[] gi = dh[i];
            if (rnd != null) {
                Dropout.apply(gi, w.embMask[i], d);
            }
            float[] de = dItem[seq[from + i]];
            float[] dp = dPos[p0 + i];
            for (int j = 0; j < d; j++) {
                de[j] += gi[j] * embScale;
                dp[j] += gi[j];
            }
        }
        return total;
    }
}
