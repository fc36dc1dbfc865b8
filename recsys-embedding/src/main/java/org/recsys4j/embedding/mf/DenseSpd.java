package org.recsys4j.embedding.mf;

import org.recsys4j.core.vector.Vectors;

/**
 * In-place Cholesky solve of a small dense symmetric positive definite system, row-major in a
 * {@code double[n*n]} of which only the lower triangle (including the diagonal) is read. The f×f
 * systems of ALS are far below the size where core's blocked {@code SpdInverse} pays off, and they
 * need a solve, not an inverse. Package-private.
 */
final class DenseSpd {
    private DenseSpd() {
    }

    /**
     * Overwrites the lower triangle of {@code a} with its Cholesky factor L and {@code b} with the
     * solution of {@code A x = b}.
     *
     * @throws IllegalStateException if A is not (numerically) positive definite
     */
    static void solve(double[] a, int n, double[] b) {
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            for (int j = 0; j < i; j++) {
                int rj = j * n;
                a[ri + j] = (a[ri + j] - Vectors.dot(a, ri, a, rj, j)) / a[rj + j];
            }
            double d = a[ri + i] - Vectors.dot(a, ri, a, ri, i);
            if (!(d > 0)) {
                throw new IllegalStateException("ALS system is not positive definite at pivot " + i + " (" + d
                        + "); increase the regularization");
            }
            a[ri + i] = Math.sqrt(d);
        }
        // forward: L y = b
        for (int i = 0; i < n; i++) {
            b[i] = (b[i] - Vectors.dot(a, i * n, b, 0, i)) / a[i * n + i];
        }
        // backward: Lᵀ x = y, by rows of L: once x_i is known, remove its share from b[0 .. i)
        for (int i = n - 1; i >= 0; i--) {
            b[i] /= a[i * n + i];
            Vectors.axpy(-b[i], a, i * n, b, 0, i);
        }
    }
}
