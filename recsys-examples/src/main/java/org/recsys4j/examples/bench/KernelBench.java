package org.recsys4j.examples.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.recsys4j.core.vector.Vectors;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH microbenchmarks of the vector kernels ({@link Vectors#dot} and {@link Vectors#axpy}) against a
 * naive single-accumulator loop, at dimensions 10, 64 and 128; run by {@code bench kernels}.
 *
 * <p>Each invocation works on one pair of rows of a small matrix (a few KiB, in L1), the row pair
 * rotating between invocations so the JIT cannot hoist the work out of the measurement loop; the
 * results go back to JMH (returned, or written to the state) so it cannot be eliminated either.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KernelBench {
    private static final int ROWS = 16;

    /** The vector dimension. */
    @Param({"10", "64", "128"})
    public int dim;

    private float[] m;
    private float[] y;
    private int next;

    /** Creates the state; JMH calls it. */
    public KernelBench() {
    }

    /** Fills the matrix with Gaussian values. */
    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        m = new float[ROWS * dim];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) r.nextGaussian();
        }
        y = new float[dim];
    }

    private int row() {
        int i = next;
        next = (i + 1) & (ROWS - 1);
        return i * dim;
    }

    /** Returns {@link Vectors#dot} of two rows. */
    @Benchmark
    public float dotVectors() {
        int a = row();
        return Vectors.dot(m, a, m, (a + 3 * dim) % m.length, dim);
    }

    /** Returns the dot product of two rows by a naive single-accumulator loop. */
    @Benchmark
    public float dotNaive() {
        int a = row();
        return naiveDot(m, a, m, (a + 3 * dim) % m.length, dim);
    }

    /** Adds a scaled row to an accumulator with {@link Vectors#axpy}. */
    @Benchmark
    public float[] axpyVectors() {
        Vectors.axpy(0.001f, m, row(), y, 0, dim);
        return y;
    }

    /** Adds a scaled row to an accumulator with a naive loop. */
    @Benchmark
    public float[] axpyNaive() {
        naiveAxpy(0.001f, m, row(), y, 0, dim);
        return y;
    }

    static float naiveDot(float[] a, int ao, float[] b, int bo, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    static void naiveAxpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /**
     * Runs every benchmark of this class through the JMH {@link Runner}: 1 fork, warm-up 2 × 1 s,
     * measurement 3 × 1 s, one thread; then prints a markdown table of ns/op with the ratio of each
     * {@link Vectors} kernel to its naive loop.
     *
     * @param filter a regular expression further restricting the benchmark methods, or null for all
     * @return the JMH results
     * @throws RunnerException if JMH fails
     */
    public static Collection<RunResult> run(String filter) throws RunnerException {
        Options opts = new OptionsBuilder()
                .include(KernelBench.class.getName() + "\\." + (filter == null ? ".*" : filter))
                .forks(1)
                .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(1))
                .threads(1)
                .shouldFailOnError(true)
                .build();
        return new Runner(opts).run();
    }

    /**
     * Returns a markdown table of the results: one row per kernel and dimension, ns/op (mean ± the JMH
     * error at 99.9%, and the best measurement iteration, which is the steadier figure on a shared
     * machine) for {@link Vectors} and the naive loop, and the ratios of both.
     *
     * @param results what {@link #run} returned
     */
    public static String table(Collection<RunResult> results) {
        // "dot 64" -> {mean, error, best} for Vectors, then the same for the naive loop
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            int at = method.endsWith("Naive") ? 3 : 0;
            String kernel = method.replace("Vectors", "").replace("Naive", "");
            String key = kernel + " " + r.getParams().getParam("dim");
            double[] s = scores.computeIfAbsent(key, k -> new double[6]);
            s[at] = r.getPrimaryResult().getScore();
            s[at + 1] = r.getPrimaryResult().getScoreError();
            s[at + 2] = r.getBenchmarkResults().stream().flatMap(b -> b.getIterationResults().stream())
                    .mapToDouble(i -> i.getPrimaryResult().getScore()).min().orElse(Double.NaN);
        }
        StringBuilder b = new StringBuilder();
        b.append("| kernel | dim | Vectors ns/op | naive ns/op | Vectors / naive | best iter. Vectors | best iter. naive"
                + " | best / best |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        scores.entrySet().stream().sorted(Map.Entry.comparingByKey((p, q) -> {
            String[] a = p.split(" ");
            String[] c = q.split(" ");
            int k = a[0].compareTo(c[0]);
            return k != 0 ? k : Integer.compare(Integer.parseInt(a[1]), Integer.parseInt(c[1]));
        })).forEach(e -> {
            String[] k = e.getKey().split(" ");
            double[] s = e.getValue();
            b.append(String.format(Locale.ROOT, "| %s | %s | %.2f ± %.2f | %.2f ± %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                    k[0], k[1], s[0], s[1], s[3], s[4], s[0] / s[3], s[2], s[5], s[2] / s[5]));
        });
        return b.toString();
    }
}
