package org.recsys4j.core.baseline;

import org.recsys4j.core.util.Parallel;

import java.util.Arrays;

/**
 * Inverts a symmetric positive-definite matrix in pure Java: a blocked right-looking Cholesky
 * factorisation A = L Lᵀ, the blocked inverse W = L⁻¹ and the product A⁻¹ = Wᵀ W, all on the lower
 * triangle held as one array per row. Package-private.
 *
 * <p>Nearly all flops go through one update kernel ({@link #kernel4}): four output rows, two terms of
 * the inner dimension per pass and an inner loop over contiguous columns, so that HotSpot C2
 * vectorises it (fused multiply-adds over whole vector registers). Every output row is its own array
 * and every input row of the right-hand operand is indexed by the same column index, which is what
 * lets C2 prove the loop free of dependences.
 *
 * <p>Results do not depend on the thread count: each matrix element is computed by exactly one task as
 * one sequential chain of {@code Math.fma} over the inner index in ascending order, whatever the
 * grouping into rows, column blocks or tasks; threads only run independent tasks.
 */
final class SpdInverse {
    /** Block size: columns of a Cholesky panel, rows of a block row of the inverse. */
    static final int NB = 128;
    /** Columns per cache block (and per task) of the update kernel. */
    static final int JB = 256;
    /** Rows per task of the Cholesky trailing update. */
    private static final int ROWS = 64;
    /** Rows or columns per task of the panel and diagonal-block solves. */
    private static final int COLS = 256;

    private SpdInverse() {
    }

    /**
     * Returns the inverse of the n × n row-major symmetric positive-definite matrix {@code data}, in
     * row-major order with both triangles filled. Only the lower triangle of {@code data} is read. The
     * result is written into {@code data} itself, which is returned: the caller must not keep the
     * input. Besides it, about n²/2 doubles are allocated (the lower triangle, row by row).
     *
     * @param threads threads to use (the result does not depend on it)
     * @param what names the matrix in the error message
     * @throws IllegalStateException if the matrix is not numerically positive definite, naming the
     *         failed pivot
     */
    static double[] invert(double[] data, int n, int threads, String what) {
        if (n == 0) {
            return new double[0];
        }
        if (n < 0 || data.length != (long) n * n) {
            throw new IllegalArgumentException("expected a " + n + "x" + n + " matrix, got " + data.length + " values");
        }
        double[][] r = new double[n][];
        Parallel.forRange(n, threads, COLS, (from, to) -> {
            for (int i = from; i < to; i++) {
                r[i] = Arrays.copyOfRange(data, i * n, i * n + i + 1);
            }
        });
        cholesky(r, n, threads, what);
        invertLower(r, n, threads);
        gramOfLower(r, n, threads);
        mirror(r, data, n, threads);
        return data;
    }

    // ---------------------------------------------------------------- Cholesky: A = L Lᵀ, L into r

    private static void cholesky(double[][] r, int n, int threads, String what) {
        double[][] pt = new double[Math.min(NB, n)][n]; // transposed panel: pt[k][i] = L[i][k0 + k]
        for (int k0 = 0; k0 < n; k0 += NB) {
            int k1 = Math.min(n, k0 + NB);
            int kb = k1 - k0;
            int c0 = k0;
            factorDiagonal(r, k0, k1, n, what);
            int m = n - k1;
            if (m == 0) {
                break;
            }
            Parallel.forRange(m, threads, COLS, (from, to) -> {
                for (int lo = k1 + from; lo < k1 + to; lo += COLS) {
                    solvePanel(r, pt, c0, kb, lo, Math.min(k1 + to, lo + COLS));
                }
            });
            // tasks from the bottom up, so the longest rows are handed out first
            Parallel.forRange(m, threads, ROWS, (from, to) -> {
                for (int hi = n - from; hi > n - to; hi -= ROWS) {
                    updateTrailing(r, pt, c0, kb, k1, Math.max(n - to, hi - ROWS), hi);
                }
            });
        }
    }

