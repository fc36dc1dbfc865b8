package org.recsys4j.rank.ctr;

import org.recsys4j.core.vector.Vectors;

import java.util.Arrays;

/**
 * The mini-batch aware L2 regularisation of DIN's paper (Zhou et al. 2018, §4.3.1): on every batch, each per-id
 * parameter row {@code w_j} (an embedding, an FM factor, a first-order or wide weight) that the batch reads gets
 * {@code λ / n_j · w_j} added to its gradient, once however often the batch reads it, {@code n_j} being how often
 * the training rows read it. DIEN's auxiliary loss reads sampled negative items too: their rows are regularised
 * the same way, an item the training rows never read as {@code n_j = 1} (uniform negatives are mostly such rare
 * items, and without the pull the auxiliary loss alone would move them). Rows a batch does not read are left
 * alone (a plain L2 would shrink every row on every step, which with Adam flattens the rare ids' rows), and a rare
 * id's row is pulled to zero much harder than a frequent one's: the regularisation follows the data the gradient
 * comes from. On protocol C, where the test period is later than training and most of its users and many of its
 * items are new, this is what keeps the id embeddings from memorising the training period
 * ({@code docs/evaluation.md}).
 *
 * <p>One per training run ({@link CtrTrainer}); not thread-safe: the trainer calls it on one thread after a batch's
 * gradients are in.
 */
final class MiniBatchL2 implements CtrModel.IdRowSink {
    private final CtrModel model;
    private final float lambda;
    /** Per table, {@code 1 / max(n_j, 1)}. */
    private final float[][] inverseCounts;
    /** Per table, the last batch that regularised each row. */
    private final int[][] stamps;
    private int batch;
    private float[] grad;
    private int[] scratch = new int[16];

    private MiniBatchL2(CtrModel model, double lambda, long[][] counts) {
        this.model = model;
        this.lambda = (float) lambda;
        int[][] tables = model.idTables;
        inverseCounts = new float[tables.length][];
        stamps = new int[tables.length][];
        for (int t = 0; t < tables.length; t++) {
            inverseCounts[t] = new float[tables[t][2]];
            for (int id = 0; id < counts[t].length; id++) {
                inverseCounts[t][id] = (float) (1.0 / Math.max(1, counts[t][id]));
            }
            stamps[t] = new int[tables[t][2]];
        }
    }

    /**
     * Returns the regulariser of {@code model} with weight {@code lambda}, counting how often the rows of
     * {@code train} read each per-id parameter row (one pass; rows encoded on demand are encoded once more).
     */
    static MiniBatchL2 count(CtrModel model, CtrRows train, double lambda) {
        int[][] tables = model.idTables;
        long[][] counts = new long[tables.length][];
        for (int t = 0; t < tables.length; t++) {
            counts[t] = new long[tables[t][2]];
        }
        CtrModel.IdRowSink add = (t, id) -> counts[t][id]++;
        CtrData.chunks(train, 1 << 16, (d, from) -> {
            for (int i = 0; i < d.size(); i++) {
                model.idRows(d, i, add);
            }
        });
        return new MiniBatchL2(model, lambda, counts);
    }

    /** Starts a batch whose gradient (of {@code w}, the batch mean) is {@code grad}. */
    void begin(float[] grad) {
        this.grad = grad;
        if (++batch == Integer.MAX_VALUE) { // after 2^31 batches: start the stamps over
            for (int[] s : stamps) {
                Arrays.fill(s, 0);
            }
            batch = 1;
        }
    }

    /**
     * Adds the penalty's gradient for the rows row {@code i} of {@code data} reads (each row once per batch):
     * its features' rows and, for DIEN, its auxiliary loss's sampled negatives, {@code row} being its training
     * row number and {@code auxSeed} the epoch's negatives' seed.
     */
    void add(CtrData data, int i, int row, long auxSeed) {
        model.idRows(data, i, this);
        if (model.seqField >= 0) {
            int len = data.end(model.seqField, i) - data.start(model.seqField, i);
            if (scratch.length < len) {
                scratch = new int[Math.max(len, 2 * scratch.length)];
            }
            model.auxiliaryNegatives(data, i, row, auxSeed, scratch, this);
        }
    }

    @Override
    public void accept(int table, int id) {
        if (stamps[table][id] == batch) {
            return;
        }
        stamps[table][id] = batch;
        int[] t = model.idTables[table];
        int o = t[0] + id * t[1];
        Vectors.axpy(lambda * inverseCounts[table][id], model.w, o, grad, o, t[1]);
    }
}
