package org.recsys4j.examples.bench;

import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.SparseRow;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.sample.ProtocolCFeatures;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.examples.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bench encode}: building protocol C's sample set (as-of statistics, split) and encoding
 * every sample with the fitted protocol C schema, sparse and dense; samples/s, medians of repeated
 * rounds after a warm-up, one thread.
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Protocol C: sample building and feature encoding throughput (samples/s).")
public final class EncodeBench implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", required = true, split = ",",
            description = "MovieLens folders (repeatable or comma-separated).")
    List<Path> data;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "7", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
    int repeat;

    private final BenchInput input = new BenchInput("bench encode");

    @Override
    public Integer call() throws Exception {
        return input.guard(this::measure);
    }

    private Integer measure() throws IOException {
        if (repeat <= 0) {
            throw new UserError("--repeat " + repeat + ": must be > 0");
        }
        BenchInput.folders("--data", data);
        PrintStream out = System.out;
        out.println("# bench encode — " + Machine.describe());
        out.println();
        out.println("| data | samples | build SampleSet s | fit schema s | encode sparse s | samples/s sparse | encode dense s | samples/s dense |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Path dir : data) {
            MovieLensData d = MovieLens.load(dir, LoadOptions.lenient());
            input.on(dir, d);
            double[] build = new double[repeat];
            double[] fit = new double[repeat];
            double[] sparse = new double[repeat];
            double[] dense = new double[repeat];
            long sink = 0;
            SampleSet s = null;
            for (int r = -2; r < repeat; r++) { // two warm-up rounds
                long t0 = System.nanoTime();
                s = SampleSet.build(MovieLens.load(dir, LoadOptions.lenient()).ratings(), d.catalog(), SampleSpec.protocolC());
                long t1 = System.nanoTime();
                FittedSchema<Integer> f = ProtocolCFeatures.fit(s);
                long t2 = System.nanoTime();
                for (int i = 0; i < s.size(); i++) {
                    SparseRow row = f.sparse(i);
                    sink += row.size();
                }
                long t3 = System.nanoTime();
                double[] buf = new double[f.denseWidth()];
                for (int i = 0; i < s.size(); i++) {
                    f.dense(i, buf, 0);
                    sink += (long) buf[0];
                }
                long t4 = System.nanoTime();
                if (r >= 0) {
                    build[r] = (t1 - t0) / 1e9;
                    fit[r] = (t2 - t1) / 1e9;
                    sparse[r] = (t3 - t2) / 1e9;
                    dense[r] = (t4 - t3) / 1e9;
                }
            }
            double sp = Stats.median(sparse);
            double de = Stats.median(dense);
            out.printf(Locale.ROOT, "| %s | %,d | %.3f | %.3f | %.3f | %,.0f | %.3f | %,.0f |%n", dir.getFileName(), s.size(),
                    Stats.median(build), Stats.median(fit), sp, s.size() / sp, de, s.size() / de);
            if (sink == 42) {
                out.println(); // keeps the encoding loops from being optimised away
            }
        }
        out.printf(Locale.ROOT, "%nMedians of %d rounds after 2 warm-up rounds, one thread. \"build\" is SampleSet.build "
                + "(as-of statistics, samples, split) on freshly loaded ratings; \"fit\" fits every protocol C encoder on the "
                + "train samples; dense rows include the multi-hot fields as 0/1 vectors over their vocabularies.%n", repeat);
        return 0;
    }
}