    /** Unblocked Cholesky of the diagonal block [k0, k1)² (earlier panels already subtracted). */
    private static void factorDiagonal(double[][] r, int k0, int k1, int n, String what) {
        for (int i = k0; i < k1; i++) {
            double[] ri = r[i];
            for (int j = k0; j <= i; j++) {
                double[] rj = r[j];
                double s = ri[j];
                for (int k = k0; k < j; k++) {
                    s = Math.fma(-ri[k], rj[k], s);
                }
                if (j < i) {
                    ri[j] = s / rj[j];
                } else if (s > 0) {
                    ri[i] = Math.sqrt(s);
                } else {
                    throw new IllegalStateException(what + " (" + n + "x" + n
                            + ") is not positive definite: Cholesky pivot " + i + " (0-based) is " + s);
                }
            }
        }
    }

    /**
     * Rows [lo, hi) of the panel below the diagonal block: solves X L11ᵀ = A21 as L11 Xᵀ = A21ᵀ on the
     * transposed copy (row operations over contiguous i), then writes X back into the rows.
     */
    private static void solvePanel(double[][] r, double[][] pt, int k0, int kb, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            double[] ri = r[i];
            for (int k = 0; k < kb; k++) {
                pt[k][i] = ri[k0 + k];
            }
        }
        for (int k = 0; k < kb; k++) {
            double[] lk = r[k0 + k];
            double[] pk = pt[k];
            int l = 0;
            for (; l + 1 < k; l += 2) {
                double a0 = -lk[k0 + l];
                double a1 = -lk[k0 + l + 1];
                double[] p0 = pt[l];
                double[] p1 = pt[l + 1];
                for (int i = lo; i < hi; i++) {
                    pk[i] = Math.fma(a1, p1[i], Math.fma(a0, p0[i], pk[i]));
                }
            }
            if (l < k) {
                double a0 = -lk[k0 + l];
                double[] p0 = pt[l];
                for (int i = lo; i < hi; i++) {
                    pk[i] = Math.fma(a0, p0[i], pk[i]);
                }
            }
            double d = lk[k0 + k];
            for (int i = lo; i < hi; i++) {
                pk[i] /= d;
            }
        }
        for (int i = lo; i < hi; i++) {
            double[] ri = r[i];
            for (int k = 0; k < kb; k++) {
                ri[k0 + k] = pt[k][i];
            }
        }
    }

    /** Rows [lo, hi) of the trailing matrix: A22[i][j] -= Σ_k L[i][k0 + k] L[j][k0 + k], k1 ≤ j ≤ i. */
    private static void updateTrailing(double[][] r, double[][] pt, int k0, int kb, int k1, int lo, int hi) {
        int rows = hi - lo;
        int full = rows & ~3;
        double[] ap = new double[rows * kb]; // negated multipliers, 4 rows interleaved per group
        for (int g = 0; g < full; g += 4) {
            for (int q = 0; q < 4; q++) {
                double[] ri = r[lo + g + q];
                for (int k = 0; k < kb; k++) {
                    ap[g * kb + 4 * k + q] = -ri[k0 + k];
                }
            }
        }
        for (int g = full; g < rows; g++) {
            double[] ri = r[lo + g];
            for (int k = 0; k < kb; k++) {
                ap[g * kb + k] = -ri[k0 + k];
            }
        }
        for (int j0 = k1; j0 < hi; j0 += JB) {
            int j1 = Math.min(hi, j0 + JB);
            for (int g = 0; g < full; g += 4) {
                int i = lo + g;
                int jhi = Math.min(j1, i + 1);
                if (jhi > j0) {
                    kernel4(r[i], r[i + 1], r[i + 2], r[i + 3], ap, g * kb, pt, 0, kb, j0, jhi);
                }
            }
            for (int g = full; g < rows; g++) {
                int i = lo + g;
                int jhi = Math.min(j1, i + 1);
                if (jhi > j0) {
                    kernel1(r[i], ap, g * kb, pt, 0, kb, j0, jhi);
                }
            }
        }
        // the small triangles right of each group's common columns
        for (int g = 0; g < full; g += 4) {
            int i = lo + g;
            for (int q = 1; q < 4; q++) {
                double[] c = r[i + q];
                for (int j = i + 1; j <= i + q; j++) {
                    double s = c[j];
                    for (int k = 0; k < kb; k++) {
                        s = Math.fma(ap[g * kb + 4 * k + q], pt[k][j], s);
                    }
                    c[j] = s;
                }
            }
        }
    }

    // ---------------------------------------------------------------- W = L⁻¹ into r, block row by block row

    private static void invertLower(double[][] r, int n, int threads) {
        double[] ap = new double[NB * n];
        for (int i0 = 0; i0 < n; i0 += NB) {
            int i1 = Math.min(n, i0 + NB);
            int ib = i1 - i0;
            int b0 = i0;
            double[][] t = new double[ib][];
            for (int q = 0; q < ib; q++) {
                t[q] = new double[i0 + q + 1];
            }
            if (i0 > 0) {
                // T = L[I, 0:i0] · W[0:i0, 0:i0], multipliers L[i][k]
                pack(ap, ib, i0, (q, k) -> r[b0 + q][k]);
                Parallel.forRange(i0, threads, JB, (from, to) -> {
                    for (int ja = from; ja < to; ja += JB) {
                        inverseOffDiagonal(r, t, ap, b0, ib, ja, Math.min(to, ja + JB));
                    }
                });
            }
            Parallel.forRange(i1, threads, COLS, (from, to) -> {
                for (int ja = from; ja < to; ja += COLS) {
                    inverseDiagonal(r, t, b0, i1, ja, Math.min(to, ja + COLS));
                }
            });
            for (int q = 0; q < ib; q++) {
                r[i0 + q] = t[q];
            }
        }
    }

    /** Columns [ja, jb) of T[i] = Σ_{j ≤ k < i0} L[i][k] W[k][j] for the rows i of block row i0. */
    private static void inverseOffDiagonal(double[][] r, double[][] t, double[] ap, int i0, int ib, int ja, int jb) {
        int full = ib & ~3;
        int kstride = i0; // multipliers per row
        for (int k0 = ja / NB * NB; k0 < i0; k0 += NB) {
            int k1 = Math.min(i0, k0 + NB);
            int kb = k1 - k0;
            // columns left of this k block: every W[k] row of the block reaches them
            int rectHi = Math.min(jb, k0);
            if (rectHi > ja) {
                for (int g = 0; g < full; g += 4) {
                    kernel4(t[g], t[g + 1], t[g + 2], t[g + 3], ap, g * kstride + 4 * k0, r, k0, kb, ja, rectHi);
                }
                for (int g = full; g < ib; g++) {
                    kernel1(t[g], ap, g * kstride + k0, r, k0, kb, ja, rectHi);
                }
            }
            // columns inside the k block: W[k] reaches column k only
            int triLo = Math.max(ja, k0);
            for (int k = k0; k < k1; k++) {
                int hi = Math.min(jb, k + 1);
                if (hi <= triLo) {
                    continue;
                }
                for (int g = 0; g < full; g += 4) {
                    kernel4(t[g], t[g + 1], t[g + 2], t[g + 3], ap, g * kstride + 4 * k, r, k, 1, triLo, hi);
                }
                for (int g = full; g < ib; g++) {
                    kernel1(t[g], ap, g * kstride + k, r, k, 1, triLo, hi);
                }
            }
        }
    }

    /**
     * Columns [ja, jb) of block row [i0, i1) of W, row by row: W[i][j] = −(T[i][j] + Σ_{i0 ≤ k < i}
     * L[i][k] W[k][j]) / L[i][i] for j &lt; i, W[i][i] = 1 / L[i][i].
     */
    private static void inverseDiagonal(double[][] r, double[][] t, int i0, int i1, int ja, int jb) {
        for (int i = i0; i < i1; i++) {
            double[] ti = t[i - i0];
            double[] li = r[i];
            int k = i0;
            for (; k + 1 < i; k += 2) {
                int hi = Math.min(jb, k + 1);
                if (hi > ja) {
                    double a0 = li[k];
                    double a1 = li[k + 1];
                    double[] w0 = t[k - i0];
                    double[] w1 = t[k + 1 - i0];
                    for (int j = ja; j < hi; j++) {
                        ti[j] = Math.fma(a1, w1[j], Math.fma(a0, w0[j], ti[j]));
                    }
                }
                if (ja <= k + 1 && k + 1 < jb) { // column k + 1 is reached by W[k + 1] only
                    ti[k + 1] = Math.fma(li[k + 1], t[k + 1 - i0][k + 1], ti[k + 1]);
                }
            }
            if (k < i) {
                int hi = Math.min(jb, k + 1);
                double a0 = li[k];
                double[] w0 = t[k - i0];
                for (int j = ja; j < hi; j++) {
                    ti[j] = Math.fma(a0, w0[j], ti[j]);
                }
            }
            double d = li[i];
            int hi = Math.min(jb, i);
            for (int j = ja; j < hi; j++) {
                ti[j] = -ti[j] / d;
            }
            if (ja <= i && i < jb) {
                ti[i] = 1.0 / d;
            }
        }
    }

    // ---------------------------------------------------------------- A⁻¹ = Wᵀ W (lower) into r

    private static void gramOfLower(double[][] r, int n, int threads) {
        double[] ap = new double[NB * n];
        for (int i0 = 0; i0 < n; i0 += NB) {
            int i1 = Math.min(n, i0 + NB);
            int ib = i1 - i0;
            int b0 = i0;
            double[][] t = new double[ib][];
            for (int q = 0; q < ib; q++) {
                t[q] = new double[i0 + q + 1];
            }
            // P[i][j] = Σ_{k ≥ i} W[k][i] W[k][j], multipliers W[k][i] (0 for k < i), k in [i0, n)
            pack(ap, ib, n - i0, (q, k) -> b0 + k >= b0 + q ? r[b0 + k][b0 + q] : 0.0);
            Parallel.forRange(i1, threads, JB, (from, to) -> {
                for (int ja = from; ja < to; ja += JB) {
                    gramBlock(r, t, ap, b0, i1, n, ja, Math.min(to, ja + JB));
                }
            });
            for (int q = 0; q < ib; q++) {
                r[i0 + q] = t[q];
            }
        }
    }

    /** Columns [ja, jb) of block row [i0, i1) of P = Wᵀ W. */
    private static void gramBlock(double[][] r, double[][] t, double[] ap, int i0, int i1, int n, int ja, int jb) {
        int ib = i1 - i0;
        int full = ib & ~3;
        int kstride = n - i0;
        for (int k0 = i0; k0 < n; k0 += NB) {
            int k1 = Math.min(n, k0 + NB);
            for (int g = 0; g < full; g += 4) {
                int i = i0 + g;
                int hi = Math.min(jb, i + 1);
                int ks = Math.max(k0, i); // W[k][i..i+3] = 0 for k < i
                if (hi > ja && ks < k1) {
                    kernel4(t[g], t[g + 1], t[g + 2], t[g + 3], ap, g * kstride + 4 * (ks - i0), r, ks, k1 - ks, ja, hi);
                }
            }
            for (int g = full; g < ib; g++) {
                int i = i0 + g;
                int hi = Math.min(jb, i + 1);
                int ks = Math.max(k0, i);
                if (hi > ja && ks < k1) {
                    kernel1(t[g], ap, g * kstride + (ks - i0), r, ks, k1 - ks, ja, hi);
                }
            }
        }
        // the small triangles right of each group's common columns
        for (int g = 0; g < full; g += 4) {
            int i = i0 + g;
            for (int q = 1; q < 4; q++) {
                double[] c = t[g + q];
                for (int j = Math.max(ja, i + 1); j <= i + q && j < jb; j++) {
                    double s = c[j];
                    for (int k = i + q; k < n; k++) {
                        s = Math.fma(r[k][i + q], r[k][j], s);
                    }
                    c[j] = s;
                }
            }
        }
    }

    // ---------------------------------------------------------------- shared pieces

    @FunctionalInterface
    private interface Entry {
        double at(int row, int k);
    }

    /**
     * Packs the multipliers of {@code rows} rows over {@code kn} inner indices: groups of four rows
     * interleaved ({@code ap[g·kn + 4k + q]}), the remaining rows one after the other
     * ({@code ap[g·kn + k]}).
     */
    private static void pack(double[] ap, int rows, int kn, Entry e) {
        int full = rows & ~3;
        for (int g = 0; g < full; g += 4) {
            int base = g * kn;
            for (int k = 0; k < kn; k++) {
                for (int q = 0; q < 4; q++) {
                    ap[base + 4 * k + q] = e.at(g + q, k);
                }
            }
        }
        for (int g = full; g < rows; g++) {
            int base = g * kn;
            for (int k = 0; k < kn; k++) {
                ap[base + k] = e.at(g, k);
            }
        }
    }

    /**
     * c_q[j] += Σ_{k < kb} ap[ao + 4k + q] · b[bo + k][j] for q = 0..3 and j in [jlo, jhi), each element
     * as one fma chain over ascending k. The micro-kernel: two k per pass, all rows indexed by j alone.
     */
    static void kernel4(double[] c0, double[] c1, double[] c2, double[] c3, double[] ap, int ao, double[][] b,
            int bo, int kb, int jlo, int jhi) {
        int k = 0;
        for (; k + 1 < kb; k += 2) {
            int o = ao + 4 * k;
            double a00 = ap[o];
            double a10 = ap[o + 1];
            double a20 = ap[o + 2];
            double a30 = ap[o + 3];
            double a01 = ap[o + 4];
            double a11 = ap[o + 5];
            double a21 = ap[o + 6];
            double a31 = ap[o + 7];
            double[] b0 = b[bo + k];
            double[] b1 = b[bo + k + 1];
            for (int j = jlo; j < jhi; j++) {
                double x0 = b0[j];
                double x1 = b1[j];
                c0[j] = Math.fma(a01, x1, Math.fma(a00, x0, c0[j]));
                c1[j] = Math.fma(a11, x1, Math.fma(a10, x0, c1[j]));
                c2[j] = Math.fma(a21, x1, Math.fma(a20, x0, c2[j]));
                c3[j] = Math.fma(a31, x1, Math.fma(a30, x0, c3[j]));
            }
        }
        if (k < kb) {
            int o = ao + 4 * k;
            double a00 = ap[o];
            double a10 = ap[o + 1];
            double a20 = ap[o + 2];
            double a30 = ap[o + 3];
            double[] b0 = b[bo + k];
            for (int j = jlo; j < jhi; j++) {
                double x0 = b0[j];
                c0[j] = Math.fma(a00, x0, c0[j]);
                c1[j] = Math.fma(a10, x0, c1[j]);
                c2[j] = Math.fma(a20, x0, c2[j]);
                c3[j] = Math.fma(a30, x0, c3[j]);
            }
        }
    }

    /** One-row {@link #kernel4}: c[j] += Σ_{k < kb} ap[ao + k] · b[bo + k][j]. */
    static void kernel1(double[] c, double[] ap, int ao, double[][] b, int bo, int kb, int jlo, int jhi) {
        int k = 0;
        for (; k + 1 < kb; k += 2) {
            double a0 = ap[ao + k];
            double a1 = ap[ao + k + 1];
            double[] b0 = b[bo + k];
            double[] b1 = b[bo + k + 1];
            for (int j = jlo; j < jhi; j++) {
                c[j] = Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]));
            }
        }
        if (k < kb) {
            double a0 = ap[ao + k];
            double[] b0 = b[bo + k];
            for (int j = jlo; j < jhi; j++) {
                c[j] = Math.fma(a0, b0[j], c[j]);
            }
        }
    }

    /** Writes the symmetric matrix whose lower triangle is in r into the row-major n × n array. */
    private static void mirror(double[][] r, double[] out, int n, int threads) {
        final int tile = 64;
        Parallel.forRange(n, threads, tile, (from, to) -> {
            for (int a = from; a < to; a += tile) {
                int b = Math.min(to, a + tile);
                for (int i = a; i < b; i++) {
                    System.arraycopy(r[i], 0, out, i * n, i + 1);
                }
                for (int j0 = a + 1; j0 < n; j0 += tile) {
                    int j1 = Math.min(n, j0 + tile);
                    for (int j = j0; j < j1; j++) {
                        double[] rj = r[j];
                        int top = Math.min(b, j);
                        for (int i = a; i < top; i++) {
                            out[i * n + j] = rj[i];
                        }
                    }
                }
            }
        });
    }
}
