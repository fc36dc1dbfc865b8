package org.recsys4j.embedding.mf;

import org.recsys4j.core.vector.Vectors;

/**
 * In-place Cholesky solve of a small dense symmetric positive definite system, row-major in a
 * {@code double[n*n]} of which only the upper triangle (including the diagonal) is read. The f×f
 * systems of ALS are far below the size where core's blocked {@code SpdInverse} pays off, and they
 * need a solve, not an inverse. The factorisation is right-looking, {@code A = UᵀU}: every update is
 * an {@link Vectors#axpy(double, double[], int, double[], int, int) axpy} over a contiguous row tail,
 * which the JIT vectorises. Package-private.
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
        for (int k = 0; k < n; k++) {
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
            // trailing update of the upper triangle: row i (i > k) loses U[k][i] · U[k][i..n)
            for (int i = k + 1; i < n; i++) {
                Vectors.axpy(-a[rk + i], a, rk + i, a, i * n + i, n - i);
            }
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
}
