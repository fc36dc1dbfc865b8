package org.recsys4j.embedding.projection;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.core.vector.Vectors;

import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Lays out up to {@value #MAX_ROWS} rows of an {@link EmbeddingTable} on a 2-D map with exact t-SNE:
 * rows that are near in the table end up near on the map, so clusters (of categories, say) show as
 * islands, which the two largest-variance directions of {@link Pca} often do not show. Exact, not
 * Barnes-Hut: every pair is visited, O(n²) time and memory per iteration, which is what keeps it
 * simple and is fine for a few thousand points (1,500 points and 1,000 iterations: a few seconds on
 * 2 cores).
 *
 * <p>The algorithm (L. van der Maaten and G. Hinton, "Visualizing Data using t-SNE", JMLR 9, 2008):
 * <ol>
 *   <li>per row i, a Gaussian over the other rows' squared Euclidean distances whose bandwidth is
 *       found by bisection so that its perplexity {@code exp(H(P_i))} is {@link Builder#withPerplexity}
 *       (to 10⁻⁵ in entropy);</li>
 *   <li>the joint affinities {@code p_ij = (p_j|i + p_i|j) / 2n};</li>
 *   <li>gradient descent on KL(P‖Q), Q the Student-t (one degree of freedom) affinities of the map:
 *       {@code ∂C/∂y_i = 4 Σ_j (p_ij − q_ij)(y_i − y_j) / (1 + |y_i − y_j|²)}, with early exaggeration
 *       (P × {@value #EXAGGERATION} for the first {@value #EXAGGERATION_ITERATIONS} iterations), momentum
 *       0.5 then 0.8, per-coordinate adaptive gains, and the learning rate {@code max(n / 48, 50)}
 *       (the "auto" rate of Belkina et al., Nature Communications 10, 2019).</li>
 * </ol>
 * The map starts from the rows' first two principal components ({@link Pca}), scaled to a standard
 * deviation of 10⁻⁴, so there is no random seed: one table gives one map, whatever the thread count
 * (each row's sums run in a fixed order on one thread). Distances are taken between unit rows with
 * {@link Builder#withUnitRows(boolean) withUnitRows(true)} (for cosine embeddings). Instances are immutable
 * and thread-safe.
 *
 * <pre>{@code
 * TSne.Result map = TSne.builder().withPerplexity(30).withUnitRows(true).withThreads(2).build()
 *         .fit(itemVectors, mostRated);       // mostRated: up to 3,000 row indices
 * float[] xy = map.coordinates();             // row mostRated[p] at xy[2p], xy[2p + 1]
 * }</pre>
 */
public final class TSne {
    /** The most rows a fit accepts: the affinities take 4·n² bytes. */
    public static final int MAX_ROWS = 3000;
    /** The default perplexity (the effective number of neighbours of a row). */
    public static final double DEFAULT_PERPLEXITY = 30;
    /** The default number of gradient-descent iterations. */
    public static final int DEFAULT_ITERATIONS = 1000;
    /** By default rows are taken as they are, not scaled to unit length. */
    public static final boolean DEFAULT_UNIT_ROWS = false;
    /**
     * The default number of threads: all available processors, since the map does not depend on the thread
     * count.
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();
    /** The early exaggeration factor. */
    static final double EXAGGERATION = 12;
    /** The number of iterations with early exaggeration (and momentum 0.5). */
    static final int EXAGGERATION_ITERATIONS = 250;
    private static final int ROWS_PER_TASK = 32;

    private final double perplexity;
    private final int iterations;
    private final boolean unitRows;
    private final int threads;

    private TSne(Builder b) {
        this.perplexity = b.perplexity;
        this.iterations = b.iterations;
        this.unitRows = b.unitRows;
        this.threads = b.threads;
    }

    /**
     * Returns a builder whose options start at the {@code DEFAULT_*} values: perplexity
     * {@value #DEFAULT_PERPLEXITY}, {@value #DEFAULT_ITERATIONS} iterations, rows taken as they are, all
     * processors.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the perplexity. */
    public double perplexity() {
        return perplexity;
    }

    /** Returns the number of gradient-descent iterations. */
    public int iterations() {
        return iterations;
    }

    /** Returns whether rows are scaled to unit length first. */
    public boolean unitRows() {
        return unitRows;
    }

    /** Returns the number of threads. */
    public int threads() {
        return threads;
    }

    /**
     * A t-SNE map.
     *
     * @param coordinates  row-major 2-D coordinates, the p-th row fitted at {@code [2p, 2p + 2)}, centred on 0
     * @param klDivergence the final KL(P‖Q), the objective (lower is a more faithful map)
     */
    public record Result(float[] coordinates, double klDivergence) {
        /** Returns the number of points. */
        public int size() {
            return coordinates.length / 2;
        }
    }

    /**
     * Maps every row of a table.
     *
     * @param table the vectors, at most {@value #MAX_ROWS} rows
     * @return the map
     * @throws IllegalArgumentException as {@link #fit(EmbeddingTable, int[])}
     */
    public Result fit(EmbeddingTable table) {
        Objects.requireNonNull(table, "table");
        return fit(table, IntStream.range(0, table.size()).toArray());
    }

    /**
     * Maps some rows of a table.
     *
     * @param table the vectors
     * @param rows  dense row indices of {@code table}, at most {@value #MAX_ROWS}, and at least
     *              3 × perplexity + 1 of them (each row needs that many neighbours)
     * @return the map, in the order of {@code rows}
     * @throws IllegalArgumentException naming the argument: too few or too many rows for the perplexity,
     *                                  or a row out of range
     */
    public Result fit(EmbeddingTable table, int[] rows) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rows, "rows");
        int n = rows.length;
        if (n > MAX_ROWS) {
            throw new IllegalArgumentException("rows: " + n + ", exact t-SNE maps at most " + MAX_ROWS);
        }
        if (n - 1 < 3 * perplexity) {
            throw new IllegalArgumentException("rows: " + n + ", perplexity " + perplexity + " needs at least "
                    + ((int) Math.ceil(3 * perplexity) + 1) + " (3 × perplexity + 1)");
        }
        for (int p = 0; p < n; p++) {
            if (rows[p] < 0 || rows[p] >= table.size()) {
                throw new IllegalArgumentException("rows[" + p + "]: " + rows[p] + ", the table has " + table.size()
                        + " rows");
            }
        }
        int d = table.dim();
        float[] x = new float[n * d];
        float[] f = new float[d];
        for (int p = 0; p < n; p++) {
            table.row(rows[p], f);
            if (unitRows) {
                Vectors.normalize(f, 0, d);
            }
            System.arraycopy(f, 0, x, p * d, d);
        }
        float[] pij;
        double[] y = new double[2 * n];
        try (Parallel.Team team = Parallel.team(threads)) {
            pij = joint(conditionals(x, n, d, perplexity, team), n);
            // the start: the first two principal components, scaled to a standard deviation of 1e-4
            float[] init = Pca.builder().withComponents(Math.min(2, d)).withUnitRows(unitRows).build().fit(table, rows)
                    .project(table, rows);
            int k = Math.min(2, d);
            double sd = 0;
            for (int p = 0; p < n; p++) {
                sd += (double) init[p * k] * init[p * k];
            }
            sd = Math.sqrt(sd / n);
            for (int p = 0; p < n; p++) {
                for (int c = 0; c < k; c++) {
                    y[2 * p + c] = sd > 0 ? init[p * k + c] / sd * 1e-4 : 0;
                }
            }
            descend(pij, y, n, iterations, team);
        }
        float[] out = new float[2 * n];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) y[i];
        }
        return new Result(out, klDivergence(pij, y, n));
    }

    /**
     * Returns the conditional affinities {@code p_j|i} (row-major n × n, zero diagonal) of the rows of
     * {@code x} (n × d), each row's Gaussian bandwidth set by bisection to the perplexity.
     */
    static float[] conditionals(float[] x, int n, int d, double perplexity, Parallel.Team team) {
        float[] cond = new float[n * n];
        double target = Math.log(perplexity);
        team.forRange(n, ROWS_PER_TASK, (from, to) -> {
            double[] dist = new double[n];
            double[] w = new double[n];
            for (int i = from; i < to; i++) {
                double min = Double.MAX_VALUE;
                for (int j = 0; j < n; j++) {
                    dist[j] = j == i ? 0 : Vectors.squaredDistance(x, i * d, x, j * d, d);
                    if (j != i) {
                        min = Math.min(min, dist[j]);
                    }
                }
                double beta = 1;
                double lo = 0;
                double hi = Double.POSITIVE_INFINITY;
                double sum = 0;
                for (int step = 0; step < 200; step++) {
                    sum = 0;
                    double weighted = 0;
                    for (int j = 0; j < n; j++) {
                        w[j] = j == i ? 0 : Math.exp(-(dist[j] - min) * beta);   // shifted by the minimum: no underflow
                        sum += w[j];
                        weighted += (dist[j] - min) * w[j];
                    }
                    double entropy = Math.log(sum) + beta * weighted / sum;
                    if (Math.abs(entropy - target) < 1e-5) {
                        break;
                    }
                    if (entropy > target) {   // too flat: a narrower Gaussian
                        lo = beta;
                        beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
                    } else {
                        hi = beta;
                        beta = (beta + lo) / 2;
                    }
                }
                for (int j = 0; j < n; j++) {
                    cond[i * n + j] = (float) (w[j] / sum);
                }
            }
        });
        return cond;
    }

    /** Returns the joint affinities {@code max((p_j|i + p_i|j) / 2n, 1e-12)} off the diagonal, in place of {@code cond}. */
    static float[] joint(float[] cond, int n) {
        for (int i = 0; i < n; i++) {
            cond[i * n + i] = 0;
            for (int j = i + 1; j < n; j++) {
                float v = (float) Math.max((cond[i * n + j] + (double) cond[j * n + i]) / (2.0 * n), 1e-12);
                cond[i * n + j] = v;
                cond[j * n + i] = v;
            }
        }
        return cond;
    }

    /**
     * Writes the gradient of KL(exaggeration·P ‖ Q) at the map {@code y} (n × 2) into {@code grad} and
     * returns the normaliser Z of Q.
     */
    static double gradient(float[] pij, double[] y, int n, double exaggeration, double[] grad, Parallel.Team team) {
        return gradient(pij, y, n, exaggeration, grad, new double[2 * n], new double[n], team);
    }

    /** {@link #gradient(float[], double[], int, double, double[], Parallel.Team)} with scratch arrays (2n and n). */
    private static double gradient(float[] pij, double[] y, int n, double exaggeration, double[] grad, double[] b,
                                   double[] rowZ, Parallel.Team team) {
        team.forRange(n, ROWS_PER_TASK, (from, to) -> {
            for (int i = from; i < to; i++) {
                double yi0 = y[2 * i];
                double yi1 = y[2 * i + 1];
                double a0 = 0;
                double a1 = 0;
                double b0 = 0;
                double b1 = 0;
                double z = 0;
                int o = i * n;
                // j = i adds nothing but 1 to z (p_ii = 0 and y_i − y_i = 0): no branch, z corrected below
                for (int j = 0; j < n; j++) {
                    double d0 = yi0 - y[2 * j];
                    double d1 = yi1 - y[2 * j + 1];
                    double w = 1 / (1 + d0 * d0 + d1 * d1);
                    double pw = pij[o + j] * w;
                    double ww = w * w;
                    a0 += pw * d0;
                    a1 += pw * d1;
                    b0 += ww * d0;
                    b1 += ww * d1;
                    z += w;
                }
                z -= 1;
                grad[2 * i] = a0;   // Σ_j p_ij w_ij (y_i − y_j), completed below once Z is known
                grad[2 * i + 1] = a1;
                b[2 * i] = b0;      // Σ_j w_ij² (y_i − y_j)
                b[2 * i + 1] = b1;
                rowZ[i] = z;
            }
        });
        double z = 0;
        for (double v : rowZ) {   // in row order: the same sum on any number of threads
            z += v;
        }
        for (int i = 0; i < 2 * n; i++) {
            grad[i] = 4 * (exaggeration * grad[i] - b[i] / z);
        }
        return z;
    }

    /** Runs the gradient descent on {@code y} in place. */
    static void descend(float[] pij, double[] y, int n, int iterations, Parallel.Team team) {
        double[] grad = new double[2 * n];
        double[] update = new double[2 * n];
        double[] gains = new double[2 * n];
        double[] b = new double[2 * n];
        double[] rowZ = new double[n];
        java.util.Arrays.fill(gains, 1);
        double rate = Math.max(n / EXAGGERATION / 4, 50);
        for (int it = 0; it < iterations; it++) {
            boolean early = it < EXAGGERATION_ITERATIONS;
            gradient(pij, y, n, early ? EXAGGERATION : 1, grad, b, rowZ, team);
            double momentum = early ? 0.5 : 0.8;
            for (int k = 0; k < 2 * n; k++) {
                gains[k] = (grad[k] > 0) != (update[k] > 0) ? gains[k] + 0.2 : Math.max(gains[k] * 0.8, 0.01);
                update[k] = momentum * update[k] - rate * gains[k] * grad[k];
                y[k] += update[k];
            }
            double m0 = 0;
            double m1 = 0;
            for (int p = 0; p < n; p++) {
                m0 += y[2 * p];
                m1 += y[2 * p + 1];
            }
            for (int p = 0; p < n; p++) {
                y[2 * p] -= m0 / n;
                y[2 * p + 1] -= m1 / n;
            }
        }
    }

    /** Returns KL(P ‖ Q) for the map {@code y}. */
    static double klDivergence(float[] pij, double[] y, int n) {
        double z = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double d0 = y[2 * i] - y[2 * j];
                    double d1 = y[2 * i + 1] - y[2 * j + 1];
                    z += 1 / (1 + d0 * d0 + d1 * d1);
                }
            }
        }
        double kl = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double d0 = y[2 * i] - y[2 * j];
                    double d1 = y[2 * i + 1] - y[2 * j + 1];
                    double q = 1 / (1 + d0 * d0 + d1 * d1) / z;
                    double p = pij[i * n + j];
                    kl += p * Math.log(p / q);
                }
            }
        }
        return kl;
    }

    @Override
    public String toString() {
        return "TSne[perplexity=" + perplexity + ", iterations=" + iterations + ", unitRows=" + unitRows
                + ", threads=" + threads + "]";
    }

    /**
     * Returns {@link TSne} instances. Setters only store; {@link #build()} checks every value and names the one
     * out of range. Not thread-safe.
     */
    public static final class Builder {
        private double perplexity = DEFAULT_PERPLEXITY;
        private int iterations = DEFAULT_ITERATIONS;
        private boolean unitRows = DEFAULT_UNIT_ROWS;
        private int threads = DEFAULT_THREADS;

        private Builder() {
        }

        /**
         * Sets the perplexity, roughly the number of neighbours each point keeps close: finite and at least 1
         * (default {@value TSne#DEFAULT_PERPLEXITY}). Typical values are 5 to 50.
         *
         * @param perplexity the perplexity
         * @return this builder
         */
        public Builder withPerplexity(double perplexity) {
            this.perplexity = perplexity;
            return this;
        }

        /**
         * Sets the number of gradient-descent iterations, at least 1 (default {@value TSne#DEFAULT_ITERATIONS}; the
         * first {@value TSne#EXAGGERATION_ITERATIONS} with early exaggeration).
         *
         * @param iterations the number of iterations
         * @return this builder
         */
        public Builder withIterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        /**
         * Sets whether each row is scaled to unit length first (for cosine embeddings); default
         * {@value TSne#DEFAULT_UNIT_ROWS}.
         *
         * @param unitRows true to map directions instead of raw vectors
         * @return this builder
         */
        public Builder withUnitRows(boolean unitRows) {
            this.unitRows = unitRows;
            return this;
        }

        /**
         * Sets the number of threads, at least 1 (default {@link TSne#DEFAULT_THREADS}: all available processors);
         * the map does not depend on it.
         *
         * @param threads the number of threads
         * @return this builder
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Returns the configured t-SNE.
         *
         * @return the estimator
         * @throws IllegalArgumentException naming the option out of range
         */
        public TSne build() {
            if (!(perplexity >= 1) || Double.isInfinite(perplexity)) {
                throw new IllegalArgumentException("perplexity: " + perplexity + ", must be a finite value >= 1");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations: " + iterations + ", must be >= 1");
            }
            Parallel.checkThreads(threads);
            return new TSne(this);
        }
    }
}
