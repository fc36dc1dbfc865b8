package org.recsys4j.core.baseline;

import org.ejml.EjmlParameters;
import org.ejml.data.DGrowArray;
import org.ejml.data.DMatrixRBlock;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.block.MatrixOps_DDRB;
import org.ejml.dense.block.linsol.chol.CholeskyOuterSolver_DDRB;
import org.ejml.dense.block.linsol.chol.CholeskyOuterSolver_MT_DDRB;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Inverts a symmetric positive-definite matrix with ejml's blocked (outer-form) Cholesky solver,
 * concurrent when more than one thread is allowed. Package-private.
 */
final class SpdInverse {
    private SpdInverse() {
    }

    /**
     * Returns the inverse of the n × n row-major matrix {@code data}, in row-major order. The input
     * array is consumed (its storage is reused). With {@code threads > 1} ejml's concurrent variant is
     * used; it runs on ejml's own thread pool (see {@code EjmlConcurrency}).
     *
     * @param what names the matrix in the error message
     * @throws IllegalStateException if the matrix is not positive definite
     */
    static double[] invert(double[] data, int n, int threads, String what) {
        if (n == 0) {
            return new double[0];
        }
        DMatrixRMaj a = DMatrixRMaj.wrap(n, n, data);
        DGrowArray work = new DGrowArray();
        int block = EjmlParameters.BLOCK_WIDTH_CHOL;
        DMatrixRBlock ab = MatrixOps_DDRB.convertInplace(a, new DMatrixRBlock(0, 0, block), work);
        DMatrixRBlock inv = factorAndInvert(ab, threads, what); // the factor is garbage after this
        DMatrixRMaj out = MatrixOps_DDRB.convertInplace(inv, new DMatrixRMaj(0, 0), work);
        return out.data;
    }

    private static DMatrixRBlock factorAndInvert(DMatrixRBlock ab, int threads, String what) {
        int n = ab.numRows;
        LinearSolverDense<DMatrixRBlock> solver = threads > 1 ? new CholeskyOuterSolver_MT_DDRB()
                : new CholeskyOuterSolver_DDRB();
        if (!solver.setA(ab)) {
            throw new IllegalStateException(what + " (" + n + "x" + n + ") is not positive definite");
        }
        DMatrixRBlock inv = new DMatrixRBlock(n, n, ab.blockLength);
        solver.invert(inv);
        return inv;
    }
}
