package org.recsys4j.rank.cf;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.vector.Vectors;
import org.recsys4j.rank.similarity.ItemMatrix;
import org.recsys4j.rank.similarity.UserVectorSource;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Scores candidates with a matrix-factorisation model given as user and item factor tables (ALS,
 * item2vec + user vectors, a two-tower model's exports):
 * {@code score(u, i) = μ + b_u + b_i + p_u·q_i}, the biases being optional (0 when not set).
 *
 * <p><b>Unseen users.</b> A request whose user has no factors ({@link UserVectorSource} returns none) is
 * folded in from its history when {@link Builder#withImplicitFoldIn implicit fold-in} is configured:
 * {@code p} solves the implicit-ALS normal equations against the item factors {@code Y},
 * {@code (YᵀY + λI + Σ_h (c−1)·q_h q_hᵀ) p = Σ_h c·q_h} over the distinct history items {@code h} with
 * factors, each with confidence {@code c} (for a model of Hu, Koren and Volinsky, "Collaborative
 * Filtering for Implicit Feedback Datasets", ICDM 2008, trained with regularisation λ and confidence
 * {@code c = 1 + α}, this gives the factors the model's own fold-in gives); {@code b_u} is then 0. Without
 * fold-in, or with no usable history, every candidate gets the fallback score.
 *
 * <p><b>Fallback.</b> A candidate without factors (not in the item table, or a zero row: {@link ItemMatrix#has})
 * gets the fallback score, {@link Double#NEGATIVE_INFINITY} by default; a user whose factors are all zero
 * counts as unseen (folded in from the history). Immutable and thread-safe.
 *
 * <pre>{@code
 * Ranker mf = MatrixFactorizationRanker.builder(
 *                 UserVectorSource.byIndex(ials.userFactors()), ItemMatrix.ofRows(ials.itemFactors(), liked.items()))
 *         .withImplicitFoldIn(0.1, 1 + 10)       // λ and c = 1 + α of the trained model (default: off)
 *         .build();
 * }</pre>
 */
public final class MatrixFactorizationRanker implements Ranker {
    /** The default name reported in responses. */
    public static final String DEFAULT_NAME = "mf";
    /** The default score of candidates that cannot be scored: last. */
    public static final double DEFAULT_FALLBACK_SCORE = Double.NEGATIVE_INFINITY;

    private final String name;
    private final UserVectorSource users;
    private final ItemMatrix items;
    private final double globalMean;
    private final double[] userBiases;
    private final double[] itemBiases;
    private final double[] gram;        // YᵀY + λI, or null without fold-in
    private final double confidence;
    private final double fallbackScore;

    private MatrixFactorizationRanker(Builder b) {
        this.name = b.name;
        this.users = b.users;
        this.items = b.items;
        this.globalMean = b.globalMean;
        this.userBiases = b.userBiases;
        this.itemBiases = b.itemBiases;
        this.confidence = b.confidence;
        this.fallbackScore = b.fallbackScore;
        if (b.foldIn) {
            double[] g = items.gram();
            int f = items.dim();
            for (int d = 0; d < f; d++) {
                g[d * f + d] += b.regularization;
            }
            this.gram = g;
        } else {
            this.gram = null;
        }
    }

    /**
     * Returns a builder.
     *
     * @param users the user factors (by user index or key)
     * @param items the item factors by dense item index
     */
    public static Builder builder(UserVectorSource users, ItemMatrix items) {
        return new Builder(users, items);
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the score of candidates that cannot be scored. */
    public double fallbackScore() {
        return fallbackScore;
    }

    /**
     * Returns the factors of an unseen user with the given history (see the class comment); empty if
     * fold-in is not configured or no history item has factors.
     *
     * @param history dense item indices; duplicates count once, items without factors are skipped
     */
    public Optional<float[]> foldIn(int[] history) {
        if (gram == null) {
            return Optional.empty();
        }
        int f = items.dim();
        double[] a = gram.clone();
        double[] b = new double[f];
        double[] q = new double[f];
        IntOpenHashSet seen = new IntOpenHashSet(history.length);
        int used = 0;
        for (int item : history) {
            if (!items.has(item) || !seen.add(item)) {
                continue;
            }
            float[] v = items.vector(item);
            for (int d = 0; d < f; d++) {
                q[d] = v[d];
            }
            Vectors.axpy(confidence, q, 0, b, 0, f);
            for (int d = 0; d < f; d++) {
                Vectors.axpy((confidence - 1) * q[d], q, 0, a, d * f, f);
            }
            used++;
        }
        if (used == 0) {
            return Optional.empty();
        }
        Cholesky.solve(a, f, b);
        float[] out = new float[f];
        for (int d = 0; d < f; d++) {
            out[d] = (float) b[d];
        }
        return Optional.of(out);
    }

    @Override
    public void score(RecRequest request, CandidateBatch batch, double[] scores) {
        Ranker.checkScoreArguments(request, batch, scores);
        int[] candidates = batch.items();
        float[] p = users.userVector(request).orElse(null);
        if (p != null && !Vectors.isUsable(p, 0, p.length)) {
            p = null;   // zero (or broken) user factors: fold in from the history instead
        }
        double bias = globalMean;
        if (p != null) {
            int u = request.userIndex();
            if (userBiases != null && u >= 0 && u < userBiases.length) {
                bias += userBiases[u];
            }
        } else {
            p = foldIn(request.history()).orElse(null);
        }
        if (p == null) {
            Arrays.fill(scores, 0, candidates.length, fallbackScore);
            return;
        }
        if (p.length != items.dim()) {
            throw new IllegalArgumentException("dimension mismatch: the user vector has " + p.length
                    + " components, the item factors have " + items.dim());
        }
        for (int i = 0; i < candidates.length; i++) {
            int item = candidates[i];
            if (!items.has(item)) {
                scores[i] = fallbackScore;
                continue;
            }
            double s = bias + items.dot(item, p);
            if (itemBiases != null && item < itemBiases.length) {
                s += itemBiases[item];
            }
            scores[i] = s;
        }
    }

    @Override
    public String toString() {
        return "MatrixFactorizationRanker[" + name + ", " + items + (gram != null ? ", implicit fold-in" : "")
                + ", fallback " + fallbackScore + "]";
    }

    /** Builds a {@link MatrixFactorizationRanker}: the setters only record, {@link #build()} checks. Not thread-safe. */
    public static final class Builder {
        private final UserVectorSource users;
        private final ItemMatrix items;
        private String name = DEFAULT_NAME;
        private double globalMean;
        private double[] userBiases;
        private double[] itemBiases;
        private boolean foldIn;
        private double regularization;
        private double confidence;
        private double fallbackScore = DEFAULT_FALLBACK_SCORE;

        private Builder(UserVectorSource users, ItemMatrix items) {
            this.users = users;
            this.items = items;
        }

        /** Sets the name reported in responses (default {@value MatrixFactorizationRanker#DEFAULT_NAME}). */
        public Builder withName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the biases of {@code μ + b_u + b_i + p_u·q_i} (explicit ALS, SVD++-style models); default:
         * none (all 0).
         *
         * @param globalMean μ, finite
         * @param userBiases b_u by user index, each finite (copied; a user beyond it has 0), or null for none
         * @param itemBiases b_i by item index, each finite (copied; an item beyond it has 0), or null for none
         */
        public Builder withBiases(double globalMean, double[] userBiases, double[] itemBiases) {
            this.globalMean = globalMean;
            this.userBiases = userBiases == null ? null : userBiases.clone();
            this.itemBiases = itemBiases == null ? null : itemBiases.clone();
            return this;
        }

        /**
         * Turns on implicit-ALS fold-in for users without factors (see the class comment); default: off.
         *
         * @param regularization λ of the trained model, &gt; 0 and finite
         * @param confidence     the confidence {@code c} of a history item (e.g. {@code 1 + α}), at least 1 and finite
         */
        public Builder withImplicitFoldIn(double regularization, double confidence) {
            this.foldIn = true;
            this.regularization = regularization;
            this.confidence = confidence;
            return this;
        }

        /**
         * Sets the score of candidates that cannot be scored, any value but NaN (default
         * {@value MatrixFactorizationRanker#DEFAULT_FALLBACK_SCORE}).
         */
        public Builder withFallbackScore(double score) {
            this.fallbackScore = score;
            return this;
        }

        /**
         * Returns the ranker (computes {@code YᵀY} once when fold-in is on).
         *
         * @throws NullPointerException     if the user or item factors or the name are null
         * @throws IllegalArgumentException if the two dimensions differ (when the user side's is known), the
         *                                  name is blank, a bias is not finite, the fold-in settings are out
         *                                  of range or the fallback score is NaN (naming the setting)
         */
        public MatrixFactorizationRanker build() {
            Objects.requireNonNull(users, "users");
            Objects.requireNonNull(items, "items");
            if (users.dim() > 0 && users.dim() != items.dim()) {
                throw new IllegalArgumentException("dimension mismatch: user factors have " + users.dim()
                        + " components, item factors have " + items.dim());
            }
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name: must not be blank");
            }
            if (!Double.isFinite(globalMean)) {
                throw new IllegalArgumentException("globalMean: " + globalMean + ", must be finite");
            }
            finite("userBiases", userBiases);
            finite("itemBiases", itemBiases);
            if (foldIn) {
                if (!(regularization > 0) || Double.isInfinite(regularization)) {
                    throw new IllegalArgumentException("regularization: " + regularization + ", must be > 0 and finite");
                }
                if (!(confidence >= 1) || Double.isInfinite(confidence)) {
                    throw new IllegalArgumentException("confidence: " + confidence + ", must be >= 1 and finite");
                }
            }
            if (Double.isNaN(fallbackScore)) {
                throw new IllegalArgumentException("fallbackScore: NaN is not allowed");
            }
            return new MatrixFactorizationRanker(this);
        }

        private static void finite(String field, double[] values) {
            if (values == null) {
                return;
            }
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException(field + "[" + i + "]: " + values[i] + ", must be finite");
                }
            }
        }
    }
}
