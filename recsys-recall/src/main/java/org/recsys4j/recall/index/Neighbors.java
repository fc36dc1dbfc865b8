package org.recsys4j.recall.index;

import java.util.Arrays;

/**
 * The answer of one search: row numbers of the index (best first) and their scores (higher is
 * better, see {@link Metric}). Row {@code r} belongs to external id {@code index.ids().id(r)}.
 *
 * @param rows   row numbers, best first; fewer than {@code k} when fewer rows pass the filter
 * @param scores the score of each row, non-increasing
 */
public record Neighbors(int[] rows, float[] scores) {
    /**
     * Checks that both arrays have the same length.
     *
     * @throws IllegalArgumentException if they differ
     */
    public Neighbors {
        if (rows.length != scores.length) {
            throw new IllegalArgumentException("rows: " + rows.length + " entries, scores: " + scores.length);
        }
    }

    /** Returns the number of neighbours. */
    public int size() {
        return rows.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Neighbors n && Arrays.equals(rows, n.rows) && Arrays.equals(scores, n.scores);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(rows) + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        return "Neighbors" + Arrays.toString(rows);
    }
}
