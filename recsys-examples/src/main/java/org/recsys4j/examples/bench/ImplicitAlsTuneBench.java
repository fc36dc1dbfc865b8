package org.recsys4j.examples.bench;

import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.examples.cli.Checks;
import org.recsys4j.examples.cli.Tasks;
import org.recsys4j.examples.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bench ials}: protocol T for implicit ALS at the numpy anchor's setting and with a setting chosen
 * by coordinate search on a validation split carved from train (each user's last train item held out;
 * the test items are not looked at while tuning). Both are reported over several seeds, because the
 * initialisation alone moves HR@10 by about ±0.01 on these data sets.
 */
@Command(name = "ials", mixinStandardHelpOptions = true,
        description = "Protocol T: iALS at the anchor's setting and tuned on a validation split, over seeds.")
public final class ImplicitAlsTuneBench implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", required = true, split = ",",
            description = "MovieLens folders (repeatable or comma-separated).")
    List<Path> data;

    @Option(names = "--threads", defaultValue = "2", description = "Training threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seeds", defaultValue = "5", description = "Seeds 0..N-1 for the test figures (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--passes", defaultValue = "2", description = "Coordinate-search passes (default: ${DEFAULT-VALUE}).")
    int passes;

    /**
     * One iALS setting.
     *
     * @param factors    latent factors
     * @param reg        λ
     * @param alpha      confidence slope (c = 1 + α)
     * @param iterations sweeps
     * @param cg         conjugate-gradient (3 steps) instead of exact solves
     */
    record Setting(int factors, double reg, double alpha, int iterations, boolean cg) {
        ImplicitAls config(int threads, long seed) {
            return ImplicitAls.builder().withFactors(factors).withRegularization(reg).withAlpha(alpha)
                    .withIterations(iterations).withSolver(cg ? ImplicitAls.Solver.CONJUGATE_GRADIENT
                            : ImplicitAls.Solver.EXACT).withThreads(threads).withSeed(seed).build();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "f=%d, reg=%s, α=%s, %d it, %s", factors, reg, alpha, iterations,
                    cg ? "CG 3 steps" : "exact");
        }
    }

    /** The numpy anchor's setting ({@code ../shared/anchors/topn}). */
    static final Setting ANCHOR = new Setting(64, 0.1, 10, 15, false);

    private static final List<CoordinateSearch.Axis<Setting>> AXES = List.of(
            new CoordinateSearch.Axis<>("factors", new double[] {32, 64, 128, 256},
                    (s, v) -> new Setting(v.intValue(), s.reg(), s.alpha(), s.iterations(), s.cg())),
            new CoordinateSearch.Axis<>("reg", new double[] {0.1, 1, 5, 20, 50, 100},
                    (s, v) -> new Setting(s.factors(), v, s.alpha(), s.iterations(), s.cg())),
            new CoordinateSearch.Axis<>("alpha", new double[] {1, 3, 10, 20, 40},
                    (s, v) -> new Setting(s.factors(), s.reg(), v, s.iterations(), s.cg())),
            new CoordinateSearch.Axis<>("iterations", new double[] {10, 15, 30},
                    (s, v) -> new Setting(s.factors(), s.reg(), s.alpha(), v.intValue(), s.cg())));

    private final BenchInput input = new BenchInput("bench ials");

    @Override
    public Integer call() throws Exception {
        return input.guard(this::measure);
    }

    private Integer measure() throws java.io.IOException {
        if (seeds < 1) {
            throw new UserError("--seeds " + seeds + ": must be >= 1");
        }
        Checks.range("--threads", threads, 1, 1024);
        Checks.range("--passes", passes, 1, 100);
        BenchInput.folders("--data", data);
        PrintStream out = System.out;
        out.println("# bench ials — protocol T, setting chosen on a validation split — " + Machine.describe());
        for (Path d : data) {
            MovieLensData ml = MovieLens.load(d, LoadOptions.lenient());
            input.on(d, ml);
            LeaveLastOutTask test = Tasks.leaveLastOut(ml);
            LeaveLastOutTask val = LeaveLastOutTask.of(test.ratedTrain());
            RankingEvaluator ev = RankingEvaluator.builder().withThreads(threads).build();
            // CG during the search (fast); the chosen setting is then reported with both solvers
            Setting start = new Setting(ANCHOR.factors(), ANCHOR.reg(), ANCHOR.alpha(), ANCHOR.iterations(), true);
            Setting tuned = new CoordinateSearch<>(AXES, passes).run(start, s -> {
                RankingReport r = ev.topN(val, s.config(threads, 0).fit(val.train()));
                return new double[] {r.hitRate(10), r.ndcg(10)};
            });
            out.printf(Locale.ROOT, "%n## %s — test: %d users; validation: %d users%n%n", d.getFileName(),
                    test.numCases(), val.numCases());
            out.printf(Locale.ROOT, "| setting | validation HR@10 (seed 0) | test HR@10, seeds 0..%d | mean HR@10 | mean NDCG@10 | "
                    + "median fit s |%n", seeds - 1);
            out.println("|---|---:|---|---:|---:|---:|");
            for (Setting s : List.of(ANCHOR, start, new Setting(tuned.factors(), tuned.reg(), tuned.alpha(),
                    tuned.iterations(), false), tuned)) {
                RankingReport v = ev.topN(val, s.config(threads, 0).fit(val.train()));
                StringBuilder per = new StringBuilder();
                double hr = 0;
                double nd = 0;
                double[] secs = new double[seeds];
                for (int seed = 0; seed < seeds; seed++) {
                    long t0 = System.nanoTime();
                    var model = s.config(threads, seed).fit(test.train());
                    secs[seed] = (System.nanoTime() - t0) / 1e9;
                    RankingReport r = ev.topN(test, model);
                    per.append(seed == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", r.hitRate(10)));
                    hr += r.hitRate(10) / seeds;
                    nd += r.ndcg(10) / seeds;
                }
                out.printf(Locale.ROOT, "| %s%s | %.4f | %s | %.4f | %.4f | %.2f |%n", s, s.equals(ANCHOR) ? " (anchor)"
                        : s.equals(start) ? " (anchor, CG)" : " (tuned)", v.hitRate(10), per, hr, nd, Stats.median(secs));
                out.flush();
            }
        }
        return 0;
    }
}
