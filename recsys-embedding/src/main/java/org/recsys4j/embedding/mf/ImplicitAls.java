package org.recsys4j.embedding.mf;

import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.core.vector.Vectors;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains implicit-feedback matrix factorisation by alternating least squares (Hu, Koren and Volinsky,
 * "Collaborative Filtering for Implicit Feedback Datasets", ICDM 2008): iALS.
 *
 * <p>Every stored (user, item) interaction with value {@code r} is a positive preference {@code p = 1}
 * with confidence {@code c = 1 + α·r} ({@link Confidence#LINEAR}) or {@code c = 1 + α·log(1 + r/ε)}
 * ({@link Confidence#LOG}); every other pair is {@code p = 0} with {@code c = 1}. The factors minimise
 * <pre>
 *   Σ_u Σ_i c_ui (p_ui − x_u·y_i)² + λ (Σ_u ‖x_u‖² + Σ_i ‖y_i‖²)
 * </pre>
 * (the loss reported to the {@link IterationListener}). An iteration solves every user given the items,
 * then every item given the users. With {@link Solver#EXACT} each row solves
 * {@code (YᵀY + Yᵀ(C_u − I)Y + λI) x_u = YᵀC_u p(u)} by Cholesky in double precision, where {@code YᵀY} is
 * computed once per half-sweep — the same method as the numpy anchor
 * ({@code anchors/topn/topn_refs.py}). With {@link Solver#CONJUGATE_GRADIENT} each row instead takes
 * {@link Builder#withCgSteps(int) a few} conjugate-gradient steps on the same system, warm-started from its
 * previous factors (Takács, Pilászy and Tikk, RecSys 2011; as in the {@code implicit} library): much cheaper
 * per row, close to the exact fixed point after a few iterations.
 *
 * <p>Factors start from normal(0, {@link Builder#withInitStd(double) 0.01}) drawn from the seed (users then
 * items), as the anchor does. Rows are solved in parallel; each row's solution depends only on the other
 * side and its own previous value, so the result does not depend on the thread count.
 *
 * <p><b>One interaction per (user, item) pair.</b> The trainer does not choose between several events of a
 * pair (keeping the first would let a view hide a later purchase): a repeated pair is an
 * {@link IllegalArgumentException} naming the first one, its ids and rows. Combine the events of a pair with
 * an explicit {@link org.recsys4j.core.data.Feedback} policy first: {@link
 * org.recsys4j.core.data.Feedback.Combine#MAX MAX} (the strongest event: a purchase after a view counts as
 * the purchase), {@code LAST}, {@code SUM} (total engagement) or {@code FIRST}.
 *
 * <pre>{@code
 * Interactions train = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0),
 *         Feedback.Combine.MAX).apply(log);     // one interaction per pair: its strongest event
 * ImplicitAlsModel m = ImplicitAls.builder().withFactors(64).withRegularization(0.1).withAlpha(10)
 *         .withIterations(15).withThreads(2).build().fit(train);
 * m.score(new int[]{0, 1}, scores);            // UserItemScorer: every item for known users
 * m.scoreHistory(new int[]{3, 17, 42}, row);   // HistoryScorer: fold-in of an unseen user
 * }</pre>
 */
public final class ImplicitAls {
    /** Default number of latent factors. */
    public static final int DEFAULT_FACTORS = 64;
    /** Default regularisation λ (the anchor's). */
    public static final double DEFAULT_REGULARIZATION = 0.1;
    /** Default confidence scale α (the anchor's). */
    public static final double DEFAULT_ALPHA = 10.0;
    /** Default number of iterations (the anchor's). */
    public static final int DEFAULT_ITERATIONS = 15;
    /** Default conjugate-gradient steps per row and half-sweep. */
    public static final int DEFAULT_CG_STEPS = 3;
    /** Default standard deviation of the initial factors (the anchor's). */
    public static final double DEFAULT_INIT_STD = 0.01;
    /** Default confidence function. */
    public static final Confidence DEFAULT_CONFIDENCE = Confidence.LINEAR;
    /** Default ε of the {@link Confidence#LOG} confidence. */
    public static final double DEFAULT_EPSILON = 1.0;
    /** Default row solver. */
    public static final Solver DEFAULT_SOLVER = Solver.EXACT;
    /** Default seed of the initial factors. */
    public static final long DEFAULT_SEED = 0;
    /**
     * Default number of threads: all available processors, since the model does not depend on the thread count
     * (each row's solution depends only on the other side and its own previous value).
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    /** How a row's system is solved. */
    public enum Solver {
        /** Exact Cholesky solve of each row's f×f system (the paper's and the anchor's method). */
        EXACT,
        /** A few conjugate-gradient steps per row, warm-started from the previous factors. */
        CONJUGATE_GRADIENT
    }

    /** How an interaction value {@code r} becomes a confidence. */
    public enum Confidence {
        /** {@code c = 1 + α·r}. */
        LINEAR,
        /** {@code c = 1 + α·log(1 + r/ε)}. */
        LOG
    }

    private final int factors;
    private final double regularization;
    private final double alpha;
    private final Confidence confidence;
    private final double epsilon;
    private final int iterations;
    private final Solver solver;
    private final int cgSteps;
    private final int threads;
    private final long seed;
    private final double initStd;
    private final IterationListener listener;

    private ImplicitAls(Builder b) {
        this.factors = b.factors;
        this.regularization = b.regularization;
        this.alpha = b.alpha;
        this.confidence = b.confidence;
        this.epsilon = b.epsilon;
        this.iterations = b.iterations;
        this.solver = b.solver;
        this.cgSteps = b.cgSteps;
        this.threads = b.threads;
        this.seed = b.seed;
        this.initStd = b.initStd;
        this.listener = b.listener;
    }

    /** Returns a builder with the default options. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the number of latent factors f. */
    public int factors() {
        return factors;
    }

    /** Returns the regularisation λ. */
    public double regularization() {
        return regularization;
    }

    /** Returns the confidence scale α. */
    public double alpha() {
        return alpha;
    }

    /** Returns the confidence function. */
    public Confidence confidence() {
        return confidence;
    }

    /** Returns ε of the {@link Confidence#LOG} confidence. */
    public double epsilon() {
        return epsilon;
    }

    /** Returns the number of iterations. */
    public int iterations() {
        return iterations;
    }

    /** Returns the row solver. */
    public Solver solver() {
        return solver;
    }

    /** Returns the conjugate-gradient steps per row (used by {@link Solver#CONJUGATE_GRADIENT}). */
    public int cgSteps() {
        return cgSteps;
    }

    /** Returns the number of threads. */
    public int threads() {
        return threads;
    }

    /** Returns the random seed of the initial factors. */
    public long seed() {
        return seed;
    }

    /** Returns the standard deviation of the initial factors. */
    public double initStd() {
        return initStd;
    }

    /** Returns the confidence {@code c} of an interaction with value {@code r}. */
    public double confidenceOf(double r) {
        return confidence == Confidence.LINEAR ? 1 + alpha * r : 1 + alpha * Math.log1p(r / epsilon);
    }

    /**
     * Returns the model fit on {@code train}: one factor row per user and item index of its id indices
     * (users or items without interactions get zero factors with the exact solver).
     *
     * @throws IllegalArgumentException if an interaction value is negative or not finite, or a (user, item) pair
     *                                  occurs in two rows ({@link Interactions#requireUniquePairs})
     * @throws IllegalStateException    if a row's system is not positive definite (cannot happen for λ &gt; 0
     *                                  and finite data)
     */
    public ImplicitAlsModel fit(Interactions train) {
        Objects.requireNonNull(train, "train");
        train.requireUniquePairs("ImplicitAls.fit: train");
        long t0 = System.nanoTime();
        RowMatrix r = RowMatrix.byUser(train);
        RowMatrix rt = r.transpose();
        float[] cu = confidences(r.values);
        float[] ci = confidences(rt.values);
        int f = factors;
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = Factors.normal(r.rows, f, initStd, rnd);
        float[] y = Factors.normal(rt.rows, f, initStd, rnd);
        double[] gramY = null;
        for (int it = 1; it <= iterations; it++) {
            halfSweep(r, cu, y, x);
            halfSweep(rt, ci, x, y);
            if (listener != null) {
                gramY = Factors.gram(y, rt.rows, f);
                listener.onIteration(it, loss(r, cu, x, y, gramY));
            }
        }
        if (gramY == null) {
            gramY = Factors.gram(y, rt.rows, f);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new ImplicitAlsModel(this, train.users(), train.items(), f, x, y, gramY, secs,
                Fingerprints.interactions(train));
    }

    private float[] confidences(float[] values) {
        float[] c = new float[values.length];
        for (int p = 0; p < values.length; p++) {
            double conf = confidenceOf(values[p]);
            if (!(conf >= 1) || Double.isInfinite(conf)) {
                throw new IllegalArgumentException("train: interaction value " + values[p] + " gives confidence " + conf
                        + "; values must be finite and >= 0");
            }
            c[p] = (float) conf;
        }
        return c;
    }

    /** Per-thread buffers of a half-sweep. */
    static final class Work {
        final double[] a;
        final double[] b;
        final double[] zs;
        final double[] wts;
        final float[] r;
        final float[] p;
        final float[] ap;

        Work(int f) {
            a = new double[f * f];
            b = new double[f];
            zs = new double[Factors.BLOCK * f];
            wts = new double[Factors.BLOCK];
            r = new float[f];
            p = new float[f];
            ap = new float[f];
        }
    }

    /** Solves every row of {@code target} (rows of {@code m}) given the fixed factors {@code fixed}. */
    private void halfSweep(RowMatrix m, float[] conf, float[] fixed, float[] target) {
        int f = factors;
        double[] gram = Factors.gram(fixed, m.cols, f);
        if (solver == Solver.EXACT) {
            Parallel.forRange(m.rows, threads, 16, () -> new Work(f), (w, from, to) -> {
                for (int u = from; u < to; u++) {
                    solveExact(gram, regularization, fixed, f, m.indices, conf, m.offsets[u], m.offsets[u + 1], w);
                    for (int a = 0; a < f; a++) {
                        target[u * f + a] = (float) w.b[a];
                    }
                }
            });
        } else {
            float[] g = new float[f * f];
            for (int k = 0; k < g.length; k++) {
                g[k] = (float) gram[k];
            }
            for (int a = 0; a < f; a++) {
                g[a * f + a] += (float) regularization;
            }
            Parallel.forRange(m.rows, threads, 64, () -> new Work(f), (w, from, to) -> {
                for (int u = from; u < to; u++) {
                    conjugateGradient(g, fixed, f, m.indices, conf, m.offsets[u], m.offsets[u + 1], target, u * f, w);
                }
            });
        }
    }

    /**
     * Leaves in {@code w.b} the exact solution of {@code (G + Σ (c−1) y yᵀ + λI) x = Σ c y} over the
     * entries {@code [from, to)}; package-private so that fold-in uses the same equations.
     */
    static void solveExact(double[] gram, double lambda, float[] fixed, int f, int[] idx, float[] conf,
                           int from, int to, Work w) {
        double[] a = w.a;
        double[] b = w.b;
        System.arraycopy(gram, 0, a, 0, f * f);
        java.util.Arrays.fill(b, 0.0);
        for (int d = 0; d < f; d++) {
            a[d * f + d] += lambda;
        }
        for (int p0 = from; p0 < to; p0 += Factors.BLOCK) {
            int n = Math.min(Factors.BLOCK, to - p0);
            for (int k = 0; k < n; k++) {
                double c = conf[p0 + k];
                Factors.toDouble(fixed, idx[p0 + k] * f, w.zs, k * f, f);
                w.wts[k] = c - 1;
                Vectors.axpy(c, w.zs, k * f, b, 0, f);
            }
            Factors.addWeightedGramUpper(w.wts, w.zs, n, a, f);
        }
        DenseSpd.solve(a, f, b);
    }

    /** Conjugate-gradient steps on one row's system, starting from and updating {@code x[xo .. xo+f)}. */
    private void conjugateGradient(float[] gLambda, float[] fixed, int f, int[] idx, float[] conf, int from, int to,
                                   float[] x, int xo, Work w) {
        float[] r = w.r;
        float[] p = w.p;
        float[] ap = w.ap;
        // r = b − A x, with A x = (G + λI) x + Σ (c−1)(y·x) y and b = Σ c y
        Vectors.dotRows(gLambda, f, x, xo, r);
        Vectors.scale(-1f, r, 0, f);
        for (int q = from; q < to; q++) {
            int yo = idx[q] * f;
            float c = conf[q];
            float s = Vectors.dot(fixed, yo, x, xo, f);
            Vectors.axpy(c - (c - 1) * s, fixed, yo, r, 0, f);
        }
        System.arraycopy(r, 0, p, 0, f);
        float rsOld = Vectors.dot(r, 0, r, 0, f);
        for (int step = 0; step < cgSteps && rsOld > 1e-20f; step++) {
            Vectors.dotRows(gLambda, f, p, 0, ap);
            for (int q = from; q < to; q++) {
                int yo = idx[q] * f;
                Vectors.axpy((conf[q] - 1) * Vectors.dot(fixed, yo, p, 0, f), fixed, yo, ap, 0, f);
            }
            float pAp = Vectors.dot(p, 0, ap, 0, f);
            if (!(pAp > 0)) {
                break;
            }
            float step1 = rsOld / pAp;
            Vectors.axpy(step1, p, 0, x, xo, f);
            Vectors.axpy(-step1, ap, 0, r, 0, f);
            float rsNew = Vectors.dot(r, 0, r, 0, f);
            Vectors.scale(rsNew / rsOld, p, 0, f);
            Vectors.axpy(1f, r, 0, p, 0, f);
            rsOld = rsNew;
        }
    }

    /** The objective of the class comment, using {@code Σ_i (x·y_i)² = xᵀ(YᵀY)x} for the unobserved pairs. */
    private double loss(RowMatrix m, float[] conf, float[] x, float[] y, double[] gramY) {
        int f = factors;
        double[] perRow = new double[m.rows];
        Parallel.forRange(m.rows, threads, 64, () -> new double[f], (xd, from, to) -> {
            for (int u = from; u < to; u++) {
                Factors.toDouble(x, u * f, xd, f);
                double quad = 0;
                for (int a = 0; a < f; a++) {
                    quad += xd[a] * Vectors.dot(gramY, a * f, xd, 0, f);
                }
                for (int p = m.offsets[u]; p < m.offsets[u + 1]; p++) {
                    double s = Vectors.dot(x, u * f, y, m.indices[p] * f, f);
                    quad += conf[p] * (1 - s) * (1 - s) - s * s;
                }
                perRow[u] = quad;
            }
        });
        double loss = 0;
        for (double v : perRow) {
            loss += v;
        }
        return loss + regularization * (Factors.squaredNorm(x) + Factors.squaredNorm(y));
    }

    @Override
    public String toString() {
        return "ImplicitAls[factors=" + factors + ", regularization=" + regularization + ", alpha=" + alpha
                + ", confidence=" + confidence + (confidence == Confidence.LOG ? ", epsilon=" + epsilon : "")
                + ", iterations=" + iterations + ", solver=" + solver
                + (solver == Solver.CONJUGATE_GRADIENT ? ", cgSteps=" + cgSteps : "") + ", threads=" + threads
                + ", seed=" + seed + "]";
    }

    /** Per-thread buffers for callers outside a sweep (fold-in). */
    static Work work(int f) {
        return new Work(f);
    }

    /** Builds an {@link ImplicitAls} trainer; {@link #build()} validates every option. */
    public static final class Builder {
        private int factors = DEFAULT_FACTORS;
        private double regularization = DEFAULT_REGULARIZATION;
        private double alpha = DEFAULT_ALPHA;
        private Confidence confidence = DEFAULT_CONFIDENCE;
        private double epsilon = DEFAULT_EPSILON;
        private int iterations = DEFAULT_ITERATIONS;
        private Solver solver = DEFAULT_SOLVER;
        private int cgSteps = DEFAULT_CG_STEPS;
        private int threads = DEFAULT_THREADS;
        private long seed = DEFAULT_SEED;
        private double initStd = DEFAULT_INIT_STD;
        private IterationListener listener;

        private Builder() {
        }

        /** Sets the number of latent factors f (default {@value ImplicitAls#DEFAULT_FACTORS}). */
        public Builder withFactors(int factors) {
            this.factors = factors;
            return this;
        }

        /** Sets the regularisation λ &gt; 0 (default {@value ImplicitAls#DEFAULT_REGULARIZATION}). */
        public Builder withRegularization(double lambda) {
            this.regularization = lambda;
            return this;
        }

        /** Sets the confidence scale α ≥ 0 (default {@value ImplicitAls#DEFAULT_ALPHA}). */
        public Builder withAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * Sets how an interaction value becomes a confidence (default {@link ImplicitAls#DEFAULT_CONFIDENCE},
         * {@link Confidence#LINEAR}: {@code c = 1 + α·r}; {@link Confidence#LOG}: {@code c = 1 + α·log(1 + r/ε)}).
         */
        public Builder withConfidence(Confidence confidence) {
            this.confidence = confidence;
            return this;
        }

        /**
         * Sets ε &gt; 0 of the {@link Confidence#LOG} confidence (default {@value ImplicitAls#DEFAULT_EPSILON});
         * ignored by {@link Confidence#LINEAR}.
         */
        public Builder withEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Sets the number of iterations (default {@value ImplicitAls#DEFAULT_ITERATIONS}). */
        public Builder withIterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        /** Sets the row solver (default {@link ImplicitAls#DEFAULT_SOLVER}, {@link Solver#EXACT}). */
        public Builder withSolver(Solver solver) {
            this.solver = solver;
            return this;
        }

        /** Sets the conjugate-gradient steps per row (default {@value ImplicitAls#DEFAULT_CG_STEPS}). */
        public Builder withCgSteps(int steps) {
            this.cgSteps = steps;
            return this;
        }

        /**
         * Sets the number of threads, at least 1 (default {@link ImplicitAls#DEFAULT_THREADS}: all available
         * processors); the model does not depend on it.
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Sets the seed of the initial factors (default {@value ImplicitAls#DEFAULT_SEED}). */
        public Builder withSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the standard deviation of the initial factors (default {@value ImplicitAls#DEFAULT_INIT_STD}). */
        public Builder withInitStd(double std) {
            this.initStd = std;
            return this;
        }

        /**
         * Sets a listener called after each iteration with the training loss; absent or null (the default): none,
         * and no loss is computed.
         */
        public Builder withListener(IterationListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Returns the trainer.
         *
         * @throws IllegalArgumentException naming the option if a value is out of range
         */
        public ImplicitAls build() {
            if (factors < 1) {
                throw new IllegalArgumentException("factors: " + factors + ", must be >= 1");
            }
            if (!(regularization > 0) || Double.isInfinite(regularization)) {
                throw new IllegalArgumentException("regularization: " + regularization + ", must be finite and > 0");
            }
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha: " + alpha + ", must be finite and >= 0");
            }
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("epsilon: " + epsilon + ", must be finite and > 0");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations: " + iterations + ", must be >= 1");
            }
            Objects.requireNonNull(confidence, "confidence");
            Objects.requireNonNull(solver, "solver");
            if (cgSteps < 1) {
                throw new IllegalArgumentException("cgSteps: " + cgSteps + ", must be >= 1");
            }
            Parallel.checkThreads(threads);
            if (!(initStd >= 0) || Double.isInfinite(initStd)) {
                throw new IllegalArgumentException("initStd: " + initStd + ", must be finite and >= 0");
            }
            return new ImplicitAls(this);
        }
    }
}
