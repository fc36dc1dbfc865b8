package org.recsys4j.core.model;

/**
 * Scores every item for a user described only by the items they interacted with, so that the same
 * model also serves users who were not in its training data (the "unseen user" path of a recall
 * channel or ranker).
 */
public interface HistoryScorer {
    /** Returns the number of items scored (the length of the {@code scores} argument). */
    int numItems();

    /**
     * Writes into {@code scores[i]} the score of item index {@code i} given the history.
     *
     * @param history dense item indices the user interacted with (duplicates are ignored)
     * @param scores  output of length {@link #numItems()}; every entry is written
     */
    void scoreHistory(int[] history, double[] scores);
}
