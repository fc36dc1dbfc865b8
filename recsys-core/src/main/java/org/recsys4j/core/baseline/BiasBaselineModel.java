package org.recsys4j.core.baseline;

import org.recsys4j.core.model.RatingPredictor;

/**
 * A fitted {@link BiasBaseline}: predicts {@code μ + b_u + b_i}, with a bias of 0 for a user or item
 * index outside the training data. Predictions are not clipped (protocol R's evaluator clips them to
 * [1, 5]). Immutable and thread-safe.
 */
public final class BiasBaselineModel implements RatingPredictor {
    private final BiasBaseline config;
    private final double mu;
    private final double[] userBias;
    private final double[] itemBias;
    private final double fitSeconds;

    BiasBaselineModel(BiasBaseline config, double mu, double[] userBias, double[] itemBias, double fitSeconds) {
        this.config = config;
        this.mu = mu;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.fitSeconds = fitSeconds;
    }

    /** Returns the trainer (options) this model was fit with. */
    public BiasBaseline config() {
        return config;
    }

    /** Returns μ, the mean training rating (0 if there were none). */
    public double globalMean() {
        return mu;
    }

    /** Returns b_u, or 0 for an index outside the training data. */
    public double userBias(int user) {
        return user >= 0 && user < userBias.length ? userBias[user] : 0.0;
    }

    /** Returns b_i, or 0 for an index outside the training data. */
    public double itemBias(int item) {
        return item >= 0 && item < itemBias.length ? itemBias[item] : 0.0;
    }

    /** Returns the wall-clock seconds {@code fit} took. */
    public double fitSeconds() {
        return fitSeconds;
    }

    /** Writes {@code μ + b_u + b_i} for each (user, item) pair. */
    @Override
    public void predict(int[] users, int[] items, double[] out) {
        Checks.predictBatch(users, items, out);
        for (int k = 0; k < users.length; k++) {
            out[k] = mu + userBias(users[k]) + itemBias(items[k]);
        }
    }

    @Override
    public String toString() {
        return "BiasBaselineModel[mu=" + mu + ", " + userBias.length + " users, " + itemBias.length + " items, "
                + config + "]";
    }
}
