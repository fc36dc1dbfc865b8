package org.recsys4j.embedding.mf;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.RatingEvaluator;
import org.recsys4j.core.eval.RatingReport;
import org.recsys4j.core.split.Split;
import org.recsys4j.core.split.Splits;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlsTest {

    /**
     * Ratings {@code 3 + b_u + b_i + p_u·q_i + noise} on a random {@code density} share of a users × items
     * grid; {@code bu}/{@code bi} receive the planted biases (centred), factors have rank {@code k}.
     */
    private static Interactions planted(int users, int items, int k, double density, double noise, double[] bu,
                                        double[] bi, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int u = 0; u < users; u++) {
            bu[u] = rnd.nextGaussian() * 0.5;
        }
        for (int i = 0; i < items; i++) {
            bi[i] = rnd.nextGaussian() * 0.5;
        }
        center(bu);
        center(bi);
        double[][] p = new double[users][k];
        double[][] q = new double[items][k];
        for (double[] r : p) {
            for (int a = 0; a < k; a++) {
                r[a] = rnd.nextGaussian() / Math.sqrt(k);
            }
        }
        for (double[] r : q) {
            for (int a = 0; a < k; a++) {
                r[a] = rnd.nextGaussian();
            }
        }
        Interactions.Builder b = Interactions.builder(Planted.ids(users), Planted.ids(items));
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                if (rnd.nextDouble() < density) {
                    double dot = 0;
                    for (int a = 0; a < k; a++) {
                        dot += p[u][a] * q[i][a];
                    }
                    b.add(u, i, (float) (3 + bu[u] + bi[i] + dot + noise * rnd.nextGaussian()), u * items + i);
                }
            }
        }
        return b.build();
    }

    private static void center(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        for (int j = 0; j < v.length; j++) {
            v[j] -= m;
        }
    }

    @Test
    void lowRankRatingsAreRecoveredToNearTheNoiseLevel() {
        double noise = 0.2;
        Interactions d = planted(300, 200, 3, 0.3, noise, new double[300], new double[200], 1);
        Split s = Splits.random(d, 0.1, 2);
        AlsModel m = Als.builder().withFactors(3).withRegularization(0.02).withWeightedRegularization(true).withBiasRegularization(1)
                .withIterations(15).withThreads(2).build().fit(s.train());
        RatingReport r = RatingEvaluator.builder().withClip(-100, 100).build().evaluate(s, m);
        // noise σ = 0.2 is the floor; the planted signal has a standard deviation ≈ 1.2
        assertTrue(r.rmse(0) < 1.25 * noise, r.toString());
    }

    @Test
    void biasesAloneRecoverThePlantedOffsets() {
        double[] bu = new double[150];
        double[] bi = new double[100];
        Interactions d = planted(150, 100, 1, 0.5, 0.05, bu, bi, 3);
        // no factors: fit μ + b_u + b_i only, on ratings made of biases and a little noise
        Interactions pure = biasOnly(d, bu, bi, 4);
        AlsModel m = Als.builder().withFactors(0).withBiasRegularization(0.01).withIterations(20).build().fit(pure);
        assertEquals(3.0, m.globalMean(), 0.05);
        // μ + b_u + b_i fixes the biases up to a constant moved between the two sides: compare centred values
        double[] fu = new double[bu.length];
        double[] fi = new double[bi.length];
        for (int u = 0; u < bu.length; u++) {
            fu[u] = m.userBiasAt(u);
        }
        for (int i = 0; i < bi.length; i++) {
            fi[i] = m.itemBiasAt(i);
        }
        center(fu);
        center(fi);
        double worst = 0;
        for (int u = 0; u < bu.length; u++) {
            worst = Math.max(worst, Math.abs(fu[u] - bu[u]));
        }
        for (int i = 0; i < bi.length; i++) {
            worst = Math.max(worst, Math.abs(fi[i] - bi[i]));
        }
        assertTrue(worst < 0.05, "largest bias error " + worst);
    }

    /** The same (user, item) pairs as {@code d}, rated {@code 3 + b_u + b_i + noise(0.05)}. */
    private static Interactions biasOnly(Interactions d, double[] bu, double[] bi, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Interactions.Builder b = Interactions.builder(d.users(), d.items());
        for (int k = 0; k < d.size(); k++) {
            int u = d.user(k);
            int i = d.item(k);
            b.add(u, i, (float) (3 + bu[u] + bi[i] + 0.05 * rnd.nextGaussian()), d.timestamp(k));
        }
        return b.build();
    }

    @Test
    void everyHalfStepIsExactSoTheObjectiveNeverIncreases() {
        Interactions d = planted(80, 60, 2, 0.3, 0.3, new double[80], new double[60], 5);
        List<Double> loss = new ArrayList<>();
        Als.builder().withFactors(4).withIterations(8).withListener((it, l) -> loss.add(l)).build().fit(d);
        for (int k = 1; k < loss.size(); k++) {
            assertTrue(loss.get(k) <= loss.get(k - 1) * (1 + 1e-6), loss.toString());
        }
    }

    @Test
    void lastItemHalfStepEqualsTheDirectSolution() {
        Interactions d = planted(40, 30, 2, 0.4, 0.3, new double[40], new double[30], 6);
        double lambda = 0.05;
        double lambdaB = 2;
        AlsModel m = Als.builder().withFactors(2).withRegularization(lambda).withWeightedRegularization(true)
                .withBiasRegularization(lambdaB)
                .withIterations(3).build().fit(d);
        for (int i = 0; i < d.numItems(); i++) {
            double[][] a = new double[3][3];
            double[] rhs = new double[3];
            int n = 0;
            for (int k = 0; k < d.size(); k++) {
                if (d.item(k) != i) {
                    continue;
                }
                n++;
                int u = d.user(k);
                float[] p = m.userVectorAt(u);
                double[] z = {p[0], p[1], 1};
                double t = d.value(k) - m.globalMean() - m.userBiasAt(u);
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        a[r][c] += z[r] * z[c];
                    }
                    rhs[r] += t * z[r];
                }
            }
            a[0][0] += lambda * n;
            a[1][1] += lambda * n;
            a[2][2] += lambdaB;
            double[] want = Oracle.solve(a, rhs);
            float[] q = m.itemVectorAt(i);
            assertEquals(want[0], q[0], 1e-5 * Math.max(1, Math.abs(want[0])));
            assertEquals(want[1], q[1], 1e-5 * Math.max(1, Math.abs(want[1])));
            assertEquals(want[2], m.itemBiasAt(i), 1e-5 * Math.max(1, Math.abs(want[2])));
        }
    }

    @Test
    void sameSeedGivesTheSameModelWhateverTheThreadsAndClipHolds() {
        Interactions d = planted(90, 70, 2, 0.3, 0.3, new double[90], new double[70], 8);
        Als.Builder b = Als.builder().withFactors(5).withIterations(4).withSeed(7).withClip(true);
        AlsModel one = b.withThreads(1).build().fit(d);
        AlsModel two = b.withThreads(3).build().fit(d);
        for (int u = 0; u < d.numUsers(); u++) {
            assertArrayEquals(one.userVectorAt(u), two.userVectorAt(u));
            assertEquals(one.userBiasAt(u), two.userBiasAt(u));
        }
        int n = d.numUsers() * d.numItems();
        int[] us = new int[n];
        int[] is = new int[n];
        for (int k = 0; k < n; k++) {
            us[k] = k / d.numItems();
            is[k] = k % d.numItems();
        }
        double[] out = new double[n];
        one.predict(us, is, out);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : d.valueColumn()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        for (double v : out) {
            assertTrue(v >= min && v <= max, v + " outside [" + min + ", " + max + "]");
        }
        double[] unknown = new double[1];
        one.predict(new int[]{-1}, new int[]{d.numItems() + 5}, unknown);
        assertEquals(one.globalMean(), unknown[0], 1e-12, "an unknown pair gets μ");
        double[][] scores = new double[1][d.numItems()];
        one.score(new int[]{3}, scores);
        double[] pred = new double[1];
        one.predict(new int[]{3}, new int[]{4}, pred);
        assertEquals(Math.min(max, Math.max(min, scores[0][4])), pred[0], 1e-5);
        assertEquals(5, one.itemFactors().dim());
    }

    @Test
    void badOptionsNameTheArgument() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Als.builder().withFactors(-1).build())
                .getMessage().startsWith("factors:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Als.builder().withFactors(0).withBiases(false).build()).getMessage().startsWith("factors:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Als.builder().withRegularization(-0.1).build())
                .getMessage().startsWith("regularization:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Als.builder().withBiasRegularization(0).build())
                .getMessage().startsWith("biasRegularization:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Als.builder().withIterations(0).build())
                .getMessage().startsWith("iterations:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Als.builder().withThreads(0).build())
                .getMessage().startsWith("threads:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Als.builder().withInitStd(-1).build())
                .getMessage().startsWith("initStd:"));
    }
}
