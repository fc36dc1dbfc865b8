package org.recsys4j.core.vector.internal;

/**
 * Internal, not API: the float kernels that {@code Vectors} hands to an explicitly vectorised
 * implementation when one can be loaded (see {@code Vectors.simdKernels()}). Public only so that
 * {@code Vectors} can call it across packages; this package is left out of the javadoc, whose run does
 * not resolve the incubator module {@link PanamaKernels} needs.
 */
public interface SimdKernels {
    /** Returns the number of float lanes of one vector register (e.g. 16 with AVX-512). */
    int lanes();

    /** Returns {@code Σ a[ao+i]·b[bo+i]} for {@code i < n}. */
    float dot(float[] a, int ao, float[] b, int bo, int n);

    /** Returns {@code Σ (a[ao+i] − b[bo+i])²} for {@code i < n}. */
    float squaredDistance(float[] a, int ao, float[] b, int bo, int n);

    /**
     * Adds {@code Σ_{s<srcCount} coef[coefFrom+o][s] · src[s][0..n)} to {@code out[outFrom+o][0..n)} for every
     * {@code o < outCount}: a block of rows times a matrix, with the sums over {@code s} held in registers.
     */
    void addProducts(float[][] coef, int coefFrom, int outCount, int srcCount, float[][] src, float[][] out, int outFrom,
                     int n);

    /**
     * Adds {@code Σ_{j<n} a[aFrom+r][j] · b[k][j]} to {@code out[outFrom+r][k]} for every {@code r < aCount},
     * {@code k < bCount}: a block of rows times a transposed matrix, several dot products per pass.
     */
    void addDots(float[][] a, int aFrom, int aCount, float[][] b, int bCount, float[][] out, int outFrom, int n);

    /**
     * Sets {@code y[yo+i] += alpha · x[xo+i]} for {@code i < n}, a multiply then an add per lane (not a fused
     * multiply-add), so the result has the same bits as the scalar loop.
     */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /** Replaces {@code x[i]} by {@code exp(x[i] − max x)} for {@code i < n} and returns their sum. */
    double softmaxExp(float[] x, int n);
}
