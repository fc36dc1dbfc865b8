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
}
