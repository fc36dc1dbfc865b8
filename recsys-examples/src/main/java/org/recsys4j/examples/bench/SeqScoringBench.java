package org.recsys4j.examples.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.rank.seq.Gru4Rec;
import org.recsys4j.rank.seq.SasRec;
import org.recsys4j.rank.seq.SequenceModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH benchmark of online sequential scoring: SASRec (64 wide, 2 blocks, max length 200) or GRU4Rec (64 wide)
 * over ml-latest-small's whole catalogue scores every item from a {@link #history}-item history per operation
 * ({@code SequenceModel.scoresOfIndices}: the network's state, then one pass over the item matrix), on one
 * thread. The weights come from one epoch on the first 60 users (scoring cost does not depend on them); the
 * history rotates over {@value #HISTORIES} random ones, so nothing is hoisted and the model's cache of recent states
 * never answers (every call runs the network over its history). Sample-time mode gives the latency percentiles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SeqScoringBench {
    /** The ml-latest-small folder. */
    @Param("../shared/data/ml-latest-small")
    public String data;

    /** The model: {@code sasrec} or {@code gru4rec}. */
    @Param({"sasrec", "gru4rec"})
    public String model;

    /** Items in the history. */
    @Param("50")
    public int history;

    /**
     * Random histories rotated over: many more than the 64 states {@code SequenceModel} keeps, so that every call runs
     * the model over its history (the cost of a user the model has not just seen) and is not a cache hit.
     */
    static final int HISTORIES = 4096;

    private SequenceModel m;
    private int[][] histories;
    private int next;

    /**
     * Loads the data and fits the model.
     *
     * @throws IOException if the data cannot be read
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        m = fit(MovieLens.load(Path.of(data), LoadOptions.lenient()), model);
        SplittableRandom r = new SplittableRandom(5);
        histories = new int[HISTORIES][history];
        for (int[] h : histories) {
            for (int i = 0; i < h.length; i++) {
                h[i] = r.nextInt(m.numItems());
            }
        }
    }

    /** Fits {@code model} for one epoch on the first 60 users' ratings, over the whole catalogue. */
    static SequenceModel fit(MovieLensData ml, String model) {
        Interactions all = ml.ratings();
        Interactions few = all.filter(k -> all.user(k) < 60);
        if (model.equals("gru4rec")) {
            return Gru4Rec.builder().withMaxEpochs(1).withValidation(false).withThreads(2).build().fit(few);
        }
        return SasRec.builder().withMaxEpochs(1).withValidation(false).withThreads(2).build().fit(few);
    }

    /**
     * Scores every item after the next history.
     *
     * @return the scores (consumed by JMH)
     */
    @Benchmark
    public float[] scoreAll() {
        int[] h = histories[next];
        next = (next + 1) & (HISTORIES - 1);
        return m.scoresOfIndices(h);
    }

    /**
     * Runs the benchmark: 1 fork, warm-up 3 × 2 s, measurement 5 × 2 s, one thread, GC profiler.
     *
     * @param dataDir the ml-latest-small folder
     * @param jvmArgs extra JVM arguments of the fork (e.g. {@code --add-modules jdk.incubator.vector})
     * @return the JMH results
     * @throws RunnerException if JMH fails
     */
    public static Collection<RunResult> run(String dataDir, String... jvmArgs) throws RunnerException {
        Options opts = new OptionsBuilder()
                .include(SeqScoringBench.class.getName() + "\\.scoreAll")
                .param("data", dataDir)
                .forks(1)
                .jvmArgsAppend(jvmArgs)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .threads(1)
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build();
        return new Runner(opts).run();
    }

    /** Returns one markdown line per result: model, history, p50 / p90 / p99 / p99.9 µs, mean, bytes allocated per call. */
    public static String table(Collection<RunResult> results) {
        StringBuilder b = new StringBuilder("| model | history | items | p50 µs | p90 µs | p99 µs | p99.9 µs | mean µs | "
                + "bytes allocated / call |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult r : results) {
            Statistics st = r.getPrimaryResult().getStatistics();
            double alloc = Double.NaN;
            for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                    alloc = e.getValue().getScore();
                }
            }
            b.append(String.format(Locale.ROOT, "| %s | %s | 9,7xx | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f |%n",
                    r.getParams().getParam("model"), r.getParams().getParam("history"), st.getPercentile(50),
                    st.getPercentile(90), st.getPercentile(99), st.getPercentile(99.9), st.getMean(), alloc));
        }
        return b.toString();
    }
}
