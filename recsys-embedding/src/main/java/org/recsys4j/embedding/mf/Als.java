package org.recsys4j.embedding.mf;

import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.core.vector.Vectors;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains explicit-rating matrix factorisation with user and item biases by alternating least squares,
 * for rating prediction (protocol R): {@code r̂(u, i) = μ + b_u + b_i + p_u·q_i}, with μ the mean
 * training rating, minimising
 * <pre>
 *   Σ_(u,i) (r_ui − μ − b_u − b_i − p_u·q_i)² + Σ_u λ_u ‖p_u‖² + Σ_i λ_i ‖q_i‖² + λ_b (Σ_u b_u² + Σ_i b_i²)
 * </pre>
 * over the observed ratings, with {@code λ_u = λ_i = λ} by default, or with weighted regularisation
 * (Zhou et al., "Large-scale parallel collaborative filtering for the Netflix prize", AAIM 2008)
 * {@code λ_u = λ·n_u} and {@code λ_i = λ·n_i}, the numbers of ratings of the user and item. The bias
 * penalty λ_b is never weighted. The defaults (f = 10, λ = 12, λ_b = 3, 15 iterations) give a mean RMSE of
 * 0.908 under protocol R on ml-100k.
 *
 * <p>The bias is solved <em>jointly</em> with the factors: each user row solves the (f+1)×(f+1) system of
 * the augmented unknown {@code [p_u; b_u]} against the augmented item features {@code [q_i; 1]} and the
 * target {@code r_ui − μ − b_i}, exactly (Cholesky in double); items likewise. Each half-step is therefore
 * the exact minimiser over one side given the other, and the objective never increases. Users and
 * items without ratings keep zero factors and bias. Factors start from normal(0,
 * {@link Builder#withInitStd(double) 0.1}) drawn from the seed, biases from 0; an iteration solves users
 * then items. Rows are solved in parallel; the result does not depend on the thread count. Each (user,
 * item) pair must occur once: a repeated pair is an {@link IllegalArgumentException} naming it, since which of
 * its ratings counts is the caller's choice (a {@link org.recsys4j.core.data.Feedback} policy's combine rule).
 *
 * <pre>{@code
 * AlsModel m = Als.builder().withFactors(10).withRegularization(12).withBiasRegularization(3)
 *         .withIterations(15).withThreads(2).build().fit(train);
 * m.predict(users, items, out);
 * }</pre>
 */
public final class Als {
    /** Default number of latent factors (the protocol R setting, docs/mf-notes.md). */
    public static final int DEFAULT_FACTORS = 10;
    /** Default regularisation λ of the factors (unweighted, the protocol R setting). */
    public static final double DEFAULT_REGULARIZATION = 12.0;
    /** Default regularisation λ_b of the biases (never weighted by counts). */
    public static final double DEFAULT_BIAS_REGULARIZATION = 3.0;
    /** Default number of iterations. */
    public static final int DEFAULT_ITERATIONS = 15;
    /** Default standard deviation of the initial factors. */
    public static final double DEFAULT_INIT_STD = 0.1;
    /** By default λ is not scaled by each row's number of ratings. */
    public static final boolean DEFAULT_WEIGHTED_REGULARIZATION = false;
    /** By default user and item biases are fit. */
    public static final boolean DEFAULT_BIASES = true;
    /** Default seed of the initial factors. */
    public static final long DEFAULT_SEED = 0;
    /** By default predictions are not clipped. */
    public static final boolean DEFAULT_CLIP = false;
    /**
     * Default number of threads: all available processors, since the model does not depend on the thread count
     * (each row is solved on its own).
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    private final int factors;
    private final double regularization;
    private final double biasRegularization;
    private final boolean weighted;
    private final boolean biases;
    private final int iterations;
    private final int threads;
    private final long seed;
    private final double initStd;
    private final boolean clip;
    private final IterationListener listener;

    private Als(Builder b) {
        this.factors = b.factors;
        this.regularization = b.regularization;
        this.biasRegularization = b.biasRegularization;
        this.weighted = b.weighted;
        this.biases = b.biases;
        this.iterations = b.iterations;
        this.threads = b.threads;
        this.seed = b.seed;
        this.initStd = b.initStd;
        this.clip = b.clip;
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

    /** Returns λ_b, the (unweighted) regularisation of every bias. */
    public double biasRegularization() {
        return biasRegularization;
    }

    /** Returns true if λ is scaled by each row's number of ratings. */
    public boolean weightedRegularization() {
        return weighted;
    }

    /** Returns true if user and item biases are fit (false: {@code μ + p·q} only). */
    public boolean biases() {
        return biases;
    }

    /** Returns the number of iterations. */
    public int iterations() {
        return iterations;
    }

    /** Returns the number of threads. */
    public int threads() {
        return threads;
    }

    /** Returns the seed of the initial factors. */
    public long seed() {
        return seed;
    }

    /** Returns the standard deviation of the initial factors. */
    public double initStd() {
        return initStd;
    }

    /** Returns true if the model clips predictions to the training ratings' range. */
    public boolean clip() {
        return clip;
    }

    /**
     * Returns the model fit on {@code train}; ratings are the interactions' values.
     *
     * @throws IllegalArgumentException if a (user, item) pair occurs in two rows
     *                                  ({@link Interactions#requireUniquePairs})
     */
    public AlsModel fit(Interactions train) {
        Objects.requireNonNull(train, "train");
        train.requireUniquePairs("Als.fit: train");
        long t0 = System.nanoTime();
        RowMatrix r = RowMatrix.byUser(train);
        RowMatrix rt = r.transpose();
        double sum = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : r.values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mu = r.nnz() > 0 ? sum / r.nnz() : 0.0;
        int f = factors;
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] p = Factors.normal(r.rows, f, initStd, rnd);
        float[] q = Factors.normal(rt.rows, f, initStd, rnd);
        double[] bu = new double[r.rows];
        double[] bi = new double[rt.rows];
        zeroEmpty(r, p, f);
        zeroEmpty(rt, q, f);
        for (int it = 1; it <= iterations; it++) {
            halfSweep(r, mu, q, bi, p, bu);
            halfSweep(rt, mu, p, bu, q, bi);
            if (listener != null) {
                listener.onIteration(it, loss(r, rt, mu, p, q, bu, bi));
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!clip || r.nnz() == 0) {
            min = Float.NEGATIVE_INFINITY;
            max = Float.POSITIVE_INFINITY;
        }
        return new AlsModel(this, train.users(), train.items(), f, mu, p, q, bu, bi, min, max, secs,
                Fingerprints.interactions(train));
    }

    private static void zeroEmpty(RowMatrix m, float[] factors, int f) {
        for (int u = 0; u < m.rows; u++) {
            if (m.degree(u) == 0) {
                java.util.Arrays.fill(factors, u * f, (u + 1) * f, 0f);
            }
        }
    }

    /** Per-thread buffers. */
    private static final class Work {
        final double[] a;
        final double[] b;
        final double[] zs;
        final double[] ones;

        Work(int d) {
            a = new double[d * d];
            b = new double[d];
            zs = new double[Factors.BLOCK * d];
            ones = new double[Factors.BLOCK];
            java.util.Arrays.fill(ones, 1.0);
        }
    }

    /**
     * Solves, for every row of {@code m}, {@code [x; bx]} given the fixed side's factors {@code y} and biases
     * {@code by}.
     */
    private void halfSweep(RowMatrix m, double mu, float[] y, double[] by, float[] x, double[] bx) {
        int f = factors;
        int d = biases ? f + 1 : f;
        Parallel.forRange(m.rows, threads, 32, () -> new Work(d), (w, from, to) -> {
            for (int u = from; u < to; u++) {
                int s = m.offsets[u];
                int e = m.offsets[u + 1];
                if (s == e) {
                    continue;
                }
                java.util.Arrays.fill(w.a, 0.0);
                java.util.Arrays.fill(w.b, 0.0);
                double lambda = weighted ? regularization * (e - s) : regularization;
                for (int k = 0; k < f; k++) {
                    w.a[k * d + k] = lambda;
                }
                if (biases) {
                    w.a[f * d + f] = biasRegularization;
                }
                for (int p0 = s; p0 < e; p0 += Factors.BLOCK) {
                    int n = Math.min(Factors.BLOCK, e - p0);
                    for (int k = 0; k < n; k++) {
                        int j = m.indices[p0 + k];
                        Factors.toDouble(y, j * f, w.zs, k * d, f);
                        if (biases) {
                            w.zs[k * d + f] = 1.0;
                        }
                        double t = m.values[p0 + k] - mu - (biases ? by[j] : 0.0);
                        Vectors.axpy(t, w.zs, k * d, w.b, 0, d);
                    }
                    Factors.addWeightedGramUpper(w.ones, w.zs, n, w.a, d);
                }
                DenseSpd.solve(w.a, d, w.b);
                for (int k = 0; k < f; k++) {
                    x[u * f + k] = (float) w.b[k];
                }
                if (biases) {
                    bx[u] = w.b[f];
                }
            }
        });
    }

    private double loss(RowMatrix r, RowMatrix rt, double mu, float[] p, float[] q, double[] bu, double[] bi) {
        int f = factors;
        double[] perUser = new double[r.rows];
        Parallel.forRange(r.rows, threads, 64, (from, to) -> {
            for (int u = from; u < to; u++) {
                double s = 0;
                for (int pos = r.offsets[u]; pos < r.offsets[u + 1]; pos++) {
                    int i = r.indices[pos];
                    double e = r.values[pos] - mu - bu[u] - bi[i] - Vectors.dot(p, u * f, q, i * f, f);
                    s += e * e;
                }
                double lu = weighted ? regularization * r.degree(u) : regularization;
                perUser[u] = s + lu * Vectors.dot(p, u * f, p, u * f, f) + biasRegularization * bu[u] * bu[u];
            }
        });
        double loss = 0;
        for (double v : perUser) {
            loss += v;
        }
        for (int i = 0; i < rt.rows; i++) {
            double li = weighted ? regularization * rt.degree(i) : regularization;
            loss += li * Vectors.dot(q, i * f, q, i * f, f) + biasRegularization * bi[i] * bi[i];
        }
        return loss;
    }

    @Override
    public String toString() {
        return "Als[factors=" + factors + ", regularization=" + regularization + (weighted ? " (weighted)" : "")
                + ", biasRegularization=" + biasRegularization + ", biases=" + biases + ", iterations=" + iterations + ", threads=" + threads + ", seed=" + seed
                + ", clip=" + clip + "]";
    }

    /** Builds an {@link Als} trainer; {@link #build()} validates every option. */
    public static final class Builder {
        private int factors = DEFAULT_FACTORS;
        private double regularization = DEFAULT_REGULARIZATION;
        private double biasRegularization = DEFAULT_BIAS_REGULARIZATION;
        private boolean weighted = DEFAULT_WEIGHTED_REGULARIZATION;
        private boolean biases = DEFAULT_BIASES;
        private int iterations = DEFAULT_ITERATIONS;
        private int threads = DEFAULT_THREADS;
        private long seed = DEFAULT_SEED;
        private double initStd = DEFAULT_INIT_STD;
        private boolean clip = DEFAULT_CLIP;
        private IterationListener listener;

        private Builder() {
        }

        /** Sets the number of latent factors f ≥ 0 (default {@value Als#DEFAULT_FACTORS}; 0 = biases only). */
        public Builder withFactors(int factors) {
            this.factors = factors;
            return this;
        }

        /** Sets the regularisation λ &gt; 0 (default {@value Als#DEFAULT_REGULARIZATION}). */
        public Builder withRegularization(double lambda) {
            this.regularization = lambda;
            return this;
        }

        /**
         * Sets λ_b &gt; 0, the regularisation of every bias, never scaled by counts (default
         * {@value Als#DEFAULT_BIAS_REGULARIZATION}): a count-weighted bias penalty would shrink every bias by
         * the same factor 1/(1+λ), however many ratings support it.
         */
        public Builder withBiasRegularization(double lambda) {
            this.biasRegularization = lambda;
            return this;
        }

        /**
         * Scales λ by each row's number of ratings (true) or not (false; default
         * {@value Als#DEFAULT_WEIGHTED_REGULARIZATION}).
         */
        public Builder withWeightedRegularization(boolean weighted) {
            this.weighted = weighted;
            return this;
        }

        /** Fits user and item biases (true; default {@value Als#DEFAULT_BIASES}) or only {@code μ + p·q}. */
        public Builder withBiases(boolean biases) {
            this.biases = biases;
            return this;
        }

        /** Sets the number of iterations (default {@value Als#DEFAULT_ITERATIONS}). */
        public Builder withIterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        /**
         * Sets the number of threads, at least 1 (default {@link Als#DEFAULT_THREADS}: all available processors);
         * the model does not depend on it.
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Sets the seed of the initial factors (default {@value Als#DEFAULT_SEED}). */
        public Builder withSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the standard deviation of the initial factors (default {@value Als#DEFAULT_INIT_STD}). */
        public Builder withInitStd(double std) {
            this.initStd = std;
            return this;
        }

        /** Makes the model clip predictions to [min, max] of the training ratings (default {@value Als#DEFAULT_CLIP}). */
        public Builder withClip(boolean clip) {
            this.clip = clip;
            return this;
        }

        /** Sets a listener called after each iteration with the training objective; absent or null (the default): none. */
        public Builder withListener(IterationListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Returns the trainer.
         *
         * @throws IllegalArgumentException naming the option if a value is out of range
         */
        public Als build() {
            if (factors < 0) {
                throw new IllegalArgumentException("factors: " + factors + ", must be >= 0");
            }
            if (factors == 0 && !biases) {
                throw new IllegalArgumentException("factors: 0 without biases leaves nothing to fit");
            }
            if (!(regularization > 0) || Double.isInfinite(regularization)) {
                throw new IllegalArgumentException("regularization: " + regularization + ", must be finite and > 0");
            }
            if (!(biasRegularization > 0) || Double.isInfinite(biasRegularization)) {
                throw new IllegalArgumentException("biasRegularization: " + biasRegularization
                        + ", must be finite and > 0");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations: " + iterations + ", must be >= 1");
            }
            Parallel.checkThreads(threads);
            if (!(initStd >= 0) || Double.isInfinite(initStd)) {
                throw new IllegalArgumentException("initStd: " + initStd + ", must be finite and >= 0");
            }
            return new Als(this);
        }
    }
}
