package org.recsys4j.examples.server;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The served top ratings of each item (bounded insertion) equal a stable sort by score then time, descending. */
class TopRatingsTest {
    @Test
    void boundedSelectionEqualsTheStableSortWithTies() {
        SplittableRandom rnd = new SplittableRandom(7);
        long[] users = new long[60];
        long[] items = new long[25];
        for (int u = 0; u < users.length; u++) {
            users[u] = u + 1;
        }
        for (int i = 0; i < items.length; i++) {
            items[i] = 100 + i;
        }
        Interactions.Builder b = Interactions.builder(IdIndex.ofLongs(users), IdIndex.ofLongs(items));
        for (int k = 0; k < 1_500; k++) {
            // few distinct scores and times: many ties, which must keep the earlier row first
            b.add(rnd.nextInt(users.length), rnd.nextInt(items.length - 1), rnd.nextInt(1, 6) / 1f, rnd.nextInt(5));
        }
        Interactions r = b.build();
        for (int k : new int[]{1, 3, 10, 200}) {
            int[][] got = ServingData.topRatings(r, items.length, k);
            Interactions.Csr byItem = r.byItem();
            for (int i = 0; i < items.length; i++) {
                List<Integer> rows = new ArrayList<>();
                for (int p = byItem.start(i); p < byItem.end(i); p++) {
                    rows.add(byItem.entry(p));
                }
                rows.sort(Comparator.comparingDouble((Integer e) -> r.value(e)).thenComparingLong(r::timestamp).reversed());
                int[] want = rows.stream().limit(k).mapToInt(Integer::intValue).toArray();
                assertArrayEquals(want, got[i], "item " + i + ", k " + k);
            }
        }
    }
}
