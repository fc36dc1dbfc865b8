package org.recsys4j.core.baseline;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.util.Parallel;

import java.util.Objects;

/**
 * Trains EASE, the closed-form item-item linear autoencoder of Steck, "Embarrassingly Shallow
 * Autoencoders for Sparse Data", WWW 2019.
 *
 * <p>With X the binary users × items training matrix (every interaction is 1, a repeated pair once:
 * presence, values ignored):
 * <pre>
 *   P = (XᵀX + λI)⁻¹,   B = I − P · diagMat(1 / diag(P)),   i.e. B_ij = −P_ij / P_jj, B_jj = 0
 *   score(u, ·) = x_u B
 * </pre>
 * Two exact solvers compute the same model ({@link Solver}):
 * <ul>
 *   <li>{@link Solver#PRIMAL} inverts the items × items Gram matrix with a pure-Java blocked Cholesky and
 *       stores the dense B: cost O(items³) time, O(items²) memory.</li>
 *   <li>{@link Solver#DUAL} uses the Woodbury identity
 *       {@code (λI + XᵀX)⁻¹ = (1/λ)(I − Xᵀ(λI + XXᵀ)⁻¹X)} and only inverts the users × users matrix
 *       {@code M = (λI + XXᵀ)⁻¹}: O(users³ + users·nnz) time, O(users²) memory, and B is never
 *       materialised. For a training user {@code x_u P = (M X)_u} (row u of M times X), for any history
 *       {@code x P = (1/λ)(x − (x Xᵀ) M X)}, {@code P_jj = (1/λ)(1 − X_{:,j}ᵀ M X_{:,j})} and
 *       {@code score_j = x_j − (x P)_j / P_jj}.</li>
 * </ul>
 * Only users and items with training interactions enter the matrices; the others contribute nothing
 * to XᵀX or XXᵀ, and items without interactions score 0. {@link Solver#AUTO} picks DUAL when there are
 * fewer active users than active items (ml-latest-small: 610 users, 9,724 items), else PRIMAL.
 *
 * <pre>{@code
 * EaseModel ease = Ease.builder().withLambda(100).build().fit(train);
 * System.out.println(ease.solver() + " in " + ease.fitSeconds() + " s");
 * }</pre>
 */
public final class Ease {
    /** Which exact solver computes the model. */
    public enum Solver {
        /** DUAL when active users &lt; active items, else PRIMAL. */
        AUTO,
        /** Invert the items × items Gram matrix and store B densely. */
        PRIMAL,
        /** Invert the users × users matrix (Woodbury identity); B is computed on demand. */
        DUAL
    }

    /** Default L2 regularisation λ (the best λ of the protocol-T reference on ml-100k). */
    public static final double DEFAULT_LAMBDA = 100.0;
    /** Default solver: {@link Solver#AUTO}. */
    public static final Solver DEFAULT_SOLVER = Solver.AUTO;
    /**
     * Threads used by default: all available processors ({@link Parallel#availableThreads()}), since the
     * model does not depend on the thread count.
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    private final double lambda;
    private final Solver solver;
    private final int threads;

    private Ease(Builder b) {
        this.lambda = b.lambda;
        this.solver = b.solver;
        this.threads = b.threads;
    }

    /** Returns a builder with the default options. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the regularisation λ. */
    public double lambda() {
        return lambda;
    }

    /** Returns the configured solver (possibly {@link Solver#AUTO}). */
    public Solver solver() {
        return solver;
    }

    /** Returns the number of threads used to fit and to score blocks of users. */
    public int threads() {
        return threads;
    }

    /** Returns the solver that {@code fit} would use for the given numbers of active users and items. */
    public Solver resolve(int activeUsers, int activeItems) {
        if (solver != Solver.AUTO) {
            return solver;
        }
        return activeUsers < activeItems ? Solver.DUAL : Solver.PRIMAL;
    }

    /**
     * Returns the model fit on {@code train} (values are ignored: every interaction is 1).
     *
     * @throws IllegalStateException if the matrix to invert is not numerically positive definite
     */
    public EaseModel fit(Interactions train) {
        Objects.requireNonNull(train, "train");
        long t0 = System.nanoTime();
        SparseMatrix x = SparseMatrix.userItem(train, true);
        SparseMatrix xt = x.transpose();
        Solver used = resolve(x.nonEmptyRows(), xt.nonEmptyRows());
        EaseModel.Parts parts = used == Solver.PRIMAL ? primal(x, xt) : dual(x, xt);
        double secs = (System.nanoTime() - t0) / 1e9;
        return new EaseModel(this, used, x, parts, secs);
    }

