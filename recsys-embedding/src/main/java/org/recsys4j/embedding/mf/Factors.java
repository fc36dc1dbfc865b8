package org.recsys4j.embedding.mf;

import org.recsys4j.core.vector.Vectors;

import java.util.SplittableRandom;

/** Helpers shared by the ALS trainers: random init and the Gram matrix of a factor table. Package-private. */
final class Factors {
    private Factors() {
    }

    /** Returns {@code rows × dim} values drawn from normal(0, std) in row order from {@code rnd}. */
    static float[] normal(int rows, int dim, double std, SplittableRandom rnd) {
        float[] m = new float[rows * dim];
        for (int k = 0; k < m.length; k++) {
            m[k] = (float) (rnd.nextGaussian() * std);
        }
        return m;
    }

    /** Copies {@code f} floats from {@code src[so..]} into {@code dst[0..f)} as doubles. */
    static void toDouble(float[] src, int so, double[] dst, int f) {
        for (int a = 0; a < f; a++) {
            dst[a] = src[so + a];
        }
    }

    /**
     * Adds {@code w · y yᵀ} to the lower triangle (diagonal included) of the row-major {@code f × f}
     * matrix {@code a}.
     */
    static void addOuterLower(double w, double[] y, double[] a, int f) {
        for (int r = 0; r < f; r++) {
            Vectors.axpy(w * y[r], y, 0, a, r * f, r + 1);
        }
    }

    /** Copies the lower triangle of the row-major {@code f × f} matrix onto the upper one. */
    static void mirrorLower(double[] a, int f) {
        for (int r = 0; r < f; r++) {
            for (int c = r + 1; c < f; c++) {
                a[r * f + c] = a[c * f + r];
            }
        }
    }

    /** Returns the full (symmetric) {@code dim × dim} Gram matrix {@code Yᵀ Y} of a row-major factor table, in double. */
    static double[] gram(float[] y, int rows, int dim) {
        double[] g = new double[dim * dim];
        double[] yd = new double[dim];
        for (int j = 0; j < rows; j++) {
            toDouble(y, j * dim, yd, dim);
            addOuterLower(1.0, yd, g, dim);
        }
        mirrorLower(g, dim);
        return g;
    }

    /** Returns {@code Σ x²} over the whole array, in double. */
    static double squaredNorm(float[] x) {
        double s = 0;
        for (int k = 0; k < x.length; k += 4096) {
            int n = Math.min(4096, x.length - k);
            s += Vectors.dot(x, k, x, k, n);
        }
        return s;
    }

    /**
     * Writes {@code scores[b][j] = dot(rowFactors[rows[b]], colFactors[j])} for every column, blocked over
     * columns so a block of column factors stays in cache while every row of the batch reads it.
     */
    static void scoreBlock(int[] rows, float[] rowFactors, float[] colFactors, int cols, int f, double[][] scores) {
        final int block = 128;
        for (int j0 = 0; j0 < cols; j0 += block) {
            int j1 = Math.min(cols, j0 + block);
            for (int b = 0; b < rows.length; b++) {
                int uo = rows[b] * f;
                double[] out = scores[b];
                for (int j = j0; j < j1; j++) {
                    out[j] = Vectors.dot(colFactors, j * f, rowFactors, uo, f);
                }
            }
        }
    }
}
