package org.recsys4j.recall.channel;

import org.recsys4j.core.data.Interactions;

import java.util.Arrays;

/**
 * The ratings of each user by item, for rating-weighted histories: a user's rating of an item is the value
 * of their latest interaction with it; an item the user did not rate gets the user's mean rating, or the
 * global mean for a user without ratings (or not in the data). Immutable.
 */
final class RatingLookup {
    private final int[] offsets;
    private final int[] items;
    private final float[] values;
    private final double[] userMean;
    private final double globalMean;

    private RatingLookup(int[] offsets, int[] items, float[] values, double[] userMean, double globalMean) {
        this.offsets = offsets;
        this.items = items;
        this.values = values;
        this.userMean = userMean;
        this.globalMean = globalMean;
    }

    /** Returns the lookup of the interactions' values (user indices are the interactions'). */
    static RatingLookup of(Interactions ratings) {
        Interactions.Csr byUser = ratings.byUser();
        int users = ratings.numUsers();
        int[] offsets = new int[users + 1];
        int[] items = new int[ratings.size()];
        float[] values = new float[ratings.size()];
        double[] userMean = new double[users];
        double total = 0;
        int n = 0;
        for (int u = 0; u < users; u++) {
            offsets[u] = n;
            int start = byUser.start(u);
            int end = byUser.end(u);
            // entries are in time order: sort (item, position) so the latest rating of an item wins
            long[] keyed = new long[end - start];
            for (int p = start; p < end; p++) {
                keyed[p - start] = ((long) byUser.other(p) << 32) | (p - start);
            }
            Arrays.sort(keyed);
            double sum = 0;
            for (int j = 0; j < keyed.length; j++) {
                int item = (int) (keyed[j] >>> 32);
                float v = ratings.value(byUser.entry(start + (int) keyed[j]));
                sum += v;
                if (n > offsets[u] && items[n - 1] == item) {
                    values[n - 1] = v;
                } else {
                    items[n] = item;
                    values[n++] = v;
                }
            }
            total += sum;
            userMean[u] = keyed.length == 0 ? Double.NaN : sum / keyed.length;
        }
        offsets[users] = n;
        double global = ratings.size() == 0 ? 1 : total / ratings.size();
        return new RatingLookup(offsets, Arrays.copyOf(items, n), Arrays.copyOf(values, n), userMean, global);
    }

    /** Returns the user's rating of the item, or the user's mean, or the global mean (see the class comment). */
    double rating(int user, int item) {
        if (user < 0 || user >= userMean.length) {
            return globalMean;
        }
        int p = Arrays.binarySearch(items, offsets[user], offsets[user + 1], item);
        if (p >= 0) {
            return values[p];
        }
        return Double.isNaN(userMean[user]) ? globalMean : userMean[user];
    }
}
