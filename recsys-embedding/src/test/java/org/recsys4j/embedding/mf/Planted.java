package org.recsys4j.embedding.mf;

import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;

import java.util.SplittableRandom;

/** Generated data with planted structure for the tests (fixed seeds). */
final class Planted {
    private Planted() {
    }

    static IdIndex ids(int n) {
        long[] ids = new long[n];
        for (int k = 0; k < n; k++) {
            ids[k] = 1000 + k;
        }
        return IdIndex.ofLongs(ids);
    }

    /**
     * Users in {@code clusters} groups each like items of their own group: per user {@code perUser} distinct
     * items of its cluster (the last by time is a cluster item) plus {@code noise} random items earlier.
     */
    static Interactions clusters(int users, int items, int clusters, int perUser, int noise, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Interactions.Builder b = Interactions.builder(ids(users), ids(items));
        int size = items / clusters;
        for (int u = 0; u < users; u++) {
            int c = u % clusters;
            boolean[] used = new boolean[items];
            long ts = 0;
            for (int k = 0; k < noise; k++) {
                int i = rnd.nextInt(items);
                if (!used[i]) {
                    used[i] = true;
                    b.add(u, i, 1f, ts++);
                }
            }
            int added = 0;
            while (added < perUser) {
                int i = c * size + rnd.nextInt(size);
                if (!used[i]) {
                    used[i] = true;
                    b.add(u, i, 1f, ts++);
                    added++;
                }
            }
        }
        return b.build();
    }
}
