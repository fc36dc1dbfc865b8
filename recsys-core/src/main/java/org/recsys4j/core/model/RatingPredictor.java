package org.recsys4j.core.model;

/** Predicts explicit ratings for (user, item) pairs (protocol R). Batch-first and thread-safe. */
@FunctionalInterface
public interface RatingPredictor {
    /**
     * Writes into {@code out[k]} the predicted rating of item index {@code items[k]} by user index
     * {@code users[k]}. Unknown users or items must still get a prediction (e.g. a global mean).
     */
    void predict(int[] users, int[] items, double[] out);
}
