package org.recsys4j.core.vector;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.vector.internal.PanamaKernels;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Vector API kernels against the scalar ones. Runs for real in the surefire execution
 * {@code simd-kernels} (JVM started with the incubator module); in the default execution, without the
 * module, it checks that Vectors fell back to the scalar kernels.
 */
class SimdKernelsTest {
    private static boolean moduleLoaded() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    @Test
    void withoutTheModuleTheScalarKernelsAreUsed() {
        assumeTrue(!moduleLoaded(), "the JVM has jdk.incubator.vector");
        assertEquals("scalar", Vectors.simdKernels());
        // this JDK has the module, so the scalar path is reported, with the flag that turns on the SIMD one
        assertTrue(Vectors.slowPathNotice().orElseThrow().contains("--add-modules jdk.incubator.vector"));
    }

    @Test
    void noSlowPathNoticeWhenTheSimdKernelsRun() {
        assumeTrue(moduleLoaded(), "run with --add-modules jdk.incubator.vector (surefire execution simd-kernels)");
        assertTrue(Vectors.slowPathNotice().isEmpty());
    }

    @Test
    void vectorKernelsAgreeWithTheScalarOnesAtEveryLengthAndOffset() {
        assumeTrue(moduleLoaded(), "run with --add-modules jdk.incubator.vector (surefire execution simd-kernels)");
        assertTrue(Vectors.simdKernels().startsWith("vector-api:"), Vectors.simdKernels());
        PanamaKernels simd = new PanamaKernels();
        SplittableRandom r = new SplittableRandom(7);
        float[] a = new float[600];
        float[] b = new float[600];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
            b[i] = (float) r.nextDouble(-1, 1);
        }
        for (int n : new int[] {0, 1, 3, 15, 16, 17, 31, 32, 33, 64, 100, 128, 257}) {
            for (int[] off : new int[][] {{0, 0}, {1, 5}, {37, 200}}) {
                double dot = 0;
                double dist = 0;
                for (int i = 0; i < n; i++) {
                    dot += (double) a[off[0] + i] * b[off[1] + i];
                    double d = (double) a[off[0] + i] - b[off[1] + i];
                    dist += d * d;
                }
                double tol = 1e-5 * Math.max(1, n);
                assertEquals(dot, simd.dot(a, off[0], b, off[1], n), tol, "dot n=" + n);
                assertEquals(dist, simd.squaredDistance(a, off[0], b, off[1], n), tol, "dist n=" + n);
                assertEquals(dot, Vectors.dot(a, off[0], b, off[1], n), tol, "Vectors.dot n=" + n);
                assertEquals(dist, Vectors.squaredDistance(a, off[0], b, off[1], n), tol, "Vectors.dist n=" + n);
            }
        }
        float[] same = {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
            29, 30, 31, 32, 33, 34, 35};
        assertEquals(0f, simd.squaredDistance(same, 0, same, 0, same.length), "a vector is at distance 0 from itself");
    }

    private static float[][] random(SplittableRandom r, int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int i = 0; i < cols; i++) {
                row[i] = (float) r.nextDouble(-1, 1);
            }
        }
        return m;
    }

    /**
     * The block products of the sequence models' output layer, in either execution (SIMD or scalar), against sums
     * in double: every block shape (rows not a multiple of four, columns with and without a tail, one source row)
     * and offset, added to what the output held.
     */
    @Test
    void blockProductsAgreeWithDoubleSumsForEveryShape() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : new int[] {1, 7, 16, 17, 33, 64, 255, 1682}) {
            for (int rows : new int[] {1, 3, 4, 5, 9}) {
                for (int inner : new int[] {1, 4, 6, 64}) {
                    float[][] coef = random(r, rows + 2, inner);
                    float[][] src = random(r, inner, n);
                    float[][] out = random(r, rows + 1, n);
                    float[][] before = new float[rows + 1][];
                    for (int o = 0; o <= rows; o++) {
                        before[o] = out[o].clone();
                    }
                    Vectors.addProducts(coef, 2, rows, inner, src, out, 1, n);
                    assertArrayEqualsExactly(before[0], out[0]);
                    for (int o = 0; o < rows; o++) {
                        for (int j = 0; j < n; j++) {
                            double want = before[1 + o][j];
                            for (int s = 0; s < inner; s++) {
                                want += (double) coef[2 + o][s] * src[s][j];
                            }
                            assertEquals(want, out[1 + o][j], 1e-5 * (inner + 1),
                                    "addProducts n=" + n + " rows=" + rows + " inner=" + inner + " at " + o + "," + j);
                        }
                    }
                    // A (rows × n) · Bᵀ (inner × n): out[1 + r][k]
                    float[][] a = random(r, rows + 1, n);
                    float[][] dots = random(r, rows + 1, inner);
                    float[][] dotsBefore = new float[rows + 1][];
                    for (int o = 0; o <= rows; o++) {
                        dotsBefore[o] = dots[o].clone();
                    }
                    Vectors.addDots(a, 1, rows, src, inner, dots, 1, n);
                    assertArrayEqualsExactly(dotsBefore[0], dots[0]);
                    for (int o = 0; o < rows; o++) {
                        for (int k = 0; k < inner; k++) {
                            double want = dotsBefore[1 + o][k];
                            for (int j = 0; j < n; j++) {
                                want += (double) a[1 + o][j] * src[k][j];
                            }
                            assertEquals(want, dots[1 + o][k], 1e-5 * (n + 1),
                                    "addDots n=" + n + " rows=" + rows + " inner=" + inner + " at " + o + "," + k);
                        }
                    }
                }
            }
        }
    }

    private static void assertArrayEqualsExactly(float[] want, float[] got) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, "a row outside the block was written");
    }

    /** The offset axpy has the same bits in either execution: a multiply then an add per lane, as the plain loop. */
    @Test
    void offsetAxpyHasTheBitsOfThePlainLoop() {
        SplittableRandom r = new SplittableRandom(5);
        float[] x = random(r, 1, 300)[0];
        for (int n : new int[] {0, 1, 15, 16, 17, 64, 100, 257}) {
            for (int[] off : new int[][] {{0, 0}, {3, 11}, {40, 1}}) {
                float[] y = random(r, 1, 300)[0];
                float[] want = y.clone();
                float alpha = (float) r.nextDouble(-2, 2);
                for (int i = 0; i < n; i++) {
                    want[off[1] + i] += alpha * x[off[0] + i];
                }
                Vectors.axpy(alpha, x, off[0], y, off[1], n);
                org.junit.jupiter.api.Assertions.assertArrayEquals(want, y, "n=" + n);
            }
        }
    }

    /** The softmax numerators against double arithmetic, in either execution, logits far above exp's range too. */
    @Test
    void softmaxExpMatchesDoubleArithmetic() {
        SplittableRandom r = new SplittableRandom(9);
        for (int n : new int[] {1, 5, 16, 17, 100, 1682}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) r.nextDouble(-30, 30) + 500f;   // exp(530) overflows: the shift must come first
            }
            float[] orig = x.clone();
            double max = Double.NEGATIVE_INFINITY;
            for (float v : orig) {
                max = Math.max(max, v);
            }
            double want = 0;
            for (float v : orig) {
                want += Math.exp(v - max);
            }
            double sum = Vectors.softmaxExp(x, n);
            assertEquals(want, sum, 1e-5 * want, "sum n=" + n);
            for (int i = 0; i < n; i++) {
                assertEquals(Math.exp(orig[i] - max), x[i], 1e-6 * Math.max(1e-30, Math.exp(orig[i] - max)) + 1e-37,
                        "n=" + n + " at " + i);
            }
        }
    }
}
