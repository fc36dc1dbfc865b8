package org.recsys4j.core.util;

import java.util.Arrays;

/**
 * Keeps the {@code k} best (int id, double score) pairs offered to it, in a bounded primitive
 * min-heap: no boxing and no allocation after construction.
 *
 * <p>Order: a pair is better than another if its score is higher, or if the scores are equal and
 * its id is lower. This total order makes the result independent of the order in which pairs are
 * offered (as long as ids are distinct), so selections are deterministic. {@code NaN} scores are
 * ignored; {@code -Infinity} is kept like any other value.
 *
 * <p>Not thread-safe: use one instance per thread, and {@link #clear()} or {@link #drain} it to
 * reuse it.
 *
 * <pre>{@code
 * IntDoubleTopK top = new IntDoubleTopK(10);
 * for (int i = 0; i < scores.length; i++) top.offer(i, scores[i]);
 * int[] ids = new int[10]; double[] best = new double[10];
 * int n = top.drain(ids, best);   // ids[0] is the best item
 * }</pre>
 */
public final class IntDoubleTopK {
    private final int k;
    private final int[] ids;
    private final double[] scores;
    private int size;

    /**
     * Creates an empty selection that keeps at most {@code k} pairs.
     *
     * @throws IllegalArgumentException if {@code k} is negative
     */
    public IntDoubleTopK(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k: " + k + ", must be >= 0");
        }
        this.k = k;
        this.ids = new int[k];
        this.scores = new double[k];
    }

    /** Returns the capacity {@code k}. */
    public int capacity() {
        return k;
    }

    /** Returns the number of pairs currently kept (at most {@link #capacity()}). */
    public int size() {
        return size;
    }

    /** Forgets every pair kept so far. */
    public void clear() {
        size = 0;
    }

    /**
     * Returns true if a pair with this id and score would be kept now: the heap is not full, or the
     * pair is better than the worst pair kept.
     */
    public boolean wouldKeep(int id, double score) {
        if (Double.isNaN(score) || k == 0) {
            return false;
        }
        return size < k || better(id, score, ids[0], scores[0]);
    }

    /**
     * Offers a pair; returns true if it was kept (possibly evicting the worst pair kept).
     * {@code NaN} scores are never kept.
     */
    public boolean offer(int id, double score) {
        if (Double.isNaN(score) || k == 0) {
            return false;
        }
        if (size < k) {
            int pos = size++;
            // sift up: the parent must be worse than (or equal to) the child
            while (pos > 0) {
                int parent = (pos - 1) >>> 1;
                if (!better(ids[parent], scores[parent], id, score)) {
                    break;
                }
                ids[pos] = ids[parent];
                scores[pos] = scores[parent];
                pos = parent;
            }
            ids[pos] = id;
            scores[pos] = score;
            return true;
        }
        if (!better(id, score, ids[0], scores[0])) {
            return false;
        }
        siftDown(id, score);
        return true;
    }

    /** Returns the score of the worst pair kept; the heap must not be empty. */
    public double worstScore() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        return scores[0];
    }

    /** Returns the id of the worst pair kept; the heap must not be empty. */
    public int worstId() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        return ids[0];
    }

    /**
     * Moves the kept pairs, best first, into the arrays and empties this selection; returns how many
     * were written.
     *
     * @param outIds    receives the ids; length at least {@link #size()}
     * @param outScores receives the scores (may be {@code null} if not wanted); length at least
     *                  {@link #size()}
     * @throws IllegalArgumentException if an output array is too short
     */
    public int drain(int[] outIds, double[] outScores) {
        int n = size;
        if (outIds.length < n || (outScores != null && outScores.length < n)) {
            throw new IllegalArgumentException("output arrays hold " + outIds.length + "/"
                    + (outScores == null ? "-" : outScores.length) + " entries, need " + n);
        }
        // heap sort: repeatedly move the worst to the end of the kept range
        for (int last = n - 1; last >= 0; last--) {
            int worstId = ids[0];
            double worstScore = scores[0];
            size = last;
            if (last > 0) {
                siftDown(ids[last], scores[last]);
            }
            outIds[last] = worstId;
            if (outScores != null) {
                outScores[last] = worstScore;
            }
        }
        size = 0;
        return n;
    }

    /** Returns the kept ids, best first, and empties this selection. */
    public int[] drainIds() {
        int[] out = new int[size];
        drain(out, null);
        return out;
    }

    /** Replaces the root with (id, score) and restores the heap over {@code size} entries. */
    private void siftDown(int id, double score) {
        int pos = 0;
        int n = size;
        while (true) {
            int child = 2 * pos + 1;
            if (child >= n) {
                break;
            }
            int right = child + 1;
            if (right < n && better(ids[child], scores[child], ids[right], scores[right])) {
                child = right; // the worse child goes up
            }
            if (!better(id, score, ids[child], scores[child])) {
                break;
            }
            ids[pos] = ids[child];
            scores[pos] = scores[child];
            pos = child;
        }
        ids[pos] = id;
        scores[pos] = score;
    }

    /** Returns true if pair a ranks before pair b: higher score, then lower id. */
    private static boolean better(int idA, double scoreA, int idB, double scoreB) {
        return scoreA > scoreB || (scoreA == scoreB && idA < idB);
    }

    /**
     * Returns the ids of the {@code k} best entries of {@code scores} (index = id), best first, skipping
     * {@code NaN}s.
     */
    public static int[] topIds(double[] scores, int k) {
        IntDoubleTopK top = new IntDoubleTopK(Math.min(k, scores.length));
        for (int i = 0; i < scores.length; i++) {
            top.offer(i, scores[i]);
        }
        return top.drainIds();
    }

    @Override
    public String toString() {
        return "IntDoubleTopK[k=" + k + ", size=" + size + ", worst="
                + (size == 0 ? "-" : ids[0] + ":" + scores[0]) + "] " + Arrays.toString(Arrays.copyOf(ids, size));
    }
}
