package org.recsys4j.core.baseline;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRB;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpdInverseTest {
    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 63, 64, 65, 127, 128, 129, 130, 257, 300, 500};

    /** B·Bᵀ + shift·I with B n × m Gaussian (m &lt; n and a small shift make it ill-conditioned). */
    static double[] spd(int n, int m, double shift, long seed) {
        Random rnd = new Random(seed);
        double[] b = new double[n * m];
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextGaussian();
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < m; k++) {
                    s += b[i * m + k] * b[j * m + k];
                }
                a[i * n + j] = s;
                a[j * n + i] = s;
            }
            a[i * n + i] += shift;
        }
        return a;
    }

    /** Binary users × n interactions, Gram XᵀX + λI (the EASE matrix). */
    static double[] gram(int users, int n, double density, double lambda, long seed) {
        Random rnd = new Random(seed);
        double[] a = new double[n * n];
        boolean[] row = new boolean[n];
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < n; i++) {
                row[i] = rnd.nextDouble() < density;
            }
            for (int i = 0; i < n; i++) {
                if (row[i]) {
                    for (int j = 0; j < n; j++) {
                        if (row[j]) {
                            a[i * n + j] += 1;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            a[i * n + i] += lambda;
        }
        return a;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** max |A·X − I| / (‖A‖max · ‖X‖max · n): a scaled residual. */
    static double residual(double[] a, double[] x, int n) {
        double worst = 0;
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(row, 0);
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    row[j] += aik * x[k * n + j];
                }
            }
            for (int j = 0; j < n; j++) {
                worst = Math.max(worst, Math.abs(row[j] - (i == j ? 1 : 0)));
            }
        }
        return worst / (maxAbs(a) * maxAbs(x) * n);
    }

    static double[] ejml(double[] a, int n) {
        LinearSolverChol_DDRB solver = new LinearSolverChol_DDRB();
        assertTrue(solver.setA(DMatrixRMaj.wrap(n, n, a.clone())));
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        solver.invert(inv);
        return inv.data;
    }

    private static void check(double[] a, int n, String what) {
        double[] x = SpdInverse.invert(a.clone(), n, 2, "test");
        assertEquals(n * n, x.length, what);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(x[i * n + j], x[j * n + i], 0.0, what + " symmetric at " + i + "," + j);
            }
        }
        double res = residual(a, x, n);
        assertTrue(res < 1e-13, what + " residual " + res);
        double[] ref = ejml(a, n);
        double scale = maxAbs(ref);
        for (int i = 0; i < n * n; i++) {
            assertEquals(ref[i], x[i], 1e-10 * scale, what + " vs ejml at " + i);
        }
    }

    @Test
    void invertsWellConditionedMatrices() {
        for (int n : SIZES) {
            check(spd(n, n, n, n), n, "B·Bᵀ + nI, n " + n);
        }
    }

    @Test
    void invertsIllConditionedMatrices() {
        for (int n : SIZES) {
            // rank max(1, n/2) Gram plus a small ridge: condition number around 1e6..1e8
            check(spd(n, Math.max(1, n / 2), 1e-3 * n, 31 + n), n, "low-rank + ridge, n " + n);
        }
    }

    @Test
    void invertsEaseGramMatrices() {
        for (int n : new int[] {40, 130, 300}) {
            check(gram(2 * n, n, 0.05, 10, n), n, "XᵀX + 10I, n " + n);
        }
    }

    @Test
    void isBitIdenticalForAnyThreadCount() {
        for (int n : new int[] {5, 130, 500, 777}) {
            double[] a = spd(n, n / 2 + 1, 0.1, 7 * n);
            double[] one = SpdInverse.invert(a.clone(), n, 1, "t");
            for (int threads : new int[] {2, 3, 5}) {
                assertArrayEquals(one, SpdInverse.invert(a.clone(), n, threads, "t"), "n " + n + " threads " + threads);
            }
        }
    }

    @Test
    void emptyMatrix() {
        assertEquals(0, SpdInverse.invert(new double[0], 0, 2, "empty").length);
    }

    @Test
    void rejectsMatricesThatAreNotPositiveDefinite() {
        // a negative diagonal entry, in the first block and beyond it
        for (int n : new int[] {1, 3, 200}) {
            for (int bad : new int[] {0, n / 2, n - 1}) {
                double[] a = spd(n, n, n, 5);
                a[bad * n + bad] = -1;
                int size = n;
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> SpdInverse.invert(a, size, 2, "XᵀX + λI"));
                assertTrue(e.getMessage().contains("XᵀX + λI"), e.getMessage());
                assertTrue(e.getMessage().contains(n + "x" + n), e.getMessage());
                assertTrue(e.getMessage().contains("pivot " + bad), e.getMessage());
            }
        }
        // a rank-deficient Gram without ridge: 300 items, 20 users
        double[] g = gram(20, 300, 0.2, 0, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SpdInverse.invert(g, 300, 2, "XᵀX"));
        assertTrue(e.getMessage().contains("XᵀX (300x300) is not positive definite"), e.getMessage());
        // NaN
        double[] nan = spd(70, 70, 70, 9);
        nan[65 * 70 + 65] = Double.NaN;
        assertThrows(IllegalStateException.class, () -> SpdInverse.invert(nan, 70, 1, "nan"));
    }

    @Test
    void rejectsWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> SpdInverse.invert(new double[5], 2, 1, "x"));
    }
}
