package org.recsys4j.embedding.projection;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;

import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PCA: known answers on hand-made tables, planted clusters, signs, properties, argument errors. */
class PcaTest {
    private static EmbeddingTable table(int dim, float[] values) {
        long[] ids = IntStream.rangeClosed(1, values.length / dim).asLongStream().toArray();
        return EmbeddingTable.of(IdIndex.ofLongs(ids), dim, values);
    }

    @Test
    void pointsOnALineHaveThatLineAsTheirFirstAxisWithAllTheVariance() {
        // x = (1, 1, 2) + t·(0.6, 0.8, 0) for t = -2..2, in shuffled order
        float[] t = {1, -2, 0, 2, -1};
        float[] v = new float[t.length * 3];
        for (int i = 0; i < t.length; i++) {
            v[3 * i] = 1 + 0.6f * t[i];
            v[3 * i + 1] = 1 + 0.8f * t[i];
            v[3 * i + 2] = 2;
        }
        EmbeddingTable tab = table(3, v);
        PcaModel m = Pca.builder().withComponents(2).build().fit(tab);
        assertArrayEquals(new double[] {0.6, 0.8, 0}, m.axis(0), 1e-6);
        assertArrayEquals(new double[] {1, 1, 2}, m.mean(), 1e-6);
        assertEquals(1.0, m.explainedVarianceRatio()[0], 1e-9);
        assertEquals(0.0, m.explainedVarianceRatio()[1], 1e-9);
        assertEquals(2.5, m.explainedVariance()[0], 1e-5);   // Σt² / (n − 1) = 10 / 4
        assertEquals(2.5, m.totalVariance(), 1e-5);
        float[] xy = m.project(tab);
        for (int i = 0; i < t.length; i++) {
            assertEquals(t[i], xy[2 * i], 1e-5, "coordinate of point " + i);
            assertEquals(0, xy[2 * i + 1], 1e-5);
        }
    }

    @Test
    void aCrossOfTwoLengthsSplitsTheVarianceNineToOne() {
        // (±3, 0) and (0, ±1): covariance diag(18/3, 2/3), so ratios 0.9 and 0.1 on the x and y axes
        EmbeddingTable tab = table(2, new float[] {0, 1, 3, 0, 0, -1, -3, 0});
        PcaModel m = Pca.builder().build().fit(tab);
        assertArrayEquals(new double[] {6, 2.0 / 3}, m.explainedVariance(), 1e-9);
        assertArrayEquals(new double[] {0.9, 0.1}, m.explainedVarianceRatio(), 1e-12);
        assertArrayEquals(new double[] {1, 0}, m.axis(0), 1e-12);
        assertArrayEquals(new double[] {0, 1}, m.axis(1), 1e-12);
        assertArrayEquals(new double[] {-3, 0}, m.project(new float[] {-3, 0}), 1e-12);
        assertEquals(4, m.samples());
    }

