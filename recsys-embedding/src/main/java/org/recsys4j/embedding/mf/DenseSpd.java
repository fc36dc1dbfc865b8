package org.recsys4j.embedding.mf;

import org.recsys4j.core.vector.Vectors;

/**
 * In-place Cholesky solve of a small dense symmetric positive definite system, row-major in a
 * {@code double[n*n]} of which only the upper triangle (including the diagonal) is read. The f×f
 * systems of ALS are far below the size where core's blocked {@code SpdInverse} pays off, and they
 * need a solve, not an inverse. The factorisation is right-looking, {@code A = UᵀU}, in panels of four
 * rows: the trailing rows are updated once per panel with the fused
 * {@link Vectors#axpy4(double, int, double, int, double, int, double, int, double[], double[], int, int) axpy4}
 * over contiguous row tails, which the JIT vectorises. Package-private.
 */
final class DenseSpd {
    private DenseSpd() {
    }

    /**
     * Overwrites the upper triangle of {@code a} with its Cholesky factor U ({@code A = UᵀU}) and {@code b}
     * with the solution of {@code A x = b}.
     *
     * @throws IllegalStateException if A is not (numerically) positive definite
     */
    static void solve(double[] a, int n, double[] b) {
        int k0 = 0;
        for (; k0 + 4 <= n; k0 += 4) {
            factorPanel(a, n, k0, 4);
            // trailing update of rows i ≥ k0+4: U[k][i] · U[k][i..n) for the panel's four rows k, fused
            int r0 = k0 * n;
            int r1 = r0 + n;
            int r2 = r1 + n;
            int r3 = r2 + n;
            for (int i = k0 + 4; i < n; i++) {
                Vectors.axpy4(-a[r0 + i], r0 + i, -a[r1 + i], r1 + i, -a[r2 + i], r2 + i, -a[r3 + i], r3 + i, a, a,
                        i * n + i, n - i);
            }
        }
        if (k0 < n) {
            factorPanel(a, n, k0, n - k0);
        }
        // forward: Uᵀ z = b, by rows of U: once z_k is known, remove its share from b(k .. n)
        for (int k = 0; k < n; k++) {
            int rk = k * n;
            b[k] /= a[rk + k];
            Vectors.axpy(-b[k], a, rk + k + 1, b, k + 1, n - k - 1);
        }
        // backward: U x = z
        for (int i = n - 1; i >= 0; i--) {
            int ri = i * n;
            b[i] = (b[i] - Vectors.dot(a, ri + i + 1, b, i + 1, n - i - 1)) / a[ri + i];
        }
    }

    /**
     * Factors the {@code kb} rows {@code k0 .. k0+kb} of U (all their columns from the diagonal on), updating
     * only the rows of the panel itself; the caller updates the trailing rows.
     */
    private static void factorPanel(double[] a, int n, int k0, int kb) {
        for (int k = k0; k < k0 + kb; k++) {
            int rk = k * n;
            double d = a[rk + k];
            if (!(d > 0)) {
                throw new IllegalStateException("ALS system is not positive definite at pivot " + k + " (" + d
                        + "); increase the regularization");
            }
            double s = Math.sqrt(d);
            a[rk + k] = s;
            double inv = 1.0 / s;
            for (int j = k + 1; j < n; j++) {
                a[rk + j] *= inv;
            }
            for (int i = k + 1; i < k0 + kb; i++) {
                Vectors.axpy(-a[rk + i], a, rk + i, a, i * n + i, n - i);
            }
        }
    }
}
