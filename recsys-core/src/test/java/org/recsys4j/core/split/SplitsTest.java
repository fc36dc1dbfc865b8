package org.recsys4j.core.split;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SplitsTest {

    @Test
    void leaveLastOutUsesTimestampThenItemAndDropsSingleInteractionUsers() {
        IdIndex users = IdIndex.ofLongs(1, 2, 3);
        IdIndex items = IdIndex.ofLongs(10, 20, 30);
        Interactions all = Interactions.builder(users, items)
                .add(0, 2, 1, 5).add(0, 1, 1, 9).add(0, 0, 1, 9) // last by (ts, item): item 1 (index 1 > 0)
                .add(1, 0, 1, 1)                                 // one interaction: dropped
                .add(2, 2, 1, 3).add(2, 0, 1, 4)
                .build();
        Split s = Splits.leaveLastOut(all);
        assertEquals(3, s.train().size());
        assertEquals(2, s.test().size());
        assertEquals(1, s.test().item(0));
        assertEquals(0, s.test().user(0));
        assertEquals(0, s.test().item(1));
        assertEquals(2, s.test().user(1));
    }

    @Test
    void timeThresholdIsTheCeilingQuantileComputedInIntegers() {
        long[] ts = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
        assertEquals(8, Splits.timeQuantileThreshold(ts, 4, 5)); // k = (40+4)/5-1 = 7
        assertEquals(9, Splits.timeQuantileThreshold(ts, 9, 10)); // k = (90+9)/10-1 = 8
        assertEquals(1, Splits.timeQuantileThreshold(new long[]{1}, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> Splits.timeQuantileThreshold(new long[0], 4, 5));
        IdIndex one = IdIndex.ofLongs(1);
        Interactions.Builder b = Interactions.builder(one, one);
        for (long t : new long[]{5, 5, 5, 6, 7}) {
            b.add(0, 0, 1, t);
        }
        Split s = Splits.globalTime(b.build(), 4, 5); // k = 3 -> T = 6; ties at T go to train
        assertEquals(4, s.train().size());
        assertEquals(1, s.test().size());
    }

    @Test
    void foldsSortByExternalIdsNotByIndex() {
        IdIndex users = IdIndex.ofLongs(7, 3);       // index order differs from id order
        IdIndex items = IdIndex.ofLongs(50, 40, 60);
        Interactions.Builder b = Interactions.builder(users, items);
        for (int u = 0; u < 2; u++) {
            for (int i = 0; i < 3; i++) {
                b.add(u, i, 10 * u + i, 0);
            }
        }
        List<Split> folds = Splits.folds(b.build(), 5);
        // sorted by (user id, item id): (3,40) (3,50) (3,60) (7,40) (7,50) (7,60) -> values 11 10 12 1 0 2
        float[] order = {11, 10, 12, 1, 0, 2};
        for (int f = 0; f < 5; f++) {
            Split s = folds.get(f);
            float[] expected = f == 0 ? new float[]{order[0], order[5]} : new float[]{order[f]};
            assertArrayEquals(expected, s.test().valueColumn(), "fold " + f);
            assertEquals(6 - expected.length, s.train().size());
        }
        assertThrows(IllegalArgumentException.class, () -> Splits.folds(b.build(), 1));
    }

    @Test
    void randomSplitIsSeededAndExact() {
        IdIndex one = IdIndex.ofLongs(1);
        Interactions.Builder b = Interactions.builder(one, one);
        for (int t = 0; t < 100; t++) {
            b.add(0, 0, t, t);
        }
        Interactions all = b.build();
        Split a = Splits.random(all, 0.2, 42);
        Split again = Splits.random(all, 0.2, 42);
        Split other = Splits.random(all, 0.2, 43);
        assertEquals(20, a.test().size());
        assertEquals(80, a.train().size());
        assertArrayEquals(a.test().valueColumn(), again.test().valueColumn());
        assertNotEquals(java.util.Arrays.toString(a.test().valueColumn()), java.util.Arrays.toString(other.test().valueColumn()));
    }
}
