package org.recsys4j.core.model;

/**
 * Scores every item for a block of known users: the batch-first interface the top-N evaluator
 * (protocol T) and recall channels call.
 *
 * <p>Implementations must be safe to call from several threads at once, each with its own output
 * rows. A higher score means a better recommendation. Items the model cannot score should get
 * {@link Double#NEGATIVE_INFINITY}; {@code NaN} is treated as negative infinity by the evaluators.
 */
@FunctionalInterface
public interface UserItemScorer {
    /**
     * Writes into {@code scores[b][i]} the score of item index {@code i} for user index {@code users[b]},
     * for every item index of the training data's item index.
     *
     * @param users  dense user indices of the training data
     * @param scores one row per user, each of length {@code numItems}; rows are reused between calls,
     *               so every entry must be written
     */
    void score(int[] users, double[][] scores);
}
