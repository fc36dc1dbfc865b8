package org.recsys4j.core.vector;

import org.recsys4j.core.vector.internal.SimdKernels;
import org.slf4j.LoggerFactory;

import java.lang.module.ModuleFinder;
import java.util.Optional;

/**
 * The one hot path for dense float vectors: dot product, squared distance, {@code y += a·x},
 * scaling and normalisation over slices of row-major matrices ({@code float[]} plus an offset), plus
 * the few double-precision kernels ({@code dot}, {@code axpy}, the fused {@code axpy4}) that the small
 * dense solves of matrix factorisation need.
 *
 * <p>Every embedding trainer, index and ranker in Recsys4J calls these instead of writing its own
 * loop, so that a faster kernel helps everywhere. The loops are unrolled by four with independent
 * accumulators, which lets the JIT keep four lanes in flight (and auto-vectorise the element-wise
 * ones); results of {@link #dot} may therefore differ from a naive left-to-right sum in the last
 * bits, but they are the same on every call for the same inputs.
 *
 * <p>No method checks its bounds beyond what the JVM does: a slice that runs off an array throws
 * {@link ArrayIndexOutOfBoundsException}. All methods are stateless and thread-safe.
 *
 * <pre>{@code
 * float[] m = {1, 2, 3,  4, 5, 6};            // two rows of dim 3
 * Vectors.dot(m, 0, m, 3, 3);                 // 1*4 + 2*5 + 3*6 = 32
 * Vectors.axpy(0.5f, m, 0, m, 3, 3);          // row 1 becomes {4.5, 6, 7.5}
 * }</pre>
 */
public final class Vectors {
    /**
     * The Vector API kernels when the JVM runs with {@code --add-modules jdk.incubator.vector}, else null.
     * Chosen once, in this holder, like Lucene's VectorizationProvider; a missing module is the normal
     * case on a plain {@code java -jar} and costs nothing.
     */
    private static final SimdKernels SIMD = loadSimd();
    /** Below this length the scalar four-accumulator loops are faster than one register's reduction. */
    private static final int SIMD_MIN = SIMD == null ? Integer.MAX_VALUE : 2 * SIMD.lanes();
    /** Why the scalar kernels run although faster ones could, when that is the case; logged once, here. */
    private static final Optional<String> SLOW_PATH = slowPath();

    static {
        SLOW_PATH.ifPresent(LoggerFactory.getLogger(Vectors.class)::info);
    }

    private Vectors() {
    }

    private static Optional<String> slowPath() {
        if (SIMD != null || Boolean.getBoolean("recsys4j.vector.scalar")
                || ModuleFinder.ofSystem().find("jdk.incubator.vector").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Recsys4J vector kernels: scalar. This JDK has the Vector API; start the JVM with "
                + "--add-modules jdk.incubator.vector for the SIMD kernels (nearest-neighbour search about 1.5-2x "
                + "faster in docs/benchmarks.md), or set -Drecsys4j.vector.scalar=true to keep the scalar ones "
                + "and silence this message.");
    }

    /**
     * Returns, when the scalar kernels run although this JDK offers the Vector API, the message that
     * says so and how to turn the SIMD kernels on; empty when the SIMD kernels run, when the JDK has no
     * Vector API, or when the scalar kernels were chosen with {@code -Drecsys4j.vector.scalar=true}.
     * The same message is logged once (slf4j, INFO) when this class is first used.
     */
    public static Optional<String> slowPathNotice() {
        return SLOW_PATH;
    }

