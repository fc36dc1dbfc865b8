package org.recsys4j.core.vector.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SimdKernels} on the Vector API (the incubator module {@code jdk.incubator.vector}, present in
 * JDK 16+): one fused multiply-add per register of {@code lanes()} floats, reduced once at the end.
 * Loaded by name from {@code Vectors} only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}; otherwise loading fails and the scalar loops are used.
 */
public final class PanamaKernels implements SimdKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Creates the kernels (stateless). */
    public PanamaKernels() {
    }

    @Override
    public int lanes() {
        return SPECIES.length();
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int step = SPECIES.length();
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += step) {
            acc = FloatVector.fromArray(SPECIES, a, ao + i).fma(FloatVector.fromArray(SPECIES, b, bo + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    @Override
    public float squaredDistance(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int step = SPECIES.length();
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += step) {
            FloatVector d = FloatVector.fromArray(SPECIES, a, ao + i).sub(FloatVector.fromArray(SPECIES, b, bo + i));
            acc = d.fma(d, acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float d = a[ao + i] - b[bo + i];
            s += d * d;
        }
        return s;
    }

    /** Columns per panel of {@link #addProducts}: a panel of 64 source rows (16 KiB) stays in the L1 cache. */
    private static final int PANEL = 64;

    @Override
    public void addProducts(float[][] coef, int coefFrom, int outCount, int srcCount, float[][] src, float[][] out,
                            int outFrom, int n) {
        int step = SPECIES.length();
        int wide = n - n % (2 * step);
        int panel = Math.max(PANEL - PANEL % (2 * step), 2 * step);
        // column panels outermost: each panel of the source rows is read from memory once for all output rows
        for (int p = 0; p < wide; p += panel) {
            int pEnd = Math.min(p + panel, wide);
            int o = 0;
            for (; o + 3 < outCount; o += 4) {
                float[] c0 = coef[coefFrom + o];
                float[] c1 = coef[coefFrom + o + 1];
                float[] c2 = coef[coefFrom + o + 2];
                float[] c3 = coef[coefFrom + o + 3];
                for (int j = p; j < pEnd; j += 2 * step) {
                    // four output rows × two registers of columns, summed over every source row
                    FloatVector a00 = FloatVector.zero(SPECIES);
                    FloatVector a01 = a00;
                    FloatVector a10 = a00;
                    FloatVector a11 = a00;
                    FloatVector a20 = a00;
                    FloatVector a21 = a00;
                    FloatVector a30 = a00;
                    FloatVector a31 = a00;
                    for (int s = 0; s < srcCount; s++) {
                        float[] x = src[s];
                        FloatVector v0 = FloatVector.fromArray(SPECIES, x, j);
                        FloatVector v1 = FloatVector.fromArray(SPECIES, x, j + step);
                        FloatVector b = FloatVector.broadcast(SPECIES, c0[s]);
                        a00 = v0.fma(b, a00);
                        a01 = v1.fma(b, a01);
                        b = FloatVector.broadcast(SPECIES, c1[s]);
                        a10 = v0.fma(b, a10);
                        a11 = v1.fma(b, a11);
                        b = FloatVector.broadcast(SPECIES, c2[s]);
                        a20 = v0.fma(b, a20);
                        a21 = v1.fma(b, a21);
                        b = FloatVector.broadcast(SPECIES, c3[s]);
                        a30 = v0.fma(b, a30);
                        a31 = v1.fma(b, a31);
                    }
                    addInto(out[outFrom + o], j, step, a00, a01);
                    addInto(out[outFrom + o + 1], j, step, a10, a11);
                    addInto(out[outFrom + o + 2], j, step, a20, a21);
                    addInto(out[outFrom + o + 3], j, step, a30, a31);
                }
            }
            for (; o < outCount; o++) {
                float[] c = coef[coefFrom + o];
                float[] y = out[outFrom + o];
                for (int j = p; j < pEnd; j += 2 * step) {
                    FloatVector a0 = FloatVector.zero(SPECIES);
                    FloatVector a1 = a0;
                    for (int s = 0; s < srcCount; s++) {
                        FloatVector b = FloatVector.broadcast(SPECIES, c[s]);
                        a0 = FloatVector.fromArray(SPECIES, src[s], j).fma(b, a0);
                        a1 = FloatVector.fromArray(SPECIES, src[s], j + step).fma(b, a1);
                    }
                    addInto(y, j, step, a0, a1);
                }
            }
        }
        for (int o = 0; o < outCount; o++) {
            addProductsTail(coef[coefFrom + o], srcCount, src, out[outFrom + o], wide, n);
        }
    }

    private static void addInto(float[] y, int j, int step, FloatVector a0, FloatVector a1) {
        FloatVector.fromArray(SPECIES, y, j).add(a0).intoArray(y, j);
        FloatVector.fromArray(SPECIES, y, j + step).add(a1).intoArray(y, j + step);
    }

    private static void addProductsTail(float[] c, int srcCount, float[][] src, float[] y, int from, int n) {
        for (int j = from; j < n; j++) {
            float sum = 0;
            for (int s = 0; s < srcCount; s++) {
                sum += c[s] * src[s][j];
            }
            y[j] += sum;
        }
    }

    /** Columns per chunk of {@link #addDots}: four rows of {@code a} (16 KiB) stay in the L1 cache across b's rows. */
    private static final int DOT_CHUNK = 1024;

    @Override
    public void addDots(float[][] a, int aFrom, int aCount, float[][] b, int bCount, float[][] out, int outFrom, int n) {
        int step = SPECIES.length();
        int wide = SPECIES.loopBound(n);
        int chunk = DOT_CHUNK - DOT_CHUNK % step;
        for (int c = 0; c < wide; c += chunk) {
            addDotsChunk(a, aFrom, aCount, b, bCount, out, outFrom, c, Math.min(c + chunk, wide));
        }
        if (wide < n) {
            for (int r = 0; r < aCount; r++) {
                float[] x = a[aFrom + r];
                float[] o = out[outFrom + r];
                for (int k = 0; k < bCount; k++) {
                    float[] y = b[k];
                    float t = 0;
                    for (int j = wide; j < n; j++) {
                        t += x[j] * y[j];
                    }
                    o[k] += t;
                }
            }
        }
    }

    /** {@link #addDots} over columns {@code [from, to)}, both multiples of the register width. */
    private void addDotsChunk(float[][] a, int aFrom, int aCount, float[][] b, int bCount, float[][] out,
                                     int outFrom, int from, int to) {
        int step = SPECIES.length();
        int r = 0;
        for (; r + 3 < aCount; r += 4) {
            float[] x0 = a[aFrom + r];
            float[] x1 = a[aFrom + r + 1];
            float[] x2 = a[aFrom + r + 2];
            float[] x3 = a[aFrom + r + 3];
            float[] o0 = out[outFrom + r];
            float[] o1 = out[outFrom + r + 1];
            float[] o2 = out[outFrom + r + 2];
            float[] o3 = out[outFrom + r + 3];
            int k = 0;
            for (; k + 1 < bCount; k += 2) {
                // two rows of b against four rows of a: eight sums, six loads per eight multiply-adds
                float[] b0 = b[k];
                float[] b1 = b[k + 1];
                FloatVector s00 = FloatVector.zero(SPECIES);
                FloatVector s01 = s00;
                FloatVector s10 = s00;
                FloatVector s11 = s00;
                FloatVector s20 = s00;
                FloatVector s21 = s00;
                FloatVector s30 = s00;
                FloatVector s31 = s00;
                for (int j = from; j < to; j += step) {
                    FloatVector v0 = FloatVector.fromArray(SPECIES, b0, j);
                    FloatVector v1 = FloatVector.fromArray(SPECIES, b1, j);
                    FloatVector u = FloatVector.fromArray(SPECIES, x0, j);
                    s00 = u.fma(v0, s00);
                    s01 = u.fma(v1, s01);
                    u = FloatVector.fromArray(SPECIES, x1, j);
                    s10 = u.fma(v0, s10);
                    s11 = u.fma(v1, s11);
                    u = FloatVector.fromArray(SPECIES, x2, j);
                    s20 = u.fma(v0, s20);
                    s21 = u.fma(v1, s21);
                    u = FloatVector.fromArray(SPECIES, x3, j);
                    s30 = u.fma(v0, s30);
                    s31 = u.fma(v1, s31);
                }
                o0[k] += s00.reduceLanes(VectorOperators.ADD);
                o0[k + 1] += s01.reduceLanes(VectorOperators.ADD);
                o1[k] += s10.reduceLanes(VectorOperators.ADD);
                o1[k + 1] += s11.reduceLanes(VectorOperators.ADD);
                o2[k] += s20.reduceLanes(VectorOperators.ADD);
                o2[k + 1] += s21.reduceLanes(VectorOperators.ADD);
                o3[k] += s30.reduceLanes(VectorOperators.ADD);
                o3[k + 1] += s31.reduceLanes(VectorOperators.ADD);
            }
            for (; k < bCount; k++) {
                o0[k] += dot(x0, from, b[k], from, to - from);
                o1[k] += dot(x1, from, b[k], from, to - from);
                o2[k] += dot(x2, from, b[k], from, to - from);
                o3[k] += dot(x3, from, b[k], from, to - from);
            }
        }
        for (; r < aCount; r++) {
            float[] x = a[aFrom + r];
            float[] o = out[outFrom + r];
            for (int k = 0; k < bCount; k++) {
                o[k] += dot(x, from, b[k], from, to - from);
            }
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int step = SPECIES.length();
        int bound = SPECIES.loopBound(n);
        FloatVector a = FloatVector.broadcast(SPECIES, alpha);
        int i = 0;
        for (; i < bound; i += step) {
            FloatVector.fromArray(SPECIES, x, xo + i).mul(a).add(FloatVector.fromArray(SPECIES, y, yo + i))
                    .intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    @Override
    public double softmaxExp(float[] x, int n) {
        int step = SPECIES.length();
        int bound = SPECIES.loopBound(n);
        FloatVector mv = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += step) {
            mv = mv.max(FloatVector.fromArray(SPECIES, x, i));
        }
        float max = mv.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x[i]);
        }
        FloatVector shift = FloatVector.broadcast(SPECIES, max);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (i = 0; i < bound; i += step) {
            FloatVector e = FloatVector.fromArray(SPECIES, x, i).sub(shift).lanewise(VectorOperators.EXP);
            e.intoArray(x, i);
            acc = acc.add(e);
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[i] - max);
            x[i] = e;
            sum += e;
        }
        return sum;
    }
}
