package org.recsys4j.core.baseline;

import org.recsys4j.core.model.HistoryScorer;
import org.recsys4j.core.model.ItemSimilarity;
import org.recsys4j.core.model.UserItemScorer;

import java.util.Arrays;

/**
 * A fitted {@link Ease} model: scores {@code x B} for a user's binary history {@code x}. Immutable and
 * thread-safe.
 *
 * <p>With the {@link Ease.Solver#PRIMAL} solver the model stores the dense B over the items with
 * training interactions. With {@link Ease.Solver#DUAL} it stores {@code M = (λI + XXᵀ)⁻¹}, diag(P)
 * and X, and computes {@code x P} on demand, so a score row costs O(nnz(X) + users) for a training user
 * and O(users² + nnz(X)) for another history. Both give {@code score_j = Σ_{i in history, i ≠ j} B_ij}
 * for every item j, history items included (B_jj = 0, so a history item scores the sum of what the
 * other history items give it); the evaluators exclude history items anyway.
 */
public final class EaseModel implements UserItemScorer, HistoryScorer, ItemSimilarity {
    private final Ease config;
    private final Ease.Solver solver;
    private final SparseMatrix x;
    private final Parts parts;
    private final double fitSeconds;

    /** The solver-specific arrays. Package-private. */
    static final class Parts {
        final int[] active;     // PRIMAL: active items; DUAL: active users
        final int[] pos;        // inverse of active, -1 for inactive
        final double[] matrix;  // PRIMAL: B (active items²); DUAL: M (active users²)
        final double[] diagP;   // DUAL only, per item
        final SparseMatrix xt;  // DUAL only

        private Parts(int[] active, int[] pos, double[] matrix, double[] diagP, SparseMatrix xt) {
            this.active = active;
            this.pos = pos;
            this.matrix = matrix;
            this.diagP = diagP;
            this.xt = xt;
        }

        static Parts primal(int[] activeItems, int[] itemPos, double[] b) {
            return new Parts(activeItems, itemPos, b, null, null);
        }

        static Parts dual(int[] activeUsers, int[] userPos, double[] m, double[] diagP, SparseMatrix xt) {
            return new Parts(activeUsers, userPos, m, diagP, xt);
        }
    }

    EaseModel(Ease config, Ease.Solver solver, SparseMatrix x, Parts parts, double fitSeconds) {
        this.config = config;
        this.solver = solver;
        this.x = x;
        this.parts = parts;
        this.fitSeconds = fitSeconds;
    }

    /** Returns the trainer (options) this model was fit with. */
    public Ease config() {
        return config;
    }

    /** Returns the solver that was used: {@link Ease.Solver#PRIMAL} or {@link Ease.Solver#DUAL}, never AUTO. */
    public Ease.Solver solver() {
        return solver;
    }

    /** Returns the regularisation λ. */
    public double lambda() {
        return config.lambda();
    }

    /** Returns the wall-clock seconds {@code fit} took. */
    public double fitSeconds() {
        return fitSeconds;
    }

    /** Returns the number of items. */
    @Override
    public int numItems() {
        return x.cols;
    }

    /** Returns the number of users of the training data's user index. */
    public int numUsers() {
        return x.rows;
    }

    /** Returns true if the item had at least one training interaction. */
    @Override
    public boolean covers(int item) {
        return item >= 0 && item < x.cols && (solver == Ease.Solver.PRIMAL ? parts.pos[item] >= 0
                : parts.xt.degree(item) > 0);
    }

    /**
     * Returns the weight {@code B_ij}: how much an interaction with item {@code i} adds to item
     * {@code j}'s score (0 on the diagonal and for items without training data).
     */
    public double weight(int i, int j) {
        if (i == j) {
            return 0.0;
        }
        if (solver == Ease.Solver.PRIMAL) {
            int a = parts.pos[i];
            int b = parts.pos[j];
            return a < 0 || b < 0 ? 0.0 : parts.matrix[a * parts.active.length + b];
        }
        // P_ij = (δ_ij − X_iᵀ M X_j) / λ, B_ij = −P_ij / P_jj
        SparseMatrix xt = parts.xt;
        int n = parts.active.length;
        double quad = 0;
        for (int p = xt.offsets[i]; p < xt.offsets[i + 1]; p++) {
            int row = parts.pos[xt.indices[p]] * n;
            for (int q = xt.offsets[j]; q < xt.offsets[j + 1]; q++) {
                quad += parts.matrix[row + parts.pos[xt.indices[q]]];
            }
        }
        double pij = -quad / config.lambda();
        return pij == 0.0 ? 0.0 : -pij / parts.diagP[j];
    }

    /**
     * Writes each user's item scores, on the caller's thread (batch-first: callers such as the evaluator
     * run blocks in parallel).
     */
    @Override
    public void score(int[] users, double[][] scores) {
        Checks.scoreBlock(users, scores, x.rows, x.cols);
        double[] work = solver == Ease.Solver.PRIMAL ? new double[Math.max(parts.active.length, x.cols)] : null;
        for (int b = 0; b < users.length; b++) {
            int u = users[b];
            if (solver == Ease.Solver.PRIMAL) {
                primalScores(x.indices, x.offsets[u], x.offsets[u + 1], scores[b], work);
            } else {
                dualTrainScores(u, scores[b]);
            }
        }
    }