    private EaseModel.Parts primal(SparseMatrix x, SparseMatrix xt) {
        int ni = x.cols;
        int[] active = activeRows(xt);
        int n = checkDense(active.length, "PRIMAL", "items");
        int[] pos = positions(active, ni);
        double[] p = SpdInverse.invert(gram(x, xt, active, pos), n, threads, "XᵀX + λI");
        // B_ij = -P_ij / P_jj, B_jj = 0, in place
        double[] diag = new double[n];
        for (int j = 0; j < n; j++) {
            diag[j] = p[j * n + j];
        }
        Parallel.forRange(n, threads, 64, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    p[row + j] = i == j ? 0.0 : -p[row + j] / diag[j];
                }
            }
        });
        return EaseModel.Parts.primal(active, pos, p);
    }

    /** Returns the dense active-items Gram matrix XᵀX + λI, row-major. */
    private double[] gram(SparseMatrix x, SparseMatrix xt, int[] active, int[] pos) {
        int n = active.length;
        double[] g = new double[n * n];
        Parallel.forRange(n, threads, 32, (from, to) -> {
            for (int a = from; a < to; a++) {
                int item = active[a];
                int row = a * n;
                for (int p = xt.offsets[item]; p < xt.offsets[item + 1]; p++) {
                    int u = xt.indices[p];
                    for (int q = x.offsets[u]; q < x.offsets[u + 1]; q++) {
                        g[row + pos[x.indices[q]]] += 1.0;
                    }
                }
                g[row + a] += lambda;
            }
        });
        return g;
    }

    private EaseModel.Parts dual(SparseMatrix x, SparseMatrix xt) {
        int nu = x.rows;
        int ni = x.cols;
        int[] active = activeRows(x);
        int n = checkDense(active.length, "DUAL", "users");
        int[] pos = positions(active, nu);
        double[] m = SpdInverse.invert(kernel(x, xt, active, pos), n, threads, "XXᵀ + λI");
        // diag(P)_j = (1/λ)(1 − Σ_{a,b ∈ U_j} M_ab)
        double[] diagP = new double[ni];
        Parallel.forRange(ni, threads, 64, (from, to) -> {
            for (int j = from; j < to; j++) {
                int s = xt.offsets[j];
                int e = xt.offsets[j + 1];
                double quad = 0;
                for (int p = s; p < e; p++) {
                    int row = pos[xt.indices[p]] * n;
                    double acc = 0;
                    for (int q = s; q < e; q++) {
                        acc += m[row + pos[xt.indices[q]]];
                    }
                    quad += acc;
                }
                diagP[j] = (1.0 - quad) / lambda;
            }
        });
        return EaseModel.Parts.dual(active, pos, m, diagP, xt);
    }

    /** Returns the dense active-users matrix XXᵀ + λI, row-major. */
    private double[] kernel(SparseMatrix x, SparseMatrix xt, int[] active, int[] pos) {
        int n = active.length;
        double[] k = new double[n * n];
        Parallel.forRange(n, threads, 16, (from, to) -> {
            for (int a = from; a < to; a++) {
                int u = active[a];
                int row = a * n;
                for (int p = x.offsets[u]; p < x.offsets[u + 1]; p++) {
                    int i = x.indices[p];
                    for (int q = xt.offsets[i]; q < xt.offsets[i + 1]; q++) {
                        k[row + pos[xt.indices[q]]] += 1.0;
                    }
                }
                k[row + a] += lambda;
            }
        });
        return k;
    }

    /** The largest n whose n × n dense matrix fits one Java array. */
    private static final int MAX_DENSE = 46_340;

    private static int checkDense(int n, String solver, String what) {
        if (n > MAX_DENSE) {
            throw new IllegalArgumentException(solver + " needs a dense " + n + "x" + n + " matrix of active " + what
                    + "; at most " + MAX_DENSE + " fit in one array, choose the other solver");
        }
        // the inverse holds the matrix and its lower triangle at once: about 1.5 n² doubles at the peak
        long need = 12L * n * n;
        long max = Runtime.getRuntime().maxMemory();
        if (need > max) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s needs a dense %dx%d matrix of active %s, about %.1f GiB at the peak; this JVM may use %.1f GiB "
                            + "(raise -Xmx or choose the other solver)", solver, n, n, what, need / (double) (1L << 30),
                    max / (double) (1L << 30)));
        }
        return n;
    }

    private static int[] activeRows(SparseMatrix m) {
        int[] out = new int[m.nonEmptyRows()];
        int c = 0;
        for (int r = 0; r < m.rows; r++) {
            if (m.degree(r) > 0) {
                out[c++] = r;
            }
        }
        return out;
    }

    private static int[] positions(int[] active, int size) {
        int[] pos = new int[size];
        java.util.Arrays.fill(pos, -1);
        for (int a = 0; a < active.length; a++) {
            pos[active[a]] = a;
        }
        return pos;
    }

    @Override
    public String toString() {
        return "Ease[lambda=" + lambda + ", solver=" + solver + ", threads=" + threads + "]";
    }

    /** Builds an {@link Ease} trainer; {@link #build()} validates every option. */
    public static final class Builder {
        private double lambda = DEFAULT_LAMBDA;
        private Solver solver = DEFAULT_SOLVER;
        private int threads = DEFAULT_THREADS;

        private Builder() {
        }

        /**
         * Sets the L2 regularisation λ (default {@value Ease#DEFAULT_LAMBDA}). Steck reports λ in the
         * hundreds to thousands working best on MovieLens-20M, Netflix and MSD; tune it on held-out data.
         */
        public Builder withLambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        /** Sets the solver (default {@link Ease#DEFAULT_SOLVER}); both give the same model up to rounding. */
        public Builder withSolver(Solver solver) {
            this.solver = solver;
            return this;
        }

        /**
         * Sets the number of threads for fitting and for scoring blocks of users, at least 1 (default
         * {@link Ease#DEFAULT_THREADS}: all processors; the model does not depend on it).
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Returns the trainer.
         *
         * @throws IllegalArgumentException naming the option if a value is out of range
         * @throws NullPointerException     if the solver is null
         */
        public Ease build() {
            if (!(lambda > 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("lambda: " + lambda + ", must be finite and > 0");
            }
            Objects.requireNonNull(solver, "solver");
            Parallel.checkThreads(threads);
            return new Ease(this);
        }
    }
}
