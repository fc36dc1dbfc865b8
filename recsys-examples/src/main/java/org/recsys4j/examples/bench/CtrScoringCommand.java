package org.recsys4j.examples.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
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

    @Override
    public Integer call() throws RunnerException {
        Collection<RunResult> results = CtrScoringBench.run(data);
        PrintStream out = System.out;
        out.println();
        out.println("# bench ctr-scoring — " + Machine.describe());
        out.println();
        out.print(CtrScoringBench.table(results));
        return 0;
    }
}
