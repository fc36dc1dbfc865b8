package org.recsys4j.core.baseline;

import org.recsys4j.core.model.HistoryScorer;
import org.recsys4j.core.model.RatingPredictor;
import org.recsys4j.core.model.UserItemScorer;
import org.recsys4j.core.util.IntDoubleTopK;

import java.util.Arrays;

/**
 * A fitted {@link UserKnn}: each training user's most similar users (best first, {@code float}
 * similarities) and the training ratings. Ranks items by the summed similarity of the neighbours who
 * interacted with them, and predicts ratings as the neighbours' similarity-weighted average. Immutable
 * and thread-safe.
 *
 * <p>Users unseen at training time are served by {@link #scoreHistory(int[], double[])}: the history
 * is a binary vector over items, compared by cosine with every training user's vector (weighted as
 * configured), and its top neighbours are used as for a training user.
 */
public final class UserKnnModel implements UserItemScorer, HistoryScorer, RatingPredictor {
    private final UserKnn config;
    private final SparseMatrix ratings;
    private final SparseMatrix byItem;
    private final double[] norms;
    private final double[] means;
    private final double globalMean;
    private final int[] offsets;
    private final int[] ids;
    private final float[] sims;
    private final double fitSeconds;

    UserKnnModel(UserKnn config, SparseMatrix ratings, SparseMatrix byItem, double[] norms, double[] means,
                 double globalMean, int[] offsets, int[] ids, float[] sims, double fitSeconds) {
        this.config = config;
        this.ratings = ratings;
        this.byItem = byItem;
        this.norms = norms;
        this.means = means;
        this.globalMean = globalMean;
        this.offsets = offsets;
        this.ids = ids;
        this.sims = sims;
        this.fitSeconds = fitSeconds;
    }

    /** Returns the trainer (options) this model was fit with. */
    public UserKnn config() {
        return config;
    }

    /** Returns the number of items. */
    @Override
    public int numItems() {
        return ratings.cols;
    }

    /** Returns the number of users of the training data's user index. */
    public int numUsers() {
        return ratings.rows;
    }

    /** Returns the wall-clock seconds {@code fit} took. */
    public double fitSeconds() {
        return fitSeconds;
    }

    /** Returns the mean of all training ratings (0 if there were none). */
    public double globalMean() {
        return globalMean;
    }

    /** Returns the user's mean training rating, or {@code NaN} if the user has none. */
    public double userMean(int user) {
        return means[user];
    }

    /** Returns the neighbours of a training user, most similar first. */
    public int[] neighbourIds(int user) {
        return Arrays.copyOfRange(ids, offsets[user], offsets[user + 1]);
    }

    /** Returns the similarities of a training user to its neighbours, in the order of {@link #neighbourIds(int)}. */
    public float[] neighbourSimilarities(int user) {
        return Arrays.copyOfRange(sims, offsets[user], offsets[user + 1]);
    }

    /**
     * Writes each user's item scores, on the caller's thread (batch-first: callers such as the evaluator
     * run blocks in parallel).
     */
    @Override
    public void score(int[] users, double[][] scores) {
        Checks.scoreBlock(users, scores, ratings.rows, ratings.cols);
        for (int b = 0; b < users.length; b++) {
            int u = users[b];
            accumulate(ids, sims, offsets[u], offsets[u + 1], scores[b]);
        }
    }

    /**
     * Writes the scores of a user with this history (unseen at training time). Indices outside
     * {@code [0, numItems)} and duplicates are ignored; an empty history scores every item 0.
     */
    @Override
    public void scoreHistory(int[] history, double[] scores) {
        Checks.scoreRow(scores, ratings.cols);
        int[] h = SparseMatrix.distinctInRange(history, ratings.cols);
        int cap = Math.min(config.neighbours(), ratings.rows);
        IntDoubleTopK top = new IntDoubleTopK(cap);
        if (h.length > 0) {
            boolean binary = config.weighting() == UserKnn.Weighting.BINARY;
            double[] dots = new double[ratings.rows];
            boolean[] seen = new boolean[ratings.rows];
            int[] touched = new int[ratings.rows];
            int size = 0;
            for (int i : h) {
                for (int q = byItem.offsets[i]; q < byItem.offsets[i + 1]; q++) {
                    int v = byItem.indices[q];
                    if (!seen[v]) {
                        seen[v] = true;
                        touched[size++] = v;
                    }
                    dots[v] += binary ? 1.0 : byItem.values[q];
                }
            }
            double hNorm = Math.sqrt(h.length);
            for (int t = 0; t < size; t++) {
                int v = touched[t];
                double sim = dots[v] / (hNorm * norms[v]);
                if (sim > 0) {
                    top.offer(v, sim);
                }
            }
        }
        int[] nIds = new int[top.size()];
        double[] nSims = new double[top.size()];
        int n = top.drain(nIds, nSims);
        float[] fSims = new float[n];
        for (int t = 0; t < n; t++) {
            fSims[t] = (float) nSims[t];
        }
        accumulate(nIds, fSims, 0, n, scores);
    }

    /**
     * Writes predicted ratings: the similarity-weighted average of the user's neighbours' ratings of the
     * item; the user's mean when no neighbour rated it; the global mean for a user without training
     * ratings or an index outside the training data. Predictions are not clipped.
     */
    @Override
    public void predict(int[] users, int[] items, double[] out) {
        Checks.predictBatch(users, items, out);
        for (int k = 0; k < users.length; k++) {
            int u = users[k];
            int j = items[k];
            if (u < 0 || u >= ratings.rows) {
                out[k] = globalMean;
                continue;
            }
            double fallback = Double.isNaN(means[u]) ? globalMean : means[u];
            if (j < 0 || j >= ratings.cols) {
                out[k] = fallback;
                continue;
            }
            double num = 0;
            double den = 0;
            for (int p = offsets[u]; p < offsets[u + 1]; p++) {
                int v = ids[p];
                int q = Arrays.binarySearch(ratings.indices, ratings.offsets[v], ratings.offsets[v + 1], j);
                if (q >= 0) {
                    num += sims[p] * (double) ratings.values[q];
                    den += sims[p];
                }
            }
            out[k] = den > 0 ? num / den : fallback;
        }
    }

    private void accumulate(int[] nIds, float[] nSims, int from, int to, double[] out) {
        Arrays.fill(out, 0.0);
        for (int p = from; p < to; p++) {
            int v = nIds[p];
            double s = nSims[p];
            for (int q = ratings.offsets[v]; q < ratings.offsets[v + 1]; q++) {
                out[ratings.indices[q]] += s;
            }
        }
    }

    @Override
    public String toString() {
        return "UserKnnModel[" + ratings.rows + " users, " + ratings.cols + " items, " + config + "]";
    }
}
