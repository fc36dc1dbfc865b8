package org.recsys4j.examples.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.examples.cli.Checks;
import org.recsys4j.rank.ctr.ProtocolC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.Callable;

/**
 * {@code bench ctr-scoring}: the JMH benchmark {@link CtrScoringBench} — DeepFM online scoring of 300
 * candidates per request through {@code ModelRanker} over the {@code CtrModel}: latency percentiles and bytes allocated per request.
 * About 60 s.
 */
@Command(name = "ctr-scoring", mixinStandardHelpOptions = true,
        description = "JMH: DeepFM scoring of 300 candidates per request (p50/p99 µs, allocations per request; about 60 s).")
public final class CtrScoringCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data/ml-latest-small",
            description = "The ml-latest-small folder (default: ${DEFAULT-VALUE}).")
    String data;

    private final BenchInput input = new BenchInput("bench ctr-scoring");

    @Override
    public Integer call() throws Exception {
        return input.guard(this::measure);
    }

    private Integer measure() throws IOException, RunnerException {
        // the benchmark prepares its data in a JMH fork, where bad data would only be a RunnerException: check it here
        Path dir = Checks.movieLensFolder("--data", Path.of(data));
        MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
        input.on(dir, ml);
        ProtocolC.of(CtrScoringBench.samples(ml));
        Collection<RunResult> results = CtrScoringBench.run(data);
        PrintStream out = System.out;
        out.println();
        out.println("# bench ctr-scoring — " + Machine.describe());
        out.println();
        out.print(CtrScoringBench.table(results));
        return 0;
    }
}
