package org.recsys4j.core.vector;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VectorsTest {
    @Test
    void knownAnswersOnSlices() {
        float[] m = {1, 2, 3, 4, 5, 6, 7};
        assertEquals(1 * 4 + 2 * 5 + 3 * 6, Vectors.dot(m, 0, m, 3, 3));
        assertEquals(27, Vectors.squaredDistance(m, 0, m, 3, 3));
        Vectors.axpy(0.5f, m, 0, m, 3, 3);
        assertArrayEquals(new float[] {1, 2, 3, 4.5f, 6, 7.5f, 7}, m);
        float[] v = {3, 4};
        assertEquals(5f, Vectors.normalize(v, 0, 2));
        assertArrayEquals(new float[] {0.6f, 0.8f}, v, 1e-7f);
        float[] zero = {0, 0};
        assertEquals(0f, Vectors.normalize(zero, 0, 2));
        assertEquals(0f, Vectors.cosine(zero, 0, v, 0, 2));
        assertEquals(-1f, Vectors.cosine(new float[] {1, 1}, 0, new float[] {-2, -2}, 0, 2), 1e-6f);
    }

    @Test
    void unrolledLoopsMatchNaiveSumsForEveryLength() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n = 0; n <= 37; n++) {
            float[] a = new float[n + 3];
            float[] b = new float[n + 5];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextDouble(-1, 1);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) r.nextDouble(-1, 1);
            }
            double dot = 0;
            double dist = 0;
            for (int i = 0; i < n; i++) {
                dot += (double) a[3 + i] * b[5 + i];
                dist += (a[3 + i] - b[5 + i]) * (double) (a[3 + i] - b[5 + i]);
            }
            assertEquals(dot, Vectors.dot(a, 3, b, 5, n), 1e-5, "n=" + n);
            assertEquals(dist, Vectors.squaredDistance(a, 3, b, 5, n), 1e-5, "n=" + n);
        }
    }

    @Test
    void offsetFreeFormsMatchTheSliceForms() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n = 0; n <= 70; n++) {
            float[] a = new float[n + 2];
            float[] b = new float[n + 2];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextDouble(-1, 1);
                b[i] = (float) r.nextDouble(-1, 1);
            }
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += (double) a[i] * b[i];
            }
            assertEquals(dot, Vectors.dotPrefix(a, b, n), 1e-5, "n=" + n);
            float[] y1 = b.clone();
            float[] y2 = b.clone();
            Vectors.axpy(0.25f, a, y1, n);
            Vectors.axpy(0.25f, a, 0, y2, 0, n);
            assertArrayEquals(y2, y1, "n=" + n); // the tail beyond n untouched, the rest identical
            float[] in = b.clone();
            float[] out1 = a.clone();
            float[] out2 = a.clone();
            float[] g1 = new float[n + 2];
            float[] g2 = new float[n + 2];
            Vectors.axpyPair(-0.3f, in, out1, g1, n);
            Vectors.axpy(-0.3f, out2, g2, n);
            Vectors.axpy(-0.3f, in, out2, n);
            assertArrayEquals(g2, g1, "n=" + n);
            assertArrayEquals(out2, out1, "n=" + n);
        }
    }

    @Test
    void dotRowsAndNormalizeRows() {
        float[] m = {1, 0, 0, 2, 3, 4};
        float[] out = new float[3];
        Vectors.dotRows(m, 2, new float[] {9, 1, 1}, 1, out);
        assertArrayEquals(new float[] {1, 2, 7}, out);
        Vectors.normalizeRows(m, 2);
        assertArrayEquals(new float[] {1, 0, 0, 1, 0.6f, 0.8f}, m, 1e-7f);
        assertThrows(IllegalArgumentException.class, () -> Vectors.normalizeRows(new float[5], 2));
        assertThrows(IllegalArgumentException.class, () -> Vectors.dot(new float[2], new float[3]));
    }

    @Test
    void doubleKernelsMatchNaiveLoops() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int n : new int[]{0, 1, 3, 4, 7, 64, 65}) {
            double[] x = new double[n + 80];
            double[] y = new double[n + 80];
            for (int k = 0; k < x.length; k++) {
                x[k] = rnd.nextDouble() - 0.5;
                y[k] = rnd.nextDouble() - 0.5;
            }
            double naive = 0;
            for (int i = 0; i < n; i++) {
                naive += x[2 + i] * y[5 + i];
            }
            assertEquals(naive, Vectors.dot(x, 2, y, 5, n), 1e-12);
            double[] want = y.clone();
            for (int i = 0; i < n; i++) {
                want[3 + i] += 0.5 * x[1 + i];
            }
            double[] got = y.clone();
            Vectors.axpy(0.5, x, 1, got, 3, n);
            assertArrayEquals(want, got, 0.0);
            double[] want4 = y.clone();
            for (int i = 0; i < n; i++) {
                want4[i] += 0.5 * x[i] + -1.5 * x[10 + i] + 2 * x[20 + i] + 0.25 * x[30 + i];
            }
            double[] got4 = y.clone();
            Vectors.axpy4(0.5, 0, -1.5, 10, 2, 20, 0.25, 30, x, got4, 0, n);
            assertArrayEquals(want4, got4, 1e-15);
        }
    }

    @Test
    void floatAxpy4IsFourAxpysSummedInOrder() {
        float[] x0 = {1, 2, 3, 4, 5};
        float[] x1 = {-1, 0, 1, 0, -1};
        float[] x2 = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
        float[] x3 = {2, 0, 0, 0, 8};
        float[] y = {10, 20, 30, 40, 50};
        Vectors.axpy4(1, x0, 2, x1, -2, x2, 0.25f, x3, y, 4); // the 5th element is beyond n
        // y[0] = 10 + 1 - 2 - 1 + 0.5; y[1] = 20 + 2 + 0 - 1; y[2] = 30 + 3 + 2 - 1; y[3] = 40 + 4 - 1
        assertArrayEquals(new float[] {8.5f, 21, 34, 43, 50}, y, 0f);
    }

    @Test
    void axpy4AddsFourScaledRowsInOnePass() {
        float[] y = {1, 2, 3, 4, 5};
        float[] x0 = {1, 0, 0, 0, 1};
        float[] x1 = {0, 1, 0, 0, 1};
        float[] x2 = {0, 0, 1, 0, 1};
        float[] x3 = {0, 0, 0, 1, 1};
        Vectors.axpy4(2, x0, 3, x1, 4, x2, 5, x3, y, 4);
        assertArrayEquals(new float[] {3, 5, 7, 9, 5}, y, "y[4] untouched (n = 4)");
        SplittableRandom r = new SplittableRandom(3);
        float[][] x = new float[4][37];
        float[] a = new float[37];
        float[] b = new float[37];
        for (float[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) r.nextDouble(-1, 1);
            }
        }
        Vectors.axpy4(0.5f, x[0], -1.5f, x[1], 2f, x[2], 0.25f, x[3], a, 37);
        for (int k = 0; k < 4; k++) {
            Vectors.axpy(new float[] {0.5f, -1.5f, 2f, 0.25f}[k], x[k], b, 37);
        }
        assertArrayEquals(b, a, 1e-5f, "four axpys");
    }
}