    /**
     * Writes the scores of a user with this history. Indices outside {@code [0, numItems)} (such as −1
     * for an id the model never saw) and duplicates are ignored.
     */
    @Override
    public void scoreHistory(int[] history, double[] scores) {
        Checks.scoreRow(scores, x.cols);
        int[] h = SparseMatrix.distinctInRange(history, x.cols);
        if (solver == Ease.Solver.PRIMAL) {
            primalScores(h, 0, h.length, scores, new double[parts.active.length]);
        } else {
            dualHistoryScores(h, scores);
        }
    }

    /**
     * Writes {@code B_{q,i}} for each query q: the scores of a user whose only interaction is {@code q};
     * 0 for {@code q} itself, and −∞ for items without training data.
     */
    @Override
    public void similarities(int[] queries, double[][] out) {
        Checks.similarityBlock(queries, out, x.cols);
        double[] work = new double[parts.active.length];
        for (int b = 0; b < queries.length; b++) {
            int q = queries[b];
            int[] h = {q};
            if (solver == Ease.Solver.PRIMAL) {
                primalScores(h, 0, 1, out[b], work);
            } else {
                dualHistoryScores(h, out[b]);
            }
            out[b][q] = 0.0;
            for (int i = 0; i < x.cols; i++) {
                if (!covers(i)) {
                    out[b][i] = Double.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** out = Σ_{i in items[from..to)} B[i, ·], scattered back to item indices. */
    private void primalScores(int[] items, int from, int to, double[] out, double[] work) {
        int n = parts.active.length;
        double[] bm = parts.matrix;
        Arrays.fill(work, 0, n, 0.0);
        for (int p = from; p < to; p++) {
            int a = parts.pos[items[p]];
            if (a < 0) {
                continue;
            }
            int row = a * n;
            for (int j = 0; j < n; j++) {
                work[j] += bm[row + j];
            }
        }
        if (n == out.length) {
            System.arraycopy(work, 0, out, 0, n);
        } else {
            Arrays.fill(out, 0.0);
            for (int j = 0; j < n; j++) {
                out[parts.active[j]] = work[j];
            }
        }
    }

    /** For a training user, x_u P = (M X)_u; score_j = x_uj − (x_u P)_j / P_jj. */
    private void dualTrainScores(int u, double[] out) {
        Arrays.fill(out, 0.0);
        int a = parts.pos[u];
        if (a < 0) {
            return; // no training interactions: x_u = 0
        }
        int n = parts.active.length;
        double[] m = parts.matrix;
        int row = a * n;
        for (int b = 0; b < n; b++) {
            double w = m[row + b];
            int v = parts.active[b];
            for (int q = x.offsets[v]; q < x.offsets[v + 1]; q++) {
                out[x.indices[q]] += w;
            }
        }
        finishDual(out, x.indices, x.offsets[u], x.offsets[u + 1]);
    }

    /** For any history, x P = (1/λ)(x − (X xᵀ)ᵀ M X); score_j = x_j − (x P)_j / P_jj. */
    private void dualHistoryScores(int[] h, double[] out) {
        int n = parts.active.length;
        SparseMatrix xt = parts.xt;
        double[] m = parts.matrix;
        // c = X xᵀ over active users (counts of shared items), then w = c M (M is symmetric)
        double[] c = new double[n];
        for (int i : h) {
            for (int p = xt.offsets[i]; p < xt.offsets[i + 1]; p++) {
                c[parts.pos[xt.indices[p]]] += 1.0;
            }
        }
        double[] w = new double[n];
        for (int a = 0; a < n; a++) {
            double ca = c[a];
            if (ca == 0.0) {
                continue;
            }
            int row = a * n;
            for (int b = 0; b < n; b++) {
                w[b] += ca * m[row + b];
            }
        }
        // out = w X, then x P = (x − out) / λ
        Arrays.fill(out, 0.0);
        for (int b = 0; b < n; b++) {
            double wb = w[b];
            if (wb == 0.0) {
                continue;
            }
            int v = parts.active[b];
            for (int q = x.offsets[v]; q < x.offsets[v + 1]; q++) {
                out[x.indices[q]] += wb;
            }
        }
        double lambda = config.lambda();
        for (int j = 0; j < out.length; j++) {
            out[j] = -out[j] / lambda;
        }
        for (int i : h) {
            out[i] += 1.0 / lambda;
        }
        finishDual(out, h, 0, h.length);
    }

    /** Turns (x P) in {@code out} into scores: −(xP)_j / P_jj, plus 1 for history items. */
    private void finishDual(double[] out, int[] hist, int from, int to) {
        double[] diagP = parts.diagP;
        for (int j = 0; j < out.length; j++) {
            double v = out[j];
            out[j] = v == 0.0 ? 0.0 : -v / diagP[j];
        }
        for (int p = from; p < to; p++) {
            out[hist[p]] += 1.0;
        }
    }

    @Override
    public String toString() {
        return "EaseModel[" + x.cols + " items, solver=" + solver + ", lambda=" + config.lambda() + "]";
    }
}
