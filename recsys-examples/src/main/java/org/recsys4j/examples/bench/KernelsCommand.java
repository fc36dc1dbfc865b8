package org.recsys4j.examples.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.recsys4j.examples.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code bench kernels}: the JMH microbenchmarks of {@link KernelBench} ({@code Vectors.dot} and
 * {@code Vectors.axpy} against naive loops at dims 10, 64, 128), 1 fork, warm-up 2 × 1 s, measurement
 * 3 × 1 s; prints JMH's log, then the machine line and a markdown table with the ratios. About 70 s.
 */
@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = "JMH microbenchmarks of Vectors.dot/axpy vs naive loops at dims 10, 64, 128 (about 70 s).")
public final class KernelsCommand implements Callable<Integer> {
    @Option(names = "--filter", paramLabel = "REGEX",
            description = "Only the benchmark methods matching this regex, e.g. 'dot.*' (default: all).")
    String filter;

    @Override
    public Integer call() throws RunnerException {
        if (filter != null) {
            try {
                Pattern.compile(filter);
            } catch (PatternSyntaxException e) {
                throw new UserError("--filter " + filter + ": not a regular expression (" + e.getDescription() + " near index "
                        + e.getIndex() + ")");
            }
            List<String> names = Arrays.stream(KernelBench.class.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class))
                    .map(Method::getName).sorted().toList();
            Pattern include = Pattern.compile(KernelBench.class.getName() + "\\." + filter);   // as JMH matches it
            if (names.stream().noneMatch(n -> include.matcher(KernelBench.class.getName() + "." + n).find())) {
                throw new UserError("--filter " + filter + ": matches none of the benchmarks " + names);
            }
        }
        Collection<RunResult> results = KernelBench.run(filter);
        PrintStream out = System.out;
        out.println();
        out.println("# bench kernels — " + Machine.describe());
        out.println();
        out.print(KernelBench.table(results));
        return 0;
    }
}
