package org.recsys4j.examples.bench;

import org.recsys4j.core.baseline.Ease;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.examples.cli.BaselineOptions;
import org.recsys4j.examples.cli.Tasks;
import org.recsys4j.examples.cli.UserError;
import org.recsys4j.examples.topn.BaselineTable;
import org.recsys4j.examples.topn.Baselines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code bench topn}: protocol T for the baselines and iALS on each data set, next to the numpy anchor
 * ({@code ../shared/anchors/topn/topn_refs.py}) run on the same file in the same run: HR@10 and
 * NDCG@10 side by side, fit and evaluation times and their ratio.
 */
@Command(name = "topn", mixinStandardHelpOptions = true,
        description = "Protocol T table of the baselines and iALS next to the numpy anchor, measured in the same run.")
public final class TopNBench implements Callable<Integer> {
    @Mixin
    BaselineOptions baselines;

    @Option(names = "--data", paramLabel = "DIR", required = true, split = ",",
            description = "MovieLens folders to evaluate (repeatable or comma-separated), e.g. ../shared/data/ml-100k.")
    List<Path> data;

    @Option(names = "--anchors", paramLabel = "DIR", defaultValue = "../shared/anchors",
            description = "The anchors folder (default: ${DEFAULT-VALUE}).")
    Path anchors;

    @Option(names = "--no-anchor", description = "Skip the numpy anchor.")
    boolean noAnchor;

    @Option(names = "--fits", paramLabel = "N", defaultValue = "3",
            description = "Fit each of our models N times and report the median fit time (default: ${DEFAULT-VALUE}).")
    int fits;

    @Option(names = "--ease-primal", description = "Also fit EASE with the primal (items × items) solver for each λ.")
    boolean easePrimal;

    private final BenchInput input = new BenchInput("bench topn");

    @Override
    public Integer call() throws Exception {
        return input.guard(this::measure);
    }

    private Integer measure() throws IOException {
        int threads = baselines.threads();
        double[] lambdas = baselines.easeLambdas();
        int userNeighbours = baselines.userNeighbours();
        if (fits <= 0) {
            throw new UserError("--fits " + fits + ": must be > 0");
        }
        BenchInput.folders("--data", data);
        PrintStream out = System.out;
        out.println("# bench topn — " + Machine.describe());
        Optional<Python> py = noAnchor ? Optional.empty() : Python.find("numpy", "scipy");
        Path refs = anchors.resolve("topn").resolve("topn_refs.py");
        if (!noAnchor && (py.isEmpty() || !Files.isRegularFile(refs))) {
            out.println("(numpy anchor unavailable: " + (py.isEmpty() ? "no python3 with numpy and scipy"
                    : refs + " not found") + "; our figures only)");
        }
        for (Path dir : data) {
            MovieLensData d = MovieLens.load(dir, LoadOptions.lenient());
            input.on(dir, d);
            LeaveLastOutTask task = Tasks.leaveLastOut(d);
            out.printf(Locale.ROOT, "%n## %s — %d users, %d items, %d train interactions, %d rows dropped (%s)%n%n",
                    dir.getFileName(), task.numCases(), task.universeSize(), task.train().size(), d.report().skipped(),
                    d.report().oneLine());
            RankingEvaluator ev = RankingEvaluator.builder().withThreads(threads).build();
            List<BaselineTable.Entry> entries = new java.util.ArrayList<>(Baselines.standard(threads, userNeighbours, lambdas));
            if (easePrimal) {
                for (double l : lambdas) {
                    entries.add(Baselines.ease(threads, l, Ease.Solver.PRIMAL));
                }
            }
            BaselineTable ours = BaselineTable.run(task, entries, ev, fits, r -> System.err.println(BaselineTable.markdown(r)));
            out.println(ours.markdown());
            if (py.isPresent() && Files.isRegularFile(refs)) {
                String lams = java.util.Arrays.stream(lambdas).mapToObj(l -> String.format(Locale.ROOT, "%s", l))
                        .collect(Collectors.joining(","));
                String script = resource("topn_anchor.py");
                Path ratings = dir.resolve(d.format().ratingsFile());
                List<AnchorRow> anchor = AnchorRow.parse(py.get().run(script, threads,
                        refs.getParent().toString(), ratings.toString(), lams));
                out.printf(Locale.ROOT, "%nSame run, numpy anchor (%s, BLAS threads %d). Our fit s = median of %d fits "
                        + "in this JVM; numpy's = its one fit; eval s: ours = full ranking, numpy's = full + 99-sampled ranking:%n%n",
                        py.get().executable(), threads, fits);
                out.println("| model | Recsys4J HR@10 / NDCG@10 | numpy HR@10 / NDCG@10 | ΔHR@10 | Recsys4J fit s | numpy fit s "
                        + "| fit speed-up | Recsys4J eval s | numpy eval s |");
                out.println("|---|---|---|---:|---:|---:|---:|---:|---:|");
                for (BaselineTable.Row r : ours.rows()) {
                    if (!r.ok()) {
                        continue;
                    }
                    String key = r.entry().anchor() != null ? r.entry().anchor() : r.entry().name().equals("EASE")
                            ? "EASE l=" + r.entry().settings().substring(2).replace(", primal", "") : r.entry().name();
                    anchor.stream().filter(a -> a.model().equals(key)).findFirst().ifPresent(a -> out.printf(Locale.ROOT,
                            "| %s %s | %.6f / %.6f | %.6f / %.6f | %+.6f | %.3f | %.3f | %s | %.2f | %.2f |%n",
                            r.entry().name(), r.entry().settings(), r.report().hitRate(10), r.report().ndcg(10),
                            a.hr10(), a.ndcg10(), r.report().hitRate(10) - a.hr10(), r.fitSeconds(), a.fitSeconds(),
                            ratio(a.fitSeconds(), r.fitSeconds()), r.report().seconds(), a.evalSeconds()));
                }
                if (anchor.stream().anyMatch(a -> a.model().startsWith("iALS"))) {
                    out.println();
                    out.println("numpy's iALS is the anchor's pure-Python row loop (one np.linalg.solve per user and item, "
                            + "15 sweeps): a correctness reference, so its fit time is not a tuned-library figure. Both "
                            + "iALS rows of ours are compared with that one anchor row; init differs (numpy default_rng(0) "
                            + "vs Java SplittableRandom(0)), so HR@10 differs by the seed spread.");
                }
            }
        }
        return 0;
    }

    /** Returns "a/b×", or "—" when both times are below 10 ms (too small to compare). */
    static String ratio(double anchorSeconds, double oursSeconds) {
        return anchorSeconds < 0.01 && oursSeconds < 0.01 ? "—"
                : String.format(Locale.ROOT, "%.1f×", anchorSeconds / Math.max(1e-9, oursSeconds));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = TopNBench.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
