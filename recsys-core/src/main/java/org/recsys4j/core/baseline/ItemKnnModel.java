package org.recsys4j.core.baseline;

import org.recsys4j.core.model.HistoryScorer;
import org.recsys4j.core.model.ItemSimilarity;
import org.recsys4j.core.model.UserItemScorer;

import java.util.Arrays;

/**
 * A fitted {@link ItemKnn}: the top-k cosine neighbours of every item, stored sparsely (compressed
 * rows of {@code float} similarities, neighbours in ascending item index), and the training users'
 * histories. Immutable and thread-safe.
 *
 * <p>{@code score(u, j) = Σ_{i in history(u)} sim_k(i, j)}, summed in ascending {@code i} order, so
 * the result is the same whatever the thread count. Items without training interactions score 0.
 */
public final class ItemKnnModel implements UserItemScorer, HistoryScorer, ItemSimilarity {
    private final ItemKnn config;
    private final SparseMatrix histories;
    private final int[] offsets;
    private final int[] ids;
    private final float[] sims;
    private final boolean[] covered;
    private final double fitSeconds;

    ItemKnnModel(ItemKnn config, SparseMatrix histories, int[] offsets, int[] ids, float[] sims, boolean[] covered,
                 double fitSeconds) {
        this.config = config;
        this.histories = histories;
        this.offsets = offsets;
        this.ids = ids;
        this.sims = sims;
        this.covered = covered;
        this.fitSeconds = fitSeconds;
    }

    /** Returns the trainer (options) this model was fit with. */
    public ItemKnn config() {
        return config;
    }

    /** Returns the number of items. */
    @Override
    public int numItems() {
        return covered.length;
    }

    /** Returns the number of users of the training data's user index. */
    public int numUsers() {
        return histories.rows;
    }

    /** Returns the total number of stored (item, neighbour) similarities. */
    public long storedSimilarities() {
        return ids.length;
    }

    /** Returns the wall-clock seconds {@code fit} took. */
    public double fitSeconds() {
        return fitSeconds;
    }

    /** Returns the neighbours of {@code item}, in ascending item index. */
    public int[] neighbourIds(int item) {
        return Arrays.copyOfRange(ids, offsets[item], offsets[item + 1]);
    }

    /** Returns the similarities of {@code item} to its neighbours, in the order of {@link #neighbourIds(int)}. */
    public float[] neighbourSimilarities(int item) {
        return Arrays.copyOfRange(sims, offsets[item], offsets[item + 1]);
    }

    /** Returns the stored similarity of {@code b} as a neighbour of {@code a}, or 0 if {@code b} is not one. */
    public double similarity(int a, int b) {
        int p = Arrays.binarySearch(ids, offsets[a], offsets[a + 1], b);
        return p >= 0 ? sims[p] : 0.0;
    }

    /** Returns true if the item had at least one training interaction. */
    @Override
    public boolean covers(int item) {
        return item >= 0 && item < covered.length && covered[item];
    }

    /**
     * Writes each user's item scores, on the caller's thread (batch-first: callers such as the evaluator
     * run blocks in parallel).
     */
    @Override
    public void score(int[] users, double[][] scores) {
        Checks.scoreBlock(users, scores, histories.rows, covered.length);
        for (int b = 0; b < users.length; b++) {
            int u = users[b];
            accumulate(histories.indices, histories.offsets[u], histories.offsets[u + 1], scores[b]);
        }
    }

    /**
     * Writes the scores of a user with this history. Indices outside {@code [0, numItems)} (such as
     * −1 for an id the model never saw) and duplicates are ignored.
     */
    @Override
    public void scoreHistory(int[] history, double[] scores) {
        Checks.scoreRow(scores, covered.length);
        int[] h = SparseMatrix.distinctInRange(history, covered.length);
        accumulate(h, 0, h.length, scores);
    }

    /**
     * Writes {@code sim_k(q, i)} for each query {@code q}: the stored similarity, 0 for covered items
     * that are not neighbours (and for {@code q} itself), and −∞ for items without training data.
     */
    @Override
    public void similarities(int[] queries, double[][] out) {
        Checks.similarityBlock(queries, out, covered.length);
        for (int b = 0; b < queries.length; b++) {
            double[] row = out[b];
            for (int i = 0; i < row.length; i++) {
                row[i] = covered[i] ? 0.0 : Double.NEGATIVE_INFINITY;
            }
            int q = queries[b];
            for (int p = offsets[q]; p < offsets[q + 1]; p++) {
                row[ids[p]] = sims[p];
            }
        }
    }

    private void accumulate(int[] items, int from, int to, double[] out) {
        Arrays.fill(out, 0.0);
        for (int p = from; p < to; p++) {
            int i = items[p];
            for (int q = offsets[i]; q < offsets[i + 1]; q++) {
                out[ids[q]] += sims[q];
            }
        }
    }

    @Override
    public String toString() {
        return "ItemKnnModel[" + covered.length + " items, " + ids.length + " similarities, " + config + "]";
    }
}
