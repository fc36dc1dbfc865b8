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
        toDouble(src, so, dst, 0, f);
    }

    /** Copies {@code f} floats from {@code src[so..]} into {@code dst[dO..dO+f)} as doubles. */
    static void toDouble(float[] src, int so, double[] dst, int dO, int f) {
        for (int a = 0; a < f; a++) {
            dst[dO + a] = src[so + a];
        }
    }

    /** Rows of a gathered block: the fused update reads {@code BLOCK × f} doubles while a row of A stays in cache. */
    static final int BLOCK = 32;

    /**
     * Adds {@code Σ_p w[p] · z_p z_pᵀ} over the {@code count} rows {@code z_p = zs[p*d .. (p+1)*d)} to the upper
     * triangle of the row-major {@code d × d} matrix {@code a}: a weighted SYRK, four rows at a time with
     * {@link Vectors#axpy4}, in blocks of {@link #BLOCK} rows.
     */
    static void addWeightedGramUpper(double[] w, double[] zs, int count, double[] a, int d) {
        for (int p0 = 0; p0 < count; p0 += BLOCK) {
            int p1 = Math.min(count, p0 + BLOCK);
            for (int r = 0; r < d; r++) {
                int ao = r * d + r;
                int len = d - r;
                int p = p0;
                for (; p + 4 <= p1; p += 4) {
                    int o0 = p * d + r;
                    int o1 = o0 + d;
                    int o2 = o1 + d;
                    int o3 = o2 + d;
                    Vectors.axpy4(w[p] * zs[o0], o0, w[p + 1] * zs[o1], o1, w[p + 2] * zs[o2], o2,
                            w[p + 3] * zs[o3], o3, zs, a, ao, len);
                }
                for (; p < p1; p++) {
                    int o = p * d + r;
                    Vectors.axpy(w[p] * zs[o], zs, o, a, ao, len);
                }
            }
        }
    }

    /** Copies the upper triangle of the row-major {@code f × f} matrix onto the lower one. */
    static void mirrorUpper(double[] a, int f) {
        for (int r = 0; r < f; r++) {
            for (int c = r + 1; c < f; c++) {
                a[c * f + r] = a[r * f + c];
            }
        }
    }

    /** Returns the full (symmetric) {@code dim × dim} Gram matrix {@code Yᵀ Y} of a row-major factor table, in double. */
    static double[] gram(float[] y, int rows, int dim) {
        double[] g = new double[dim * dim];
        double[] zs = new double[BLOCK * dim];
        double[] ones = new double[BLOCK];
        java.util.Arrays.fill(ones, 1.0);
        for (int j0 = 0; j0 < rows; j0 += BLOCK) {
            int n = Math.min(BLOCK, rows - j0);
            for (int k = 0; k < n; k++) {
                toDouble(y, (j0 + k) * dim, zs, k * dim, dim);
            }
            addWeightedGramUpper(ones, zs, n, g, dim);
        }
        mirrorUpper(g, dim);
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
