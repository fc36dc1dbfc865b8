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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.ModelType;
import org.recsys4j.rank.ctr.ProtocolC;
import org.recsys4j.rank.ctr.ProtocolCFeatureProvider;
import org.recsys4j.rank.serving.ModelRanker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH benchmark of online scoring: a DeepFM (protocol C architecture, trained 2 epochs on the fit part of
 * ml-latest-small) behind a {@link ModelRanker} with the {@link ProtocolCFeatureProvider} (user statistics
 * from an in-memory feature store, history from the request) scores {@link #candidates} candidates of one
 * request per operation, on one thread. Sample-time mode gives the latency percentiles; JMH's GC
 * profiler the bytes allocated per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CtrScoringBench {
    /** The ml-latest-small folder. */
    @Param("../shared/data/ml-latest-small")
    public String data;

    /** Candidates per request. */
    @Param("300")
    public int candidates;

    private Ranker ranker;
    private InMemoryFeatureStore store;
    private RecRequest request;
    private CandidateBatch items;
    private double[] scores;

    /**
     * Trains the model and builds one request: the first test sample's user (statistics in the store,
     * recent positives as history) and {@link #candidates} random catalogue items.
     *
     * @throws IOException if the data cannot be read
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        MovieLensData ml = MovieLens.load(Path.of(data), LoadOptions.lenient());
        SampleSet s = samples(ml);
        ProtocolC pc = ProtocolC.of(s);
        CtrModel model = CtrTrainer.builder(ProtocolC.spec(ModelType.DEEP_FM)).withLearningRate(1e-4).withMaxEpochs(2)
                .withThreads(2).build().fit(pc.fit()).model();
        int t = 0;
        while (s.part(t) != Part.TEST) {
            t++;
        }
        store = InMemoryFeatureStore.builder().withNamespace(NamespaceSpec.vectors("user_stats", 3)).build();
        String key = Long.toString(s.userId(t));
        store.put("user_stats", key, new float[] {s.userCount(t), (float) s.userMean(t),
                (float) s.userStddev(t)});
        int[] history = new int[s.recentPositiveCount(t)];
        for (int j = 0; j < history.length; j++) {
            history[history.length - 1 - j] = s.recentPositive(t, j);   // oldest first
        }
        request = RecRequest.builder(10).withUser(key, s.userIndex(t)).withHistory(history).build();
        SplittableRandom r = new SplittableRandom(7);
        int[] itemArray = new int[candidates];
        for (int i = 0; i < candidates; i++) {
            itemArray[i] = r.nextInt(ml.catalog().size());
        }
        items = CandidateBatch.ofItems(itemArray);
        scores = new double[candidates];
        ranker = ModelRanker.builder("deepfm", new ProtocolCFeatureProvider(pc, store, "user_stats"), model).build();
    }

    /**
     * Builds protocol C's samples of a data set, as the benchmark trains and scores on them.
     *
     * @throws IllegalArgumentException if the data set is too small: no samples, or none in the fit or test part
     */
    static SampleSet samples(MovieLensData ml) {
        SampleSet s = SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC());
        if (s.count(Part.FIT) == 0 || s.count(Part.TEST) == 0) {
            throw new IllegalArgumentException("protocol C: " + s.count(Part.FIT) + " fit and " + s.count(Part.TEST)
                    + " test samples, the benchmark needs both");
        }
        return s;
    }

    /** Closes the store. */
    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
    }

    /**
     * Scores the candidates of the request.
     *
     * @return the scores (consumed by JMH)
     */
    @Benchmark
    public double[] score() {
        ranker.score(request, items, scores);
        return scores;
    }

    /**
     * Runs the benchmark: 1 fork, warm-up 3 × 2 s, measurement 5 × 2 s, one thread, GC profiler.
     *
     * @param dataDir the ml-latest-small folder
     * @return the JMH results
     * @throws RunnerException if JMH fails
     */
    public static Collection<RunResult> run(String dataDir) throws RunnerException {
        Options opts = new OptionsBuilder()
                .include(CtrScoringBench.class.getName() + "\\.score")
                .param("data", dataDir)
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .threads(1)
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build();
        return new Runner(opts).run();
    }

    /**
     * Returns one markdown line per result: candidates, p50 / p90 / p99 / p99.9 µs, mean, bytes allocated per request.
     *
     * @param results what {@link #run} returned
     */
    public static String table(Collection<RunResult> results) {
        StringBuilder b = new StringBuilder("| candidates | p50 µs | p90 µs | p99 µs | p99.9 µs | mean µs | "
                + "scores/s (1 thread, from the mean) | bytes allocated / request |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult r : results) {
            Statistics st = r.getPrimaryResult().getStatistics();
            double alloc = Double.NaN;
            for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                    alloc = e.getValue().getScore();
                }
            }
            int n = Integer.parseInt(r.getParams().getParam("candidates"));
            b.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %.1f | %,.0f | %.0f |%n", n,
                    st.getPercentile(50), st.getPercentile(90), st.getPercentile(99), st.getPercentile(99.9),
                    st.getMean(), n / (st.getMean() / 1e6), alloc));
        }
        return b.toString();
    }
}
