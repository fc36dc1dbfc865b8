package org.recsys4j.rank.nn;

import org.recsys4j.core.vector.Vectors;

/**
 * Dense matrix kernels over row arrays ({@code float[][]}, one array per row), written as sums of
 * offset-free {@link Vectors#axpy4} / {@link Vectors#axpy} calls so that C2 vectorises them on JDK 17.
 * Every product of the sequence models' layers is one of these. Stateless.
 */
public final class Mat {
    /**
     * Whether {@link Vectors} runs the Vector API kernels ({@link Vectors#simdKernels()} is not {@code "scalar"}):
     * the layers that take another path with them (GRU products, the output layer's state gradient) read it here.
     */
    public static final boolean SIMD_KERNELS = !"scalar".equals(Vectors.simdKernels());

    private Mat() {
    }

    /**
     * {@code y[0..n) += Σ_k x[k] · b[k][0..n)} for {@code k < kDim}: a row vector times a matrix (a dense
     * layer's forward pass with the weights stored input-major).
     */
    public static void addRowTimes(float[] x, int kDim, float[][] b, float[] y, int n) {
        int k = 0;
        for (; k + 3 < kDim; k += 4) {
            Vectors.axpy4(x[k], b[k], x[k + 1], b[k + 1], x[k + 2], b[k + 2], x[k + 3], b[k + 3], y, n);
        }
        for (; k < kDim; k++) {
            Vectors.axpy(x[k], b[k], y, n);
        }
    }

    /**
     * {@code g[k][0..n) += Σ_i a[i][k] · dy[i][0..n)} for {@code i in [from, to)} and every {@code k < kDim}:
     * the weight gradient {@code Aᵀ·dY} of a dense layer, four rows of {@code a} at a time.
     */
    public static void addTransposeTimes(float[][] a, float[][] dy, int from, int to, int kDim, float[][] g, int n) {
        int i = from;
        for (; i + 3 < to; i += 4) {
            float[] a0 = a[i];
            float[] a1 = a[i + 1];
            float[] a2 = a[i + 2];
            float[] a3 = a[i + 3];
            float[] d0 = dy[i];
            float[] d1 = dy[i + 1];
            float[] d2 = dy[i + 2];
            float[] d3 = dy[i + 3];
            for (int k = 0; k < kDim; k++) {
                Vectors.axpy4(a0[k], d0, a1[k], d1, a2[k], d2, a3[k], d3, g[k], n);
            }
        }
        for (; i < to; i++) {
            float[] ai = a[i];
            for (int k = 0; k < kDim; k++) {
                Vectors.axpy(ai[k], dy[i], g[k], n);
            }
        }
    }

    /** Writes {@code t[c][r] = m[r][c]} for {@code r < rows}, {@code c < cols}. */
    public static void transpose(float[][] m, int rows, int cols, float[][] t) {
        for (int r = 0; r < rows; r++) {
            float[] mr = m[r];
            for (int c = 0; c < cols; c++) {
                t[c][r] = mr[c];
            }
        }
    }

    /** Returns a new {@code rows × cols} matrix. */
    public static float[][] matrix(int rows, int cols) {
        return new float[rows][cols];
    }
}
