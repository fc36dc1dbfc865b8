package org.recsys4j.core.baseline;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.block.linsol.chol.CholeskyOuterSolver_DDRB;
import org.ejml.dense.block.linsol.chol.CholeskyOuterSolver_MT_DDRB;
import org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRB;

/**
 * Inverts a symmetric positive-definite matrix with ejml's blocked (outer-form) Cholesky solver,
 * using its concurrent variant when more than one thread is allowed. Both variants give bit-identical
 * results (checked in the tests), so the model does not depend on the thread count. Package-private.
 */
final class SpdInverse {
    private SpdInverse() {
    }

    /**
     * Returns the inverse of the n × n row-major matrix {@code data}, in row-major order. The caller
     * must not keep {@code data}: it is released once factorised, so that at most two n × n arrays are
     * alive at a time. With {@code threads > 1} ejml's concurrent solver runs on ejml's own thread pool
     * (see {@code EjmlConcurrency}).
     *
     * @param what names the matrix in the error message
     * @throws IllegalStateException if the matrix is not positive definite
     */
    static double[] invert(double[] data, int n, int threads, String what) {
        if (n == 0) {
            return new double[0];
        }
        LinearSolverChol_DDRB solver = factor(data, n, threads, what);
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        solver.invert(inv);
        return inv.data;
    }

    private static LinearSolverChol_DDRB factor(double[] data, int n, int threads, String what) {
        LinearSolverChol_DDRB solver = new LinearSolverChol_DDRB(threads > 1 ? new CholeskyOuterSolver_MT_DDRB()
                : new CholeskyOuterSolver_DDRB());
        // the solver copies the matrix into its own block layout; the row-major input is garbage after this
        if (!solver.setA(DMatrixRMaj.wrap(n, n, data))) {
            throw new IllegalStateException(what + " (" + n + "x" + n + ") is not positive definite");
        }
        return solver;
    }
}
