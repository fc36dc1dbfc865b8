package org.recsys4j.core.eval;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * The evaluation metrics of {@code protocols.md}, as pure static functions with exact, documented
 * semantics.
 *
 * <p>Rank-based metrics take a 0-based {@code rank}: the number of competing items placed above the
 * relevant one (with protocol T's rule, ties count against the model). List-based metrics take a
 * recommended list in order and a relevance predicate. Inputs containing {@code NaN} where a number
 * is required are rejected with an {@link IllegalArgumentException} naming the position.
 */
public final class Metrics {
    /** Log-loss clips probabilities to {@code [EPSILON, 1 - EPSILON]} (protocol C). */
    public static final double LOG_LOSS_EPSILON = 1e-15;

    private static final double LN2 = Math.log(2);

    private Metrics() {
    }

    /** Returns 1 if {@code rank < k}, else 0: one user's hit of a single relevant item. */
    public static double hit(int rank, int k) {
        checkRank(rank);
        return rank < k ? 1.0 : 0.0;
    }

    /** Returns {@code 1 / log2(rank + 2)} if {@code rank < k}, else 0: NDCG@k of one relevant item (IDCG = 1). */
    public static double ndcg(int rank, int k) {
        checkRank(rank);
        return rank < k ? LN2 / Math.log(rank + 2.0) : 0.0;
    }

    /** Returns {@code 1 / (rank + 1)}: the reciprocal rank of one relevant item. */
    public static double reciprocalRank(int rank) {
        checkRank(rank);
        return 1.0 / (rank + 1.0);
    }

    /**
     * Returns precision@k: the share of the first {@code k} positions holding a relevant item. A list
     * shorter than {@code k} still divides by {@code k}.
     */
    public static double precisionAtK(int[] recommended, IntPredicate relevant, int k) {
        checkK(k);
        return hitsInTop(recommended, relevant, k) / (double) k;
    }

    /** Returns recall@k: relevant items among the first {@code k}, over {@code numRelevant}; 0 when none is relevant. */
    public static double recallAtK(int[] recommended, IntPredicate relevant, int numRelevant, int k) {
        checkK(k);
        if (numRelevant < 0) {
            throw new IllegalArgumentException("numRelevant: " + numRelevant + ", must be >= 0");
        }
        return numRelevant == 0 ? 0.0 : hitsInTop(recommended, relevant, k) / (double) numRelevant;
    }

    /**
     * Returns binary NDCG@k of a list: DCG = Σ over relevant positions p &lt; k of 1/log2(p+2), divided
     * by the ideal DCG of {@code min(numRelevant, k)} relevant items; 0 when none is relevant.
     */
    public static double ndcgAtK(int[] recommended, IntPredicate relevant, int numRelevant, int k) {
        checkK(k);
        double dcg = 0;
        int n = Math.min(k, recommended.length);
        for (int p = 0; p < n; p++) {
            if (relevant.test(recommended[p])) {
                dcg += LN2 / Math.log(p + 2.0);
            }
        }
        double idcg = 0;
        for (int p = 0; p < Math.min(numRelevant, k); p++) {
            idcg += LN2 / Math.log(p + 2.0);
        }
        return idcg == 0 ? 0.0 : dcg / idcg;
    }

    /**
     * Returns catalogue coverage: the number of distinct items appearing in any of the lists, over
     * {@code catalogueSize}.
     */
    public static double coverage(int[][] lists, int catalogueSize) {
        if (catalogueSize <= 0) {
            throw new IllegalArgumentException("catalogueSize: " + catalogueSize + ", must be > 0");
        }
        IntOpenHashSet seen = new IntOpenHashSet();
        for (int[] list : lists) {
            for (int item : list) {
                seen.add(item);
            }
        }
        return seen.size() / (double) catalogueSize;
    }

    /**
     * Returns the median training popularity of the recommended items, a measure of novelty (lower is
     * more novel): every entry of every list is one observation ({@code popularity[item]}, e.g. the item's
     * number of train interactions), so an item recommended to many users counts as often; the median of an
     * even number of observations is the mean of the two middle ones. Repeats within one list count once.
     *
     * @param lists      the recommended lists (dense item indices); empty lists add nothing
     * @param popularity the popularity of each item index
     * @return the median, or {@code NaN} when no list holds an item
     * @throws IllegalArgumentException naming the list and position of an item outside {@code popularity}
     */
    public static double medianPopularity(int[][] lists, int[] popularity) {
        Objects.requireNonNull(lists, "lists");
        Objects.requireNonNull(popularity, "popularity");
        IntArrayList values = new IntArrayList();
        for (int l = 0; l < lists.length; l++) {
            int[] list = distinct(lists[l], l, popularity.length);
            for (int item : list) {
                values.add(popularity[item]);
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int[] v = values.toIntArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + (double) v[n / 2]) / 2;
    }

    /**
     * Returns the mean pairwise Jaccard similarity of the lists, a measure of personalisation (lower is more
     * personal; 1 = every user got the same items): the mean, over every unordered pair of non-empty lists
     * {@code A, B}, of {@code |A ∩ B| / |A ∪ B|}, the lists taken as sets. Exact, not sampled: pairs that share
     * no item count 0 and cost nothing (the intersections are counted through an inverted index), so the
     * cost grows with the number of pairs that share items.
     *
     * @param lists the recommended lists (dense item indices, each &ge; 0); empty lists are skipped
     * @return the mean, or {@code NaN} with fewer than two non-empty lists
     * @throws IllegalArgumentException naming the list and position of a negative item index
     */
    public static double meanPairwiseJaccard(int[][] lists) {
        Objects.requireNonNull(lists, "lists");
        int[][] sets = new int[lists.length][];
        int maxItem = -1;
        int m = 0;
        for (int l = 0; l < lists.length; l++) {
            int[] set = distinct(lists[l], l, Integer.MAX_VALUE);
            if (set.length > 0) {
                sets[m++] = set;
                for (int item : set) {
                    maxItem = Math.max(maxItem, item);
                }
            }
        }
        if (m < 2) {
            return Double.NaN;
        }
        // inverted index: item -> the lists (in order) that hold it
        int[] degree = new int[maxItem + 1];
        for (int a = 0; a < m; a++) {
            for (int item : sets[a]) {
                degree[item]++;
            }
        }
        int[] start = new int[maxItem + 2];
        for (int i = 0; i <= maxItem; i++) {
            start[i + 1] = start[i] + degree[i];
        }
        int[] holders = new int[start[maxItem + 1]];
        int[] fill = Arrays.copyOf(start, maxItem + 1);
        for (int a = 0; a < m; a++) {
            for (int item : sets[a]) {
                holders[fill[item]++] = a;
            }
        }
        int[] shared = new int[m];
        int[] touched = new int[m];
        double sum = 0;
        for (int a = 0; a < m; a++) {
            int t = 0;
            for (int item : sets[a]) {
                for (int p = start[item]; p < start[item + 1]; p++) {
                    int b = holders[p];
                    if (b > a) {
                        if (shared[b]++ == 0) {
                            touched[t++] = b;
                        }
                    }
                }
            }
            for (int q = 0; q < t; q++) {
                int b = touched[q];
                int inter = shared[b];
                sum += inter / (double) (sets[a].length + sets[b].length - inter);
                shared[b] = 0;
            }
        }
        return sum / ((double) m * (m - 1) / 2);
    }

    /** Returns the distinct items of a list in first-seen order, checking each is in {@code [0, bound)}. */
    private static int[] distinct(int[] list, int l, int bound) {
        Objects.requireNonNull(list, "lists[" + l + "]");
        IntOpenHashSet seen = new IntOpenHashSet(list.length);
        int[] out = new int[list.length];
        int n = 0;
        for (int p = 0; p < list.length; p++) {
            int item = list[p];
            if (item < 0 || item >= bound) {
                throw new IllegalArgumentException("lists[" + l + "][" + p + "]: item " + item
                        + (item < 0 ? ", must be >= 0" : ", outside the " + bound + " items with a popularity"));
            }
            if (seen.add(item)) {
                out[n++] = item;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * Returns the area under the ROC curve: the probability that a random positive scores above a
     * random negative, tied scores counting one half (Mann–Whitney U with average ranks, U / (P·N)).
     *
     * @throws IllegalArgumentException if lengths differ, a score is NaN, or a class is absent
     */
    public static double auc(double[] scores, boolean[] labels) {
        int n = scores.length;
        if (labels.length != n) {
            throw new IllegalArgumentException("scores and labels differ in length: " + n + " != " + labels.length);
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "] is NaN");
            }
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        IntArrays.parallelQuickSort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1.0; // 1-based average rank of the tie group
            for (int p = i; p <= j; p++) {
                if (labels[order[p]]) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            throw new IllegalArgumentException("AUC needs both classes: " + pos + " positives, " + neg + " negatives");
        }
        double u = rankSumPos - pos * (pos + 1) / 2.0;
        return u / ((double) pos * neg);
    }

    /**
     * Returns the mean log-loss {@code −mean(y·ln p + (1 − y)·ln(1 − p))}, natural log, with p clipped to
     * {@code [1e-15, 1 − 1e-15]}.
     *
     * @throws IllegalArgumentException if lengths differ, the input is empty, or a p is NaN or outside [0, 1]
     */
    public static double logLoss(double[] probabilities, boolean[] labels) {
        int n = probabilities.length;
        if (labels.length != n) {
            throw new IllegalArgumentException("probabilities and labels differ in length: " + n + " != " + labels.length);
        }
        if (n == 0) {
            throw new IllegalArgumentException("log-loss of no samples is undefined");
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double p = probabilities[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probabilities[" + i + "] = " + p + ", must be in [0, 1]");
            }
            p = Math.min(Math.max(p, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
            sum += labels[i] ? Math.log(p) : Math.log(1 - p);
        }
        return -sum / n;
    }

    /** Returns the root-mean-square error between predictions and targets. */
    public static double rmse(double[] predicted, double[] actual) {
        checkPaired(predicted, actual);
        double s = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - actual[i];
            s += d * d;
        }
        return Math.sqrt(s / predicted.length);
    }

    /** Returns the mean absolute error between predictions and targets. */
    public static double mae(double[] predicted, double[] actual) {
        checkPaired(predicted, actual);
        double s = 0;
        for (int i = 0; i < predicted.length; i++) {
            s += Math.abs(predicted[i] - actual[i]);
        }
        return s / predicted.length;
    }

    private static int hitsInTop(int[] recommended, IntPredicate relevant, int k) {
        int hits = 0;
        int n = Math.min(k, recommended.length);
        for (int p = 0; p < n; p++) {
            if (relevant.test(recommended[p])) {
                hits++;
            }
        }
        return hits;
    }

    private static void checkPaired(double[] predicted, double[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("predicted and actual differ in length: " + predicted.length
                    + " != " + actual.length);
        }
        if (predicted.length == 0) {
            throw new IllegalArgumentException("an error metric of no pairs is undefined");
        }
        for (int i = 0; i < predicted.length; i++) {
            if (Double.isNaN(predicted[i]) || Double.isNaN(actual[i])) {
                throw new IllegalArgumentException("NaN at position " + i);
            }
        }
    }

    private static void checkRank(int rank) {
        if (rank < 0) {
            throw new IllegalArgumentException("rank: " + rank + ", must be >= 0");
        }
    }

    private static void checkK(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k: " + k + ", must be > 0");
        }
    }
}
