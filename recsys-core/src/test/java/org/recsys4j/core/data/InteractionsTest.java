package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteractionsTest {

    @Test
    void csrViewsOrderEachRowByTimestampThenOtherIndex() {
        IdIndex users = IdIndex.ofLongs(1, 2);
        IdIndex items = IdIndex.ofLongs(10, 20, 30);
        Interactions log = Interactions.builder(users, items)
                .add(1, 2, 4f, 7).add(0, 1, 3f, 5).add(0, 2, 2f, 5).add(0, 0, 1f, 9).add(1, 0, 5f, 7)
                .build();
        Interactions.Csr byUser = log.byUser();
        assertArrayEquals(new int[]{1, 2, 0}, byUser.othersOf(0));
        assertArrayEquals(new int[]{0, 2}, byUser.othersOf(1));
        assertEquals(1, byUser.entry(byUser.start(0))); // row 1 = (user 0, item 1, ts 5)
        Interactions.Csr byItem = log.byItem();
        assertArrayEquals(new int[]{1, 0}, byItem.othersOf(0)); // (ts 7, user 1) before (ts 9, user 0)
        assertArrayEquals(new int[]{3, 2}, log.userCounts());
        assertArrayEquals(new int[]{2, 1, 2}, log.itemCounts());
        assertEquals(2, log.activeUsers());
    }

    @Test
    void csrIsAPermutationOfRowsOnRandomData() {
        Random rnd = new Random(5);
        IdIndex users = IdIndex.ofLongs(java.util.stream.LongStream.range(0, 30).toArray());
        IdIndex items = IdIndex.ofLongs(java.util.stream.LongStream.range(0, 20).toArray());
        Interactions.Builder b = Interactions.builder(users, items);
        for (int k = 0; k < 500; k++) {
            b.add(rnd.nextInt(30), rnd.nextInt(20), 1, rnd.nextInt(10));
        }
        Interactions log = b.build();
        Interactions.Csr c = log.byUser();
        boolean[] seen = new boolean[log.size()];
        for (int u = 0; u < c.rows(); u++) {
            for (int p = c.start(u); p < c.end(u); p++) {
                int k = c.entry(p);
                assertEquals(u, log.user(k));
                assertEquals(log.item(k), c.other(p));
                seen[k] = true;
                if (p > c.start(u)) {
                    int prev = c.entry(p - 1);
                    assertTrue(log.timestamp(prev) < log.timestamp(k)
                            || (log.timestamp(prev) == log.timestamp(k) && log.item(prev) <= log.item(k)));
                }
            }
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
    }

    @Test
    void rejectsOutOfRangeIndicesAndMismatchedColumns() {
        IdIndex ids = IdIndex.ofLongs(1);
        Interactions.Builder b = Interactions.builder(ids, ids).add(0, 0, 1, 0).add(0, 1, 1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build, "adding only stores, build() checks");
        assertEquals("row 1: item index 1 outside [0, 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Interactions.builder(ids, ids).addIds(1, 1, 1, 0).addIds(1, 9, 1, 0).build());
        assertEquals("row 1: item id 9 is not in the item index", e.getMessage());
        assertThrows(NullPointerException.class, () -> Interactions.builder(null, ids).build());
        assertThrows(IllegalArgumentException.class,
                () -> Interactions.wrap(ids, ids, new int[]{0}, new int[]{0, 0}, new float[]{1}, new long[]{1}));
    }

    @Test
    void filterSelectAndConstantValueKeepIndices() {
        IdIndex ids = IdIndex.ofLongs(1, 2);
        Interactions log = Interactions.builder(ids, ids).add(0, 1, 3, 1).add(1, 0, 4, 2).build();
        Interactions one = log.filter(k -> log.value(k) > 3.5);
        assertEquals(1, one.size());
        assertEquals(1, one.user(0));
        assertEquals(ids, one.items());
        assertArrayEquals(new float[]{1, 1}, log.withConstantValue(1).valueColumn());
        assertArrayEquals(new long[]{2, 1}, log.select(new int[]{1, 0}).timestampColumn());
    }

    @Test
    void requireUniquePairsNamesTheFirstRepeatByIdAndRows() {
        IdIndex users = IdIndex.ofStrings("u1", "u2");
        IdIndex items = IdIndex.ofStrings("sku-a", "sku-b", "sku-c");
        Interactions unique = Interactions.builder(users, items).add(0, 0, 1, 5).add(0, 1, 1, 6).add(1, 0, 1, 7).build();
        unique.requireUniquePairs("test");
        unique.requireUniquePairs("test");   // remembered, and still fine
        // u2 views sku-c (row 1), u1 views sku-b (row 2), buys it (row 3), and u2 buys sku-c (row 4)
        Interactions views = Interactions.builder(users, items).add(0, 0, 1, 1).add(1, 2, 1, 2).add(0, 1, 1, 3)
                .add(0, 1, 10, 4).add(1, 2, 10, 5).add(1, 2, 3, 6).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> views.requireUniquePairs("Trainer.fit: train"));
        assertEquals("Trainer.fit: train: 3 rows repeat a (user, item) pair, the first (user u1, item sku-b) at rows "
                + "2 and 3; one interaction per pair is needed and none is picked silently: combine each pair's "
                + "events first with an explicit Feedback policy (core.data.Feedback, Combine SUM, MAX, LAST or "
                + "FIRST)", e.getMessage());
        assertThrows(NullPointerException.class, () -> unique.requireUniquePairs(null));
        Interactions.builder(users, items).build().requireUniquePairs("empty");
    }
}
