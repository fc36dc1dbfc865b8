package org.recsys4j.rank.cf;

import org.recsys4j.core.vector.Vectors;

/** Solves small symmetric positive-definite systems in place (the f×f systems of fold-in). */
final class Cholesky {
    private Cholesky() {
    }

    /**
     * Overwrites {@code b} with the solution of {@code A x = b}; {@code a} (row-major {@code n × n},
     * symmetric) is overwritten with its Cholesky factor.
     *
     * @throws IllegalStateException if {@code A} is not positive definite
     */
    static void solve(double[] a, int n, double[] b) {
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j] - Vectors.dot(a, j * n, a, j * n, j);
            if (!(d > 0)) {
                throw new IllegalStateException("fold-in system is not positive definite (pivot " + j + " = " + d + ")");
            }
            double l = Math.sqrt(d);
            a[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                a[i * n + j] = (a[i * n + j] - Vectors.dot(a, i * n, a, j * n, j)) / l;
            }
        }
        // forward: L y = b (L stored in the lower triangle, row-major)
        for (int i = 0; i < n; i++) {
            b[i] = (b[i] - Vectors.dot(a, i * n, b, 0, i)) / a[i * n + i];
        }
        // backward: Lᵀ x = y
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= a[k * n + i] * b[k];
            }
            b[i] = s / a[i * n + i];
        }
    }
}
