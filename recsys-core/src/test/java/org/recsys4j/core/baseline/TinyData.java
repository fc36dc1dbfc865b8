package org.recsys4j.core.baseline;

import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;

import java.util.SplittableRandom;

/** Small hand-made and random interaction logs for the baseline tests. */
final class TinyData {
    private TinyData() {
    }

    static IdIndex range(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return IdIndex.ofLongs(ids);
    }

    /** Builds a log from rows {user, item} (value 1) or {user, item, value}; timestamps are row numbers. */
    static Interactions of(int users, int items, double[][] rows) {
        Interactions.Builder b = Interactions.builder(range(users), range(items));
        for (int k = 0; k < rows.length; k++) {
            double[] r = rows[k];
            b.add((int) r[0], (int) r[1], r.length > 2 ? (float) r[2] : 1f, k);
        }
        return b.build();
    }

    /**
     * The 4 users × 5 items log of the known-answer tests:
     * u0 {0,1,2}, u1 {0,1}, u2 {1,2,3}, u3 {3,4}.
     */
    static Interactions fourByFive() {
        return of(4, 5, new double[][] {
                {0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {2, 1}, {2, 2}, {2, 3}, {3, 3}, {3, 4}});
    }

    /** A random log: each user interacts with each item with probability {@code density}. */
    static Interactions random(int users, int items, double density, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Interactions.Builder b = Interactions.builder(range(users), range(items));
        int t = 0;
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                if (rnd.nextDouble() < density) {
                    b.add(u, i, 1 + rnd.nextInt(5), t++);
                }
            }
        }
        return b.build();
    }

    static int[] allUsers(Interactions log) {
        int[] u = new int[log.numUsers()];
        for (int i = 0; i < u.length; i++) {
            u[i] = i;
        }
        return u;
    }

    static double[][] scores(int users, int items) {
        return new double[users][items];
    }
}
