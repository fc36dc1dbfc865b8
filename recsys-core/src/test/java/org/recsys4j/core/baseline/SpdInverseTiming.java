package org.recsys4j.core.baseline;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.block.linsol.chol.CholeskyOuterSolver_DDRB;
import org.ejml.dense.block.linsol.chol.CholeskyOuterSolver_MT_DDRB;
import org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRB;

import java.util.Random;

/**
 * Times {@link SpdInverse#invert} (and, with {@code ejml}, the former ejml path) on an EASE-like Gram
 * matrix XᵀX + λI. Not a test; run by hand:
 * <pre>
 * java -Xmx6g -cp recsys-core/target/classes:recsys-core/target/test-classes:$EJML \
 *     org.recsys4j.core.baseline.SpdInverseTiming n threads [new|ejml] [repeats]
 * </pre>
 */
public final class SpdInverseTiming {
    private SpdInverseTiming() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        String which = args.length > 2 ? args[2] : "new";
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        for (int rep = 0; rep < repeats; rep++) {
            double[] a = gram(n, 610, 0.017, 100, 42);
            long t0 = System.nanoTime();
            double[] x;
            if (which.equals("ejml")) {
                LinearSolverChol_DDRB solver = new LinearSolverChol_DDRB(threads > 1 ? new CholeskyOuterSolver_MT_DDRB()
                        : new CholeskyOuterSolver_DDRB());
                if (!solver.setA(DMatrixRMaj.wrap(n, n, a))) {
                    throw new IllegalStateException("not PD");
                }
                DMatrixRMaj inv = new DMatrixRMaj(n, n);
                solver.invert(inv);
                x = inv.data;
            } else {
                x = SpdInverse.invert(a, n, threads, "XᵀX + λI");
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double check = 0;
            for (int i = 0; i < n; i++) {
                check += x[i * n + i];
            }
            System.out.printf("%s n=%d threads=%d: %.2f s, %.2f GFLOP/s (n³ flops), trace %.12e%n", which, n, threads,
                    secs, (double) n * n * n / secs / 1e9, check);
        }
    }

    /** XᵀX + λI for a random binary users × n matrix of the given density. */
    static double[] gram(int n, int users, double density, double lambda, long seed) {
        Random rnd = new Random(seed);
        double[] g = new double[n * n];
        int[] items = new int[n];
        for (int u = 0; u < users; u++) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (rnd.nextDouble() < density) {
                    items[m++] = i;
                }
            }
            for (int p = 0; p < m; p++) {
                int row = items[p] * n;
                for (int q = 0; q < m; q++) {
                    g[row + items[q]] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i * n + i] += lambda;
        }
        return g;
    }
}
