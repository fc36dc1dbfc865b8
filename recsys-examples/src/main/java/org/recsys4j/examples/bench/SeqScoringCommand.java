package org.recsys4j.examples.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.examples.cli.Checks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.Callable;

/**
 * {@code bench seq-scoring}: the JMH benchmark {@link SeqScoringBench} — SASRec and GRU4Rec scoring
 * ml-latest-small's whole catalogue from a 50-item history: latency percentiles and bytes allocated per call.
 * About 2 minutes.
 */
@Command(name = "seq-scoring", mixinStandardHelpOptions = true,
        description = "JMH: SASRec / GRU4Rec scoring the whole catalogue from a 50-item history (p50/p99 µs; about 2 min).")
public final class SeqScoringCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data/ml-latest-small",
            description = "The ml-latest-small folder (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--vector-api", description = "Run the fork with --add-modules jdk.incubator.vector (SIMD kernels).")
    boolean vectorApi;

    private final BenchInput input = new BenchInput("bench seq-scoring");

    @Override
    public Integer call() throws Exception {
        return input.guard(this::measure);
    }

    private Integer measure() throws IOException, RunnerException {
        // the benchmark prepares its data in a JMH fork, where bad data would only be a RunnerException: check it here
        Path dir = Checks.movieLensFolder("--data", Path.of(data));
        MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
        input.on(dir, ml);
        Collection<RunResult> results = vectorApi ? SeqScoringBench.run(data, "--add-modules", "jdk.incubator.vector")
                : SeqScoringBench.run(data);
        PrintStream out = System.out;
        out.println();
        out.println("# bench seq-scoring — " + Machine.describe());
        out.println();
        out.print(SeqScoringBench.table(results));
        return 0;
    }
}
