package org.recsys4j.core.model;

/**
 * Scores every item for a user described only by the items they interacted with, so that the same
 * model also serves users who were not in its training data (the "unseen user" path of a recall
 * channel or ranker). The history is in time order, oldest first; a model decides whether order matters.
 */
public interface HistoryScorer {
    /** Returns the number of items scored (the length of the {@code scores} argument). */
    int numItems();

    /**
     * Writes into {@code scores[i]} the score of item index {@code i} given the history.
     *
     * @param history dense item indices the user interacted with, oldest first (as {@code RecRequest#history()}
     *                gives them); models of a set of items (item-KNN, EASE, ALS fold-in) ignore the order and
     *                duplicates, sequence models (SASRec, GRU4Rec) read both
     * @param scores  output of length {@link #numItems()}; every entry is written
     */
    void scoreHistory(int[] history, double[] scores);
}