    private static SimdKernels loadSimd() {
        Optional<Module> vectorApi = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (Boolean.getBoolean("recsys4j.vector.scalar") || vectorApi.isEmpty()) {
            return null;
        }
        try {
            // On the module path org.recsys4j.core does not declare the incubator module (a requires, even
            // static, would make javac warn "using incubating module" in every module that requires ours), so
            // it reads it from here, when present, before PanamaKernels links; on the class path a no-op.
            Vectors.class.getModule().addReads(vectorApi.get());
            return (SimdKernels) Class.forName("org.recsys4j.core.vector.internal.PanamaKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    /**
     * Returns which float kernels {@link #dot(float[], int, float[], int, int)} and
     * {@link #squaredDistance} use: {@code "vector-api:<lanes>"} when the JVM was started with
     * {@code --add-modules jdk.incubator.vector} (explicit SIMD, for slices of at least two registers;
     * the sums are then taken in another order, so results differ from the scalar kernels in the last
     * bits), else {@code "scalar"}. The system property {@code recsys4j.vector.scalar=true} forces the
     * scalar kernels.
     */
    public static String simdKernels() {
        return SIMD == null ? "scalar" : "vector-api:" + SIMD.lanes();
    }

    /** Returns {@code Σ a[i]·b[i]} over the whole arrays, which must have the same length. */
    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dot: lengths " + a.length + " and " + b.length + " differ");
        }
        return dot(a, 0, b, 0, a.length);
    }

    /** Returns {@code Σ a[ao+i]·b[bo+i]} for {@code i < n}. */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        if (n >= SIMD_MIN) {
            return SIMD.dot(a, ao, b, bo, n);
        }
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        int end4 = n & ~3;
        for (; i < end4; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Returns {@code Σ a[i]·b[i]} for {@code i < n}: {@link #dot(float[], int, float[], int, int)} at offsets 0
     * (the same bits). Hot loops that touch the same rows many times copy them into scratch buffers
     * ({@link System#arraycopy}) and use this and {@link #axpy(float, float[], float[], int)}: with both
     * slices at index 0, HotSpot's C2 (JDK 17) vectorises the element-wise kernels, which it does not for
     * two different offsets, and the scalar dot runs about 40% faster.
     */
    public static float dotPrefix(float[] a, float[] b, int n) {
        return dot(a, 0, b, 0, n);
    }

    /** Returns {@code Σ (a[ao+i] − b[bo+i])²} for {@code i < n}: the squared Euclidean distance. */
    public static float squaredDistance(float[] a, int ao, float[] b, int bo, int n) {
        if (n >= SIMD_MIN) {
            return SIMD.squaredDistance(a, ao, b, bo, n);
        }
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        int end4 = n & ~3;
        for (; i < end4; i += 4) {
            float d0 = a[ao + i] - b[bo + i];
            float d1 = a[ao + i + 1] - b[bo + i + 1];
            float d2 = a[ao + i + 2] - b[bo + i + 2];
            float d3 = a[ao + i + 3] - b[bo + i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < n; i++) {
            float d = a[ao + i] - b[bo + i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Sets {@code y[yo+i] += alpha · x[xo+i]} for {@code i < n}. With the SIMD kernels (see {@link #simdKernels()})
     * a register at a time, a multiply then an add per lane, so the result has the same bits either way.
     */
    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        if (n >= SIMD_MIN) {
            SIMD.axpy(alpha, x, xo, y, yo, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /**
     * Sets {@code y[i] += alpha · x[i]} for {@code i < n}: the offset-free form, which C2 vectorises on JDK 17
     * (the offset form is scalar there when the two offsets differ).
     */
    public static void axpy(float alpha, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += alpha * x[i];
        }
    }

    /**
     * Sets {@code y[i] += a0·x0[i] + a1·x1[i] + a2·x2[i] + a3·x3[i]} for {@code i < n}: four offset-free
     * axpys in one pass over {@code y} (one load and store of {@code y} instead of four), which C2
     * vectorises; the kernel of a dense layer's forward pass (y += Σ x_k·W_k over weight rows) and, with
     * the rows of a matrix {@code C} transposed into {@code x0..x3}, of a blocked product {@code y = C·v}
     * in {@code dim / 4} sweeps (one point against every k-means centroid of IVF-Flat). About
     * twice as fast as four {@link #axpy(float, float[], float[], int)} calls at n = 32…128. The sum
     * order per element is fixed ({@code y + (((a0·x0 + a1·x1) + a2·x2) + a3·x3)}), so results are
     * reproducible but may differ in the last bits from four separate axpys.
     */
    public static void axpy4(float a0, float[] x0, float a1, float[] x1, float a2, float[] x2, float a3, float[] x3,
                             float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += ((a0 * x0[i] + a1 * x1[i]) + a2 * x2[i]) + a3 * x3[i];
        }
    }

    /**
     * The fused SGD step of a dot-product model {@code score = in · out}: for {@code i < n}, sets
     * {@code grad[i] += alpha · out[i]} (with the old {@code out[i]}) and then {@code out[i] += alpha · in[i]}.
     * Identical to {@code axpy(alpha, out, grad, n); axpy(alpha, in, out, n)} (the same bits), in one pass;
     * offset-free, so C2 vectorises it (see {@link #dotPrefix}). The three arrays must be distinct.
     */
    public static void axpyPair(float alpha, float[] in, float[] out, float[] grad, int n) {
        for (int i = 0; i < n; i++) {
            float o = out[i];
            grad[i] += alpha * o;
            out[i] = o + alpha * in[i];
        }
    }

    /** Sets {@code x[xo+i] *= alpha} for {@code i < n}. */
    public static void scale(float alpha, float[] x, int xo, int n) {
        for (int i = 0; i < n; i++) {
            x[xo + i] *= alpha;
        }
    }

    /**
     * Returns {@code Σ a[ao+i]·b[bo+i]} for {@code i < n} in double precision: the kernel of the small
     * dense solves (Cholesky of f×f systems in matrix factorisation), unrolled like the float one.
     */
    public static double dot(double[] a, int ao, double[] b, int bo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        int end4 = n & ~3;
        for (; i < end4; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Sets {@code y[yo+i] += alpha · x[xo+i]} for {@code i < n}, in double precision. */
    public static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /**
     * Sets {@code y[yo+i] += a0·x[x0+i] + a1·x[x1+i] + a2·x[x2+i] + a3·x[x3+i]} for {@code i < n}: four
     * {@link #axpy(double, double[], int, double[], int, int) axpy}s fused so that {@code y} is loaded and
     * stored once instead of four times (the rank-4 update of the small Gram matrices in ALS). Each element is
     * summed in the order written.
     */
    public static void axpy4(double a0, int x0, double a1, int x1, double a2, int x2, double a3, int x3, double[] x,
                             double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += a0 * x[x0 + i] + a1 * x[x1 + i] + a2 * x[x2 + i] + a3 * x[x3 + i];
        }
    }

    /**
     * Returns true if {@code x[xo .. xo+n)} can serve as a direction: some component is non-zero and every one is
     * finite. A zero vector (e.g. the factors of an item without interactions) has no direction: its cosine with
     * anything is 0 for every item alike, so it must never be ranked or be a query.
     */
    public static boolean isUsable(float[] x, int xo, int n) {
        boolean nonZero = false;
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            if (!Float.isFinite(v)) {
                return false;
            }
            nonZero |= v != 0f;
        }
        return nonZero;
    }

    /** Returns the Euclidean norm of {@code x[xo .. xo+n)}. */
    public static float norm(float[] x, int xo, int n) {
        return (float) Math.sqrt(dot(x, xo, x, xo, n));
    }

    /**
     * Scales {@code x[xo .. xo+n)} to unit Euclidean norm and returns the norm it had; a zero vector
     * is left unchanged (and 0 returned).
     */
    public static float normalize(float[] x, int xo, int n) {
        float norm = norm(x, xo, n);
        if (norm > 0) {
            scale(1f / norm, x, xo, n);
        }
        return norm;
    }

    /**
     * Normalises every row of a row-major matrix of {@code rows × dim} in place (zero rows stay zero).
     *
     * @return the matrix, for chaining
     */
    public static float[] normalizeRows(float[] matrix, int dim) {
        if (dim < 1 || matrix.length % dim != 0) {
            throw new IllegalArgumentException("normalizeRows: length " + matrix.length + " is not a multiple of dim "
                    + dim);
        }
        for (int o = 0; o < matrix.length; o += dim) {
            normalize(matrix, o, dim);
        }
        return matrix;
    }

    /**
     * Returns the cosine similarity of two slices; 0 if either is a zero vector.
     */
    public static float cosine(float[] a, int ao, float[] b, int bo, int n) {
        float ab = dot(a, ao, b, bo, n);
        float aa = dot(a, ao, a, ao, n);
        float bb = dot(b, bo, b, bo, n);
        if (aa == 0 || bb == 0) {
            return 0;
        }
        return (float) (ab / Math.sqrt((double) aa * bb));
    }

    /**
     * Adds {@code Σ_{s<srcCount} coef[coefFrom+o][s] · src[s][0..n)} to {@code out[outFrom+o][0..n)} for every
     * {@code o < outCount}: a block of rows times a matrix stored one row array per row ({@code OUT += C·SRC}),
     * e.g. a few hidden states against a transposed item matrix (their logits over the catalogue), or a
     * weight gradient {@code Hᵀ·G}. With the SIMD kernels (see {@link #simdKernels()}) four output rows are
     * computed at once and the sums over {@code s} stay in registers, so each source row is read once per four
     * output rows; otherwise each output row is {@code srcCount / 4} {@link #axpy4} sweeps (the same bits as
     * those calls). {@code out}'s rows must be distinct from {@code src}'s.
     *
     * @param coef     the coefficients: row {@code coefFrom + o} holds output row {@code o}'s {@code srcCount}
     * @param coefFrom the first coefficient row
     * @param outCount the output rows
     * @param srcCount the source rows
     * @param src      the source rows, {@code n} values each (at least)
     * @param out      the output rows, added to
     * @param outFrom  the output row of the first coefficient row
     * @param n        the columns
     */
    public static void addProducts(float[][] coef, int coefFrom, int outCount, int srcCount, float[][] src,
                                   float[][] out, int outFrom, int n) {
        if (n >= SIMD_MIN) {
            SIMD.addProducts(coef, coefFrom, outCount, srcCount, src, out, outFrom, n);
            return;
        }
        for (int o = 0; o < outCount; o++) {
            float[] c = coef[coefFrom + o];
            float[] y = out[outFrom + o];
            int s = 0;
            for (; s + 3 < srcCount; s += 4) {
                axpy4(c[s], src[s], c[s + 1], src[s + 1], c[s + 2], src[s + 2], c[s + 3], src[s + 3], y, n);
            }
            for (; s < srcCount; s++) {
                axpy(c[s], src[s], y, n);
            }
        }
    }

    /**
     * Adds {@code dot(a[aFrom+r][0..n), b[k][0..n))} to {@code out[outFrom+r][k]} for every {@code r < aCount},
     * {@code k < bCount}: a block of rows times a transposed matrix ({@code OUT += A·Bᵀ}), e.g. the gradients
     * of a few hidden states from their logits' gradients over the catalogue. With the SIMD kernels eight dot
     * products (four rows of {@code a}, two of {@code b}) share one pass; otherwise one
     * {@link #dot(float[], int, float[], int, int)} each.
     *
     * @param a       the left rows, {@code n} values each (at least)
     * @param aFrom   the first left row
     * @param aCount  the left rows
     * @param b       the right rows, {@code n} values each (at least)
     * @param bCount  the right rows (the columns of {@code out} written)
     * @param out     the output rows, added to
     * @param outFrom the output row of {@code a}'s first row
     * @param n       the length of each dot product
     */
    public static void addDots(float[][] a, int aFrom, int aCount, float[][] b, int bCount, float[][] out,
                               int outFrom, int n) {
        if (n >= SIMD_MIN) {
            SIMD.addDots(a, aFrom, aCount, b, bCount, out, outFrom, n);
            return;
        }
        for (int r = 0; r < aCount; r++) {
            float[] x = a[aFrom + r];
            float[] o = out[outFrom + r];
            for (int k = 0; k < bCount; k++) {
                o[k] += dot(x, 0, b[k], 0, n);
            }
        }
    }

    /**
     * Replaces {@code x[i]} by {@code exp(x[i] − max x)} for {@code i < n} and returns their sum: a softmax's
     * numerators, shifted by the maximum so that none overflows (divide by the sum for the probabilities). With
     * the SIMD kernels (see {@link #simdKernels()}) the exponentials are the Vector API's (within an ulp or two of
     * {@link Math#exp}, about ten times faster) and the sum is taken in float registers.
     *
     * @param x the logits, overwritten, at least {@code n} values
     * @param n how many; at least 1
     * @return {@code Σ exp(x[i] − max x)}, at least 1
     */
    public static double softmaxExp(float[] x, int n) {
        if (n >= SIMD_MIN) {
            return SIMD.softmaxExp(x, n);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[i] - max);
            x[i] = e;
            sum += e;
        }
        return sum;
    }

    /**
     * Writes {@code out[r] = dot(query, matrix row r)} for every row of a row-major {@code rows × dim} matrix:
     * the inner loop of brute-force search and of scoring every item for one user.
     *
     * @param matrix row-major, {@code out.length × dim} values (at least)
     * @param query  {@code dim} values from {@code qo}
     * @param out    one score per row
     */
    public static void dotRows(float[] matrix, int dim, float[] query, int qo, float[] out) {
        for (int r = 0, o = 0; r < out.length; r++, o += dim) {
            out[r] = dot(matrix, o, query, qo, dim);
        }
    }
}
