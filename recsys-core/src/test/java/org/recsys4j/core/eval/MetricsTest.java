package org.recsys4j.core.eval;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void singleItemRankMetricsHaveHandComputedValues() {
        assertEquals(1.0, Metrics.hit(9, 10));
        assertEquals(0.0, Metrics.hit(10, 10));
        assertEquals(1.0, Metrics.ndcg(0, 10), EPS);
        assertEquals(0.6309297535714575, Metrics.ndcg(1, 10), EPS);
        assertEquals(0.0, Metrics.ndcg(10, 10));
        assertEquals(0.25, Metrics.reciprocalRank(3), EPS);
        assertThrows(IllegalArgumentException.class, () -> Metrics.ndcg(-1, 10));
    }

    @Test
    void listMetricsHaveHandComputedValues() {
        int[] rec = {5, 3, 9, 1};
        Set<Integer> rel = Set.of(3, 1);
        assertEquals(1.0 / 3, Metrics.precisionAtK(rec, rel::contains, 3), EPS);
        assertEquals(0.5, Metrics.recallAtK(rec, rel::contains, 2, 3), EPS);
        assertEquals(1.0, Metrics.recallAtK(rec, rel::contains, 2, 4), EPS);
        // DCG = 1/log2(3) + 1/log2(5); IDCG = 1 + 1/log2(3)
        assertEquals(0.6509209298071326, Metrics.ndcgAtK(rec, rel::contains, 2, 4), EPS);
        assertEquals(0.2, Metrics.precisionAtK(new int[]{3}, rel::contains, 5), EPS);
        assertEquals(0.0, Metrics.recallAtK(rec, rel::contains, 0, 3));
        assertEquals(0.3, Metrics.coverage(new int[][]{{1, 2}, {2, 3}}, 10), EPS);
    }

    @Test
    void aucCountsTiesAsHalf() {
        assertEquals(0.75, Metrics.auc(new double[]{0.1, 0.4, 0.35, 0.8}, new boolean[]{false, false, true, true}), EPS);
        // pairs (pos,neg): (2,1)=1, (2,2)=0.5, (3,1)=1, (3,2)=1 -> 3.5/4
        assertEquals(0.875, Metrics.auc(new double[]{1, 2, 2, 3}, new boolean[]{false, true, false, true}), EPS);
        assertEquals(0.5, Metrics.auc(new double[]{7, 7, 7, 7}, new boolean[]{true, false, true, false}), EPS);
        assertEquals(0.0, Metrics.auc(new double[]{1, 2}, new boolean[]{true, false}), EPS);
        assertThrows(IllegalArgumentException.class, () -> Metrics.auc(new double[]{1, 2}, new boolean[]{true, true}));
        assertThrows(IllegalArgumentException.class, () -> Metrics.auc(new double[]{Double.NaN, 2}, new boolean[]{true, false}));
    }

    @Test
    void aucMatchesPairCountingOnRandomData() {
        java.util.Random rnd = new java.util.Random(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + rnd.nextInt(60);
            double[] s = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = rnd.nextInt(6);
                y[i] = i < 2 ? i == 0 : rnd.nextBoolean();
            }
            double pairs = 0;
            double wins = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (y[i] && !y[j]) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            assertEquals(wins / pairs, Metrics.auc(s, y), 1e-12);
        }
    }

    @Test
    void logLossClipsAndUsesNaturalLog() {
        assertEquals(0.164252033486018, Metrics.logLoss(new double[]{0.9, 0.2}, new boolean[]{true, false}), EPS);
        // p = 1 is clipped to 1 - 1e-15, whose complement in double is 9.992007221626409e-16
        assertEquals(-Math.log(9.992007221626409e-16), Metrics.logLoss(new double[]{1.0}, new boolean[]{false}), 1e-12);
        assertEquals(-Math.log(1e-15), Metrics.logLoss(new double[]{0.0}, new boolean[]{true}), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.logLoss(new double[]{0.5, 1.5}, new boolean[]{true, false}));
        assertTrue(e.getMessage().contains("probabilities[1]"), e.getMessage());
    }

    @Test
    void errorMetricsHaveHandComputedValues() {
        double[] p = {1, 2, 3};
        double[] a = {1, 2, 5};
        assertEquals(Math.sqrt(4.0 / 3), Metrics.rmse(p, a), EPS);
        assertEquals(2.0 / 3, Metrics.mae(p, a), EPS);
        assertThrows(IllegalArgumentException.class, () -> Metrics.rmse(new double[]{1}, new double[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Metrics.mae(new double[]{Double.NaN}, new double[]{1}));
    }
}
