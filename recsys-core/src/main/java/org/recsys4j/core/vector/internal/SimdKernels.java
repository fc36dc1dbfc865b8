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
}
