package org.recsys4j.examples.cli;

import org.recsys4j.core.baseline.BiasBaseline;
import org.recsys4j.core.baseline.Ease;
import org.recsys4j.core.baseline.ItemKnn;
import org.recsys4j.core.baseline.UserKnn;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.eval.RatingEvaluator;
import org.recsys4j.core.eval.RatingReport;
import org.recsys4j.core.model.ItemSimilarity;
import org.recsys4j.core.movielens.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.embedding.mf.Als;
import org.recsys4j.examples.topn.BaselineTable;
import org.recsys4j.examples.topn.Baselines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code evaluate}: the protocol T, S and R tables of the foundation's baselines and the matrix
 * factorisation models (iALS for T, explicit ALS with biases for R) on one or more MovieLens folders,
 * as shown in {@code docs/evaluation.md}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Protocol T, S and R tables of the baselines (docs/evaluation.md).")
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    BaselineOptions baselines;

    /** The protocols this command can run. */
    enum Protocol { T, S, R }

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "MovieLens folders (repeatable).")
    List<Path> data;

    @Option(names = "--protocol", paramLabel = "P", split = ",", defaultValue = "T,S,R",
            description = "Protocols to run, from T, S, R (default: ${DEFAULT-VALUE}).")
    Set<Protocol> protocols = EnumSet.allOf(Protocol.class);

    @Override
    public Integer call() throws IOException {
        int threads = baselines.threads();
        double[] lambdas = baselines.easeLambdas();
        int userNeighbours = baselines.userNeighbours();
        PrintStream out = System.out;
        for (Path dir : data) {
            if (!Files.isDirectory(dir)) {
                throw new UserError("--data " + dir + ": no such folder");
            }
            MovieLensData d = MovieLens.load(dir, LoadOptions.lenient());
            out.printf(Locale.ROOT, "%n## %s (%s)%n%n", dir.getFileName(), d.report().oneLine());
            LeaveLastOutTask task = Tasks.leaveLastOut(d);
            RankingEvaluator ev = RankingEvaluator.builder().threads(threads).build();
            if (protocols.contains(Protocol.T)) {
                out.printf(Locale.ROOT, "Protocol T: %d users, %d items, %d train interactions%n%n",
                        task.numCases(), task.universeSize(), task.train().size());
                out.println(BaselineTable.run(task, Baselines.standard(threads, userNeighbours, lambdas), ev, r -> {
                }).markdown());
                out.println();
            }
            if (protocols.contains(Protocol.S)) {
                out.println("Protocol S (query = the user's last train item):");
                out.println();
                out.println("| model | settings | HR@10 | NDCG@10 | HR@20 | MRR | HR@10 / NDCG@10, ties in favour | model coverage | eval s |");
                out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
                similar(out, ev, task, "ItemKNN", "cosine, all neighbours",
                        t -> ItemKnn.builder().withThreads(threads).build().fit(t));
                for (double l : lambdas) {
                    similar(out, ev, task, "EASE", "λ=" + (l == Math.rint(l) ? Long.toString((long) l) : Double.toString(l)) + ", B's column",
                            t -> Ease.builder().withLambda(l).withThreads(threads).build().fit(t));
                }
                out.println();
            }
            if (protocols.contains(Protocol.R)) {
                RatingEvaluator re = RatingEvaluator.builder().build();
                var folds = RatingEvaluator.protocolFolds(d.ratings());
                out.println("Protocol R (5 folds by (user id, item id) position mod 5; predictions clipped to [1, 5]):");
                out.println();
                out.println("| model | settings | RMSE | MAE | per-fold RMSE | s |");
                out.println("|---|---|---:|---:|---|---:|");
                rating(out, "Bias baseline", "global mean + user/item biases, λu=10, λi=25",
                        re.crossValidate(folds, t -> BiasBaseline.builder().build().fit(t)));
                rating(out, "UserKNN", "cosine over ratings, " + userNeighbours + " neighbours",
                        re.crossValidate(folds, t -> UserKnn.builder().withNeighbours(userNeighbours)
                                .withWeighting(UserKnn.Weighting.RATINGS).withThreads(threads).build().fit(t)));
                rating(out, "ALS", ALS_SETTINGS, re.crossValidate(folds, t -> als(threads).fit(t)));
                out.println();
            }
        }
        return 0;
    }

    /** The explicit ALS of protocol R, at the settings chosen on ml-100k (docs/mf-notes.md). */
    static Als als(int threads) {
        return Als.builder().withFactors(ALS_FACTORS).withRegularization(ALS_LAMBDA).withWeightedRegularization(false)
                .withBiasRegularization(ALS_BIAS_LAMBDA).withIterations(ALS_ITERATIONS).withThreads(threads).withSeed(0)
                .build();
    }

    private static final int ALS_FACTORS = 10;
    private static final double ALS_LAMBDA = 12;
    private static final double ALS_BIAS_LAMBDA = 3;
    private static final int ALS_ITERATIONS = 15;
    private static final String ALS_SETTINGS = "biases + f=" + ALS_FACTORS + ", λ=" + (int) ALS_LAMBDA + " (unweighted), λb="
            + (int) ALS_BIAS_LAMBDA + ", " + ALS_ITERATIONS + " it, seed 0";

    private static void similar(PrintStream out, RankingEvaluator ev, LeaveLastOutTask task, String name,
                                String settings, Function<org.recsys4j.core.data.Interactions, ? extends ItemSimilarity> fit) {
        RankingReport r = ev.similarItems(task, fit.apply(task.train()));
        out.printf(Locale.ROOT, "| %s | %s | %.6f | %.6f | %.6f | %.6f | %.4f / %.4f | %.4f | %.2f |%n", name, settings,
                r.hitRate(10), r.ndcg(10), r.hitRate(20), r.mrr(), r.hitRateFavourableTies(10), r.ndcgFavourableTies(10),
                r.modelCoverage(), r.seconds());
    }

    private static void rating(PrintStream out, String name, String settings, RatingReport r) {
        StringBuilder folds = new StringBuilder();
        for (int f = 0; f < r.folds(); f++) {
            folds.append(f == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", r.rmse(f)));
        }
        out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %s | %.1f |%n", name, settings, r.meanRmse(), r.meanMae(),
                folds, r.seconds());
    }
}
