package org.recsys4j.rank.seq;

import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;

import java.util.SplittableRandom;

/**
 * Generated sequences with a known next-item rule: items follow a fixed random cycle
 * ({@code next = cycle successor of the last item}) with probability {@code 1 − noise}, else a uniform jump; a
 * user's items never repeat. A model that reads the last item predicts the next one; popularity cannot
 * (every item is about equally popular).
 */
final class PlantedSequences {
    private PlantedSequences() {
    }

    static Interactions generate(int users, int items, int minLen, int maxLen, double noise, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] perm = new int[items];
        for (int i = 0; i < items; i++) {
            perm[i] = i;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] next = new int[items];
        for (int k = 0; k < items; k++) {
            next[perm[k]] = perm[(k + 1) % items];
        }
        IdIndex.NumericIdBuilder ub = IdIndex.numericBuilder();
        for (int u = 0; u < users; u++) {
            ub.add(1000 + u);
        }
        IdIndex.NumericIdBuilder ib = IdIndex.numericBuilder();
        for (int i = 0; i < items; i++) {
            ib.add(i + 1);
        }
        Interactions.Builder b = Interactions.builder(ub.build(), ib.build());
        for (int u = 0; u < users; u++) {
            int len = minLen + rnd.nextInt(maxLen - minLen + 1);
            boolean[] seen = new boolean[items];
            int cur = rnd.nextInt(items);
            for (int t = 0; t < len; t++) {
                seen[cur] = true;
                b.add(u, cur, 1f, 1_000_000L + 60L * t);
                int nx = rnd.nextDouble() < noise ? rnd.nextInt(items) : next[cur];
                while (seen[nx]) {
                    nx = rnd.nextInt(items);
                }
                cur = nx;
            }
        }
        return b.build();
    }
}