    @Test
    void signsFollowTheLargestComponentSoMirroredDataGetsTheSameAxes() {
        Random rnd = new Random(5);
        int n = 200;
        int d = 6;
        float[] v = new float[n * d];
        float[] neg = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * (1 + i % d));
            neg[i] = -v[i];
        }
        Pca pca = Pca.builder().withComponents(3).build();
        PcaModel a = pca.fit(table(d, v));
        PcaModel b = pca.fit(table(d, neg));
        for (int c = 0; c < 3; c++) {
            double[] axis = a.axis(c);
            assertArrayEquals(axis, b.axis(c), 1e-9, "axis " + c);
            int big = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(axis[j]) > Math.abs(axis[big])) {
                    big = j;
                }
            }
            assertTrue(axis[big] > 0, "axis " + c + " has its largest component negative");
        }
        // the same table twice, and its rows in another order, give the same axes
        PcaModel again = pca.fit(table(d, v));
        int[] reversed = IntStream.range(0, n).map(i -> n - 1 - i).toArray();
        PcaModel shuffled = pca.fit(table(d, v), reversed);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(a.axis(c), again.axis(c), 0, "axis " + c);
            assertArrayEquals(a.axis(c), shuffled.axis(c), 1e-9, "axis " + c);
        }
        // mirrored data projects to mirrored coordinates
        float[] pa = a.project(table(d, v));
        float[] pb = b.project(table(d, neg));
        for (int i = 0; i < pa.length; i++) {
            assertEquals(-pa[i], pb[i], 1e-4);
        }
    }

    @Test
    void projectionsAreCentredUncorrelatedAndCarryTheReportedVariance() {
        Random rnd = new Random(9);
        int n = 500;
        int d = 10;
        float[] v = new float[n * d];
        for (int i = 0; i < n; i++) {
            double a = rnd.nextGaussian() * 3;
            double b = rnd.nextGaussian();
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) (a * Math.sin(j + 1) + b * Math.cos(2 * j) + 0.1 * rnd.nextGaussian() + j);
            }
        }
        PcaModel m = Pca.builder().withComponents(4).build().fit(table(d, v));
        double[] var = m.explainedVariance();
        double[] ratio = m.explainedVarianceRatio();
        float[] p = m.project(table(d, v));
        double sumRatio = 0;
        for (int c = 0; c < 4; c++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                mean += p[i * 4 + c];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                sq += (p[i * 4 + c] - mean) * (p[i * 4 + c] - mean);
            }
            assertEquals(0, mean, 1e-3, "mean of coordinate " + c);
            assertEquals(var[c], sq / (n - 1), 1e-3 * var[0], "variance along axis " + c);
            assertEquals(var[c] / m.totalVariance(), ratio[c], 1e-12);
            if (c > 0) {
                assertTrue(var[c] <= var[c - 1], "variances are not decreasing");
                double cov = 0;
                for (int i = 0; i < n; i++) {
                    cov += p[i * 4] * p[i * 4 + c];
                }
                assertEquals(0, cov / (n - 1), 1e-3 * var[0], "coordinates 0 and " + c + " are correlated");
            }
            for (int e = 0; e <= c; e++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += m.axis(c)[j] * m.axis(e)[j];
                }
                assertEquals(c == e ? 1 : 0, dot, 1e-9, "axes " + c + " and " + e);
            }
            sumRatio += ratio[c];
        }
        // two planted directions: the first two axes keep nearly all of the variance
        assertTrue(ratio[0] + ratio[1] > 0.98, "two planted factors, ratios " + ratio[0] + " + " + ratio[1]);
        assertTrue(sumRatio <= 1 + 1e-12);
    }

    @Test
    void plantedClustersStaySeparatedOnTheMap() {
        Random rnd = new Random(17);
        int d = 32;
        int k = 3;
        int per = 150;
        double[][] centres = new double[k][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = rnd.nextGaussian();
            }
        }
        float[] v = new float[k * per * d];
        for (int i = 0; i < k * per; i++) {
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) (centres[i % k][j] + 0.15 * rnd.nextGaussian());
            }
        }
        // 32-dimensional noise of σ 0.15 has a length of about 0.85, about the distance between centres
        float[] xy = Pca.builder().build().fit(table(d, v)).project(table(d, v));
        double[][] centroid = new double[k][2];
        for (int i = 0; i < k * per; i++) {
            centroid[i % k][0] += xy[2 * i] / per;
            centroid[i % k][1] += xy[2 * i + 1] / per;
        }
        for (int i = 0; i < k * per; i++) {
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                double dx = xy[2 * i] - centroid[c][0];
                double dy = xy[2 * i + 1] - centroid[c][1];
                if (dx * dx + dy * dy < bestDist) {
                    bestDist = dx * dx + dy * dy;
                    best = c;
                }
            }
            assertEquals(i % k, best, "point " + i + " lands nearer another cluster's centre");
        }
    }

    @Test
    void unitRowsIgnoreTheLengthsOfTheVectors() {
        Random rnd = new Random(3);
        int n = 60;
        int d = 5;
        float[] v = new float[n * d];
        float[] scaled = new float[n * d];
        for (int i = 0; i < n; i++) {
            float s = 0.5f + 4 * rnd.nextFloat();
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) rnd.nextGaussian() + (j == 0 ? 2 : 0);
                scaled[i * d + j] = s * v[i * d + j];
            }
        }
        Pca unit = Pca.builder().withUnitRows(true).build();
        float[] a = unit.fit(table(d, v)).project(table(d, v));
        float[] b = unit.fit(table(d, scaled)).project(table(d, scaled));
        assertArrayEquals(a, b, 1e-4f);
        // without the option the lengths matter
        float[] raw = Pca.builder().build().fit(table(d, scaled)).project(table(d, scaled));
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(raw[i] - a[i]));
        }
        assertTrue(diff > 0.5, "raw and unit-row projections agree");
        // a subset fit projects any row, in the order asked
        PcaModel sub = unit.fit(table(d, v), new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        float[] two = sub.project(table(d, v), new int[] {7, 3});
        assertArrayEquals(new float[] {sub.project(table(d, v))[14], sub.project(table(d, v))[15]},
                new float[] {two[0], two[1]}, 0);
        assertEquals(10, sub.samples());
    }

    @Test
    void badArgumentsAreNamed() {
        EmbeddingTable tab = table(3, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pca.builder()
                .withComponents(0).build());
        assertTrue(e.getMessage().startsWith("components: 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pca.builder().withComponents(4).build().fit(tab));
        assertTrue(e.getMessage().startsWith("components: 4") && e.getMessage().contains("3 columns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pca.builder().build().fit(tab, new int[] {1}));
        assertTrue(e.getMessage().startsWith("rows: 1 row,"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pca.builder().build().fit(tab, new int[] {0, 3}));
        assertTrue(e.getMessage().startsWith("rows[1]: 3"), e.getMessage());
        PcaModel m = Pca.builder().build().fit(tab);
        e = assertThrows(IllegalArgumentException.class, () -> m.project(new float[2]));
        assertTrue(e.getMessage().startsWith("vector: 2 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.project(table(2, new float[] {1, 2})));
        assertTrue(e.getMessage().startsWith("table: dim 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.project(tab, new int[] {-1}));
        assertTrue(e.getMessage().startsWith("rows[0]: -1"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> m.axis(2));
        // all rows equal: no variance, ratios 0, coordinates 0
        PcaModel flat = Pca.builder().build().fit(table(2, new float[] {1, 1, 1, 1, 1, 1}));
        assertArrayEquals(new double[] {0, 0}, flat.explainedVarianceRatio(), 0);
        assertArrayEquals(new double[] {0, 0}, flat.project(new float[] {1, 1}), 0);
    }
}
