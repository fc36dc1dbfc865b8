package org.recsys4j.examples.bench;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.LoadReport;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.movielens.MovieLensFormat;
import org.recsys4j.examples.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code bench load}: wall-clock time to load a MovieLens folder with the strict and the lenient
 * loader (every row validated, catalogue and indices built), interleaved round by round with
 * {@code pandas.read_csv} of the same ratings file in a subprocess; medians and the ratio.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Loader speed, strict and lenient, against pandas.read_csv on the same file in the same run.")
public final class LoadBench implements Callable<Integer> {
    private static final int WARM_UP_SECONDS = 3;
    private static final int WARM_UP_LOADS = 2;

    @Option(names = "--data", paramLabel = "DIR", required = true, split = ",",
            description = "MovieLens folders (repeatable or comma-separated); make a 25 M-row one with `recsys4j generate`.")
    List<Path> data;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "5", description = "Timed rounds after one warm-up (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--no-pandas", description = "Skip the pandas comparison.")
    boolean noPandas;

    private final BenchInput input = new BenchInput("bench load");

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
        out.println("# bench load — " + Machine.describe());
        Optional<Python> py = noPandas ? Optional.empty() : Python.find("pandas");
        if (!noPandas && py.isEmpty()) {
            out.println("(pandas unavailable: install python3-pandas; our figures only)");
        }
        String script = TopNBench.resource("pandas_load.py");
        out.println();
        out.println("| data | ratings rows | Recsys4J strict s | Recsys4J lenient s | pandas.read_csv s | speed-up (pandas / lenient) | rows skipped (lenient) |");
        out.println("|---|---:|---:|---:|---:|---:|---|");
        for (Path dir : data) {
            MovieLensFormat format = MovieLens.detect(dir);
            Path ratings = dir.resolve(format.ratingsFile());
            MovieLensData warm = warmUp(dir);
            double[] strict = new double[repeat];
            double[] lenient = new double[repeat];
            double[] pandas = new double[repeat];
            String strictNote = "";
            long pandasRows = -1;
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                try {
                    MovieLens.load(dir, LoadOptions.strict());
                } catch (DataFileException e) {
                    strictNote = " (stops at " + e.file() + ":" + e.line() + ", as it must)";
                }
                strict[r] = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                MovieLens.load(dir, LoadOptions.lenient());
                lenient[r] = (System.nanoTime() - t0) / 1e9;
                if (py.isPresent()) {
                    String[] f = py.get().run(script, 0, ratings.toString(), "1", "0").trim().split("\t");
                    pandasRows = Long.parseLong(f[0]);
                    pandas[r] = Double.parseDouble(f[2]);
                }
            }
            double p = Stats.median(pandas);
            out.printf(Locale.ROOT, "| %s | %,d | %.3f%s | %.3f | %s | %s | %s |%n", dir.getFileName(),
                    warm.report().file(format.ratingsFile()).map(LoadReport.FileReport::rowsRead).orElse((long) warm.ratings().size()),
                    Stats.median(strict), strictNote, Stats.median(lenient),
                    py.isPresent() ? String.format(Locale.ROOT, "%.3f (%,d rows)", p, pandasRows) : "n/a",
                    py.isPresent() ? String.format(Locale.ROOT, "%.2f×", p / Stats.median(lenient)) : "n/a",
                    warm.report().oneLine());
        }
        out.printf(Locale.ROOT, "%nMedians of %d rounds after a warm-up of at least %d loads and %d s; each round runs strict, lenient, then pandas "
                + "(one read in a fresh subprocess, file in the page cache). Recsys4J loads the whole folder (ratings, movies, links, tags); "
                + "pandas parses the ratings file only.%n", repeat, WARM_UP_LOADS, WARM_UP_SECONDS);
        return 0;
    }

    /**
     * Loads the folder until at least {@value #WARM_UP_SECONDS} s and {@value #WARM_UP_LOADS} loads have
     * passed, so that small files are timed with compiled code (and the page cache is warm), as
     * pandas' C parser always is.
     */
    private static MovieLensData warmUp(Path dir) throws IOException {
        long t0 = System.nanoTime();
        MovieLensData d;
        int loads = 0;
        do {
            d = MovieLens.load(dir, LoadOptions.lenient());
            loads++;
        } while (loads < WARM_UP_LOADS || System.nanoTime() - t0 < WARM_UP_SECONDS * 1_000_000_000L);
        return d;
    }
}
