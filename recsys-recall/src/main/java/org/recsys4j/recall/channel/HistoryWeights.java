package org.recsys4j.recall.channel;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import org.recsys4j.core.pipeline.RecRequest;

import java.util.Arrays;

/**
 * The recency weights of a request's history, as the history-based channels use them: the last
 * {@code window} <em>distinct</em> items, the most recent first, the {@code r}-th most recent weighted
 * {@code decay^r} (an item seen twice counts once, at its most recent position), optionally times the
 * user's rating of the item ({@link RatingLookup}).
 *
 * @param items   distinct history items, most recent first
 * @param weights their weights, {@code decay^r}
 */
record HistoryWeights(int[] items, double[] weights) {
    /**
     * Returns the weights of the request's history.
     *
     * @param request the request
     * @param window  how many distinct recent items to keep ({@code Integer.MAX_VALUE} for all)
     * @param decay   the weight ratio between consecutive items, in (0, 1]; 1 weighs all equally
     * @param numItems items at or beyond this index are ignored (unknown to the channel)
     */
    static HistoryWeights of(RecRequest request, int window, double decay, int numItems) {
        return of(request, window, decay, numItems, null);
    }

    /**
     * Returns the weights of the request's history, each multiplied by the user's rating of the item when
     * {@code ratings} is given (the request's {@code userIndex} indexes its users).
     */
    static HistoryWeights of(RecRequest request, int window, double decay, int numItems, RatingLookup ratings) {
        int n = request.historySize();
        int cap = Math.min(n, window);
        int[] items = new int[cap];
        double[] weights = new double[cap];
        IntOpenHashSet seen = new IntOpenHashSet();
        int m = 0;
        double w = 1;
        for (int j = n - 1; j >= 0 && m < cap; j--) {
            int item = request.historyItem(j);
            if (item >= numItems || !seen.add(item)) {
                continue;
            }
            items[m] = item;
            weights[m] = ratings == null ? w : w * ratings.rating(request.userIndex(), item);
            m++;
            w *= decay;
        }
        return new HistoryWeights(Arrays.copyOf(items, m), Arrays.copyOf(weights, m));
    }

    /** Returns the number of distinct items. */
    int size() {
        return items.length;
    }
}
