package org.recsys4j.core.util;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntDoubleTopKTest {

    /** The reference: a full sort by (score descending, id ascending), NaNs dropped. */
    private static int[] fullSort(double[] scores, int k) {
        Integer[] ids = IntStream.range(0, scores.length).filter(i -> !Double.isNaN(scores[i])).boxed()
                .toArray(Integer[]::new);
        Arrays.sort(ids, Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
        return Arrays.stream(ids).limit(k).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void matchesFullSortOnRandomDataWithTies() {
        SplittableRandom rnd = new SplittableRandom(42);
        IntDoubleTopK reused = new IntDoubleTopK(17);
        for (int trial = 0; trial < 300; trial++) {
            int n = rnd.nextInt(0, 200);
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                // few distinct values so ties are common; some infinities and NaNs
                int r = rnd.nextInt(12);
                scores[i] = r == 0 ? Double.NaN : r == 1 ? Double.NEGATIVE_INFINITY : rnd.nextInt(6) * 0.5;
            }
            for (int k : new int[] {0, 1, 3, 10, 17, 250}) {
                IntDoubleTopK top = k == 17 ? reused : new IntDoubleTopK(k);
                // offer in a random order: the result must not depend on it
                int[] order = IntStream.range(0, n).toArray();
                for (int i = n - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int i : order) {
                    top.offer(i, scores[i]);
                }
                int[] expected = fullSort(scores, k);
                int[] ids = new int[top.size()];
                double[] got = new double[top.size()];
                int m = top.drain(ids, got);
                assertEquals(expected.length, m, "trial " + trial + " k " + k);
                assertArrayEquals(expected, ids, "trial " + trial + " k " + k);
                for (int p = 0; p < m; p++) {
                    assertEquals(scores[ids[p]], got[p]);
                }
                assertEquals(0, top.size());
            }
        }
    }

    @Test
    void lowerIdWinsTies() {
        IntDoubleTopK top = new IntDoubleTopK(2);
        top.offer(9, 1.0);
        top.offer(5, 1.0);
        top.offer(7, 1.0);
        top.offer(1, 0.5);
        assertArrayEquals(new int[] {5, 7}, top.drainIds());
        assertTrue(top.wouldKeep(3, 0.0));
        top.offer(3, 2.0);
        top.offer(4, 2.0);
        assertEquals(4, top.worstId());
        assertFalse(top.wouldKeep(6, 2.0));
        assertTrue(top.wouldKeep(2, 2.0));
        assertFalse(top.offer(8, Double.NaN));
    }

    @Test
    void topIdsAndValidation() {
        assertArrayEquals(new int[] {2, 0}, IntDoubleTopK.topIds(new double[] {3, 1, 4, 1}, 2));
        assertArrayEquals(new int[] {2, 0, 1, 3}, IntDoubleTopK.topIds(new double[] {3, 1, 4, 1}, 10));
        assertThrows(IllegalArgumentException.class, () -> new IntDoubleTopK(-1));
        IntDoubleTopK top = new IntDoubleTopK(3);
        top.offer(1, 1);
        top.offer(2, 2);
        assertThrows(IllegalArgumentException.class, () -> top.drain(new int[1], null));
    }
}
