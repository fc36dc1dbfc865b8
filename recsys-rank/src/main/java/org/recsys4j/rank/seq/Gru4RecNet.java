package org.recsys4j.rank.seq;

import org.recsys4j.rank.nn.Dropout;
import org.recsys4j.rank.nn.Grads;
import org.recsys4j.rank.nn.Gru;
import org.recsys4j.rank.nn.Param;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * GRU4Rec (Hidasi et al. 2016/2018) as the PyTorch anchor writes it: item embedding, dropout, one GRU layer
 * ({@link Gru}, PyTorch's gates and initialisation), dropout; the score of an item is the state's inner product
 * with the item's output embedding plus an output bias. The output embedding is the input one when tied.
 */
final class Gru4RecNet extends SeqNet {
    final float dropout;
    final boolean tied;
    final Param outEmb;
    final Param bias;
    final Param gruParams;
    final Gru gru;

    Gru4RecNet(int numItems, int d, int maxLength, float dropout, boolean tied) {
        super(numItems, d, maxLength);
        this.dropout = dropout;
        this.tied = tied;
        this.gru = new Gru(d, d);
        gruParams = params.add("gru", 1, gru.parameterCount());
        outEmb = tied ? item : params.add("out", numItems, d);
        bias = params.add("out.bias", 1, numItems);
        outputOver(outEmb, bias);
    }

    /** The anchor's initialisation: Xavier-normal embeddings, PyTorch's GRU default, zero output bias. */
    void init(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        initItems(item, rnd);
        gru.init(gruParams.row(0), 0, new Random(rnd.nextLong()));
        if (!tied) {
            initItems(outEmb, rnd);
        }
        refresh();
    }

    @Override
    String architecture() {
        return "gru4rec";
    }

    @Override
    Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dim", Integer.toString(d));
        m.put("maxLength", Integer.toString(maxLength));
        m.put("dropout", Float.toString(dropout));
        m.put("tied", Boolean.toString(tied));
        return m;
    }

    @Override
    void refresh() {
        output().refresh();
    }

    final class GruWork extends Work {
        final Gru.Scratch scratch;
        final float[] x;
        final float[] dx;
        final float[] dOut;
        final float[][] inMask;
        final float[][] outMask;
        final float[][] h;
        final float[][] dh;
        final int[] lengths = new int[1];

        GruWork(int negatives) {
            super(numItems, negatives, d);
            scratch = gru.newScratch();
            x = new float[maxLength * d];
            dx = new float[maxLength * d];
            dOut = new float[maxLength * d];
            inMask = new float[maxLength][d];
            outMask = new float[maxLength][d];
            h = new float[maxLength][d];
            dh = new float[maxLength][d];
        }
    }

    @Override
    Work newWork(int negatives) {
        return new GruWork(negatives);
    }

    private void forward(GruWork w, int[] items, int from, int n, SplittableRandom rnd) {
        for (int t = 0; t < n; t++) {
            float[] e = item.row(items[from + t]);
            if (rnd != null) {
                float[] m = w.inMask[t];
                Dropout.mask(m, d, dropout, rnd);
                for (int j = 0; j < d; j++) {
                    w.x[t * d + j] = e[j] * m[j];
                }
            } else {
                System.arraycopy(e, 0, w.x, t * d, d);
            }
        }
        w.lengths[0] = n;
        gru.forward(gruParams.row(0), 0, w.x, w.lengths, 1, n, null, null, w.scratch);
    }

    @Override
    void state(Work work, int[] items, int from, int n, float[] result) {
        GruWork w = (GruWork) work;
        forward(w, items, from, n, null);
        System.arraycopy(w.scratch.last(), 0, result, 0, d);
    }

    @Override
    double train(Work work, int[] seq, int from, int n, SequenceLoss loss, int negatives, float norm,
                 SplittableRandom rnd, Grads g) {
        GruWork w = (GruWork) work;
        forward(w, seq, from, n, rnd);
        float[] o = w.scratch.outputs();
        for (int t = 0; t < n; t++) {
            float[] m = w.outMask[t];
            Dropout.mask(m, d, dropout, rnd);
            float[] ht = w.h[t];
            for (int j = 0; j < d; j++) {
                ht[j] = o[t * d + j] * m[j];
            }
        }
        double total = output().loss(loss, negatives, w.h, seq, from + 1, n, w.dh, norm, w.out, rnd, g);
        for (int t = 0; t < n; t++) {
            float[] m = w.outMask[t];
            float[] dht = w.dh[t];
            for (int j = 0; j < d; j++) {
                w.dOut[t * d + j] = dht[j] * m[j];
            }
        }
        gru.backward(gruParams.row(0), 0, g.of(gruParams)[0], 0, w.scratch, w.dOut, null, w.dx, null, null);
        float[][] dItem = g.of(item);
        for (int t = 0; t < n; t++) {
            float[] de = dItem[seq[from + t]];
            float[] m = w.inMask[t];
            for (int j = 0; j < d; j++) {
                de[j] += w.dx[t * d + j] * m[j];
            }
        }
        return total;
    }
}
