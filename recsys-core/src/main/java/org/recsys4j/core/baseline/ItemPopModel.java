package org.recsys4j.core.baseline;

import org.recsys4j.core.model.HistoryScorer;
import org.recsys4j.core.model.UserItemScorer;

/**
 * A fitted {@link ItemPop}: scores every item by its number of training interactions, the same for
 * every user and every history. Immutable and thread-safe.
 */
public final class ItemPopModel implements UserItemScorer, HistoryScorer {
    private final int numUsers;
    private final int[] counts;
    private final double fitSeconds;

    ItemPopModel(int numUsers, int[] counts, double fitSeconds) {
        this.numUsers = numUsers;
        this.counts = counts;
        this.fitSeconds = fitSeconds;
    }

    /** Returns the number of items scored. */
    @Override
    public int numItems() {
        return counts.length;
    }

    /** Returns the number of users of the training data's user index. */
    public int numUsers() {
        return numUsers;
    }

    /** Returns the number of training interactions of item {@code item}. */
    public int count(int item) {
        return counts[item];
    }

    /** Returns a copy of the per-item interaction counts. */
    public int[] counts() {
        return counts.clone();
    }

    /** Returns the wall-clock seconds {@code fit} took. */
    public double fitSeconds() {
        return fitSeconds;
    }

    /** Writes every item's popularity into each user's row. */
    @Override
    public void score(int[] users, double[][] scores) {
        Checks.scoreBlock(users, scores, numUsers, counts.length);
        for (int b = 0; b < users.length; b++) {
            fill(scores[b]);
        }
    }

    /** Writes every item's popularity; the history is not used. */
    @Override
    public void scoreHistory(int[] history, double[] scores) {
        Checks.scoreRow(scores, counts.length);
        fill(scores);
    }

    private void fill(double[] row) {
        for (int i = 0; i < counts.length; i++) {
            row[i] = counts[i];
        }
    }

    @Override
    public String toString() {
        return "ItemPopModel[" + counts.length + " items]";
    }
}
