package org.recsys4j.core.baseline;

import org.recsys4j.core.data.Interactions;

import java.util.Objects;

/**
 * Trains the baseline rating predictor {@code r̂(u, i) = μ + b_u + b_i}: the global mean plus
 * regularised user and item biases (Koren, "Factor in the neighbors: scalable and accurate
 * collaborative filtering", ACM TKDD 2010, section 2.1), fit by alternating exact least-squares
 * sweeps. For protocol R.
 *
 * <p>Minimises {@code Σ (r_ui − μ − b_u − b_i)² + λ_u Σ b_u² + λ_i Σ b_i²} with μ the mean training
 * rating. Starting from {@code b_u = 0}, each sweep sets
 * <pre>
 *   b_i = Σ_{u rated i} (r_ui − μ − b_u) / (λ_i + |U_i|)
 *   b_u = Σ_{i rated by u} (r_ui − μ − b_i) / (λ_u + |I_u|)
 * </pre>
 * Each update is the exact minimiser given the other side, so the objective never increases; one
 * sweep is Koren's classic decoupled estimate. Each (user, item) pair must occur once: a repeated pair is
 * an {@link IllegalArgumentException} naming it, since which of its ratings counts is the caller's choice
 * (a {@link org.recsys4j.core.data.Feedback} policy's combine rule). Deterministic; single-threaded (a sweep
 * is linear in the data).
 *
 * <pre>{@code
 * BiasBaselineModel bias = BiasBaseline.builder().withUserLambda(10).withItemLambda(25).build().fit(train);
 * bias.predict(users, items, out);
 * }</pre>
 */
public final class BiasBaseline {
    /** Default user-bias regularisation λ_u. */
    public static final double DEFAULT_USER_LAMBDA = 10.0;
    /** Default item-bias regularisation λ_i. */
    public static final double DEFAULT_ITEM_LAMBDA = 25.0;
    /** Default number of alternating sweeps. */
    public static final int DEFAULT_SWEEPS = 10;

    private final double userLambda;
    private final double itemLambda;
    private final int sweeps;

    private BiasBaseline(Builder b) {
        this.userLambda = b.userLambda;
        this.itemLambda = b.itemLambda;
        this.sweeps = b.sweeps;
    }

    /** Returns a builder with the default options. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns λ_u, the user-bias regularisation. */
    public double userLambda() {
        return userLambda;
    }

    /** Returns λ_i, the item-bias regularisation. */
    public double itemLambda() {
        return itemLambda;
    }

    /** Returns the number of alternating sweeps. */
    public int sweeps() {
        return sweeps;
    }

    /**
     * Returns the model fit on {@code train}; ratings are the interactions' values.
     *
     * @throws IllegalArgumentException if a (user, item) pair occurs in two rows
     *                                  ({@link Interactions#requireUniquePairs})
     */
    public BiasBaselineModel fit(Interactions train) {
        Objects.requireNonNull(train, "train");
        train.requireUniquePairs("BiasBaseline.fit: train");
        long t0 = System.nanoTime();
        SparseMatrix r = SparseMatrix.userItem(train, false);
        SparseMatrix rt = r.transpose();
        double sum = 0;
        for (float v : r.values) {
            sum += v;
        }
        double mu = r.nnz() > 0 ? sum / r.nnz() : 0.0;
        double[] bu = new double[r.rows];
        double[] bi = new double[r.cols];
        for (int s = 0; s < sweeps; s++) {
            for (int i = 0; i < rt.rows; i++) {
                double acc = 0;
                for (int p = rt.offsets[i]; p < rt.offsets[i + 1]; p++) {
                    acc += rt.values[p] - mu - bu[rt.indices[p]];
                }
                bi[i] = acc / (itemLambda + rt.degree(i));
            }
            for (int u = 0; u < r.rows; u++) {
                double acc = 0;
                for (int p = r.offsets[u]; p < r.offsets[u + 1]; p++) {
                    acc += r.values[p] - mu - bi[r.indices[p]];
                }
                bu[u] = acc / (userLambda + r.degree(u));
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new BiasBaselineModel(this, mu, bu, bi, secs);
    }

    @Override
    public String toString() {
        return "BiasBaseline[userLambda=" + userLambda + ", itemLambda=" + itemLambda + ", sweeps=" + sweeps + "]";
    }

    /** Builds a {@link BiasBaseline} trainer; {@link #build()} validates every option. */
    public static final class Builder {
        private double userLambda = DEFAULT_USER_LAMBDA;
        private double itemLambda = DEFAULT_ITEM_LAMBDA;
        private int sweeps = DEFAULT_SWEEPS;

        private Builder() {
        }

        /** Sets λ_u, the user-bias regularisation (default {@value BiasBaseline#DEFAULT_USER_LAMBDA}). */
        public Builder withUserLambda(double lambda) {
            this.userLambda = lambda;
            return this;
        }

        /** Sets λ_i, the item-bias regularisation (default {@value BiasBaseline#DEFAULT_ITEM_LAMBDA}). */
        public Builder withItemLambda(double lambda) {
            this.itemLambda = lambda;
            return this;
        }

        /** Sets the number of alternating sweeps (default {@value BiasBaseline#DEFAULT_SWEEPS}). */
        public Builder withSweeps(int sweeps) {
            this.sweeps = sweeps;
            return this;
        }

        /**
         * Returns the trainer.
         *
         * @throws IllegalArgumentException naming the option if a value is out of range
         */
        public BiasBaseline build() {
            if (!(userLambda >= 0) || Double.isInfinite(userLambda)) {
                throw new IllegalArgumentException("userLambda: " + userLambda + ", must be finite and >= 0");
            }
            if (!(itemLambda >= 0) || Double.isInfinite(itemLambda)) {
                throw new IllegalArgumentException("itemLambda: " + itemLambda + ", must be finite and >= 0");
            }
            if (sweeps < 1) {
                throw new IllegalArgumentException("sweeps: " + sweeps + ", must be >= 1");
            }
            return new BiasBaseline(this);
        }
    }
}
