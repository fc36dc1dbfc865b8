package org.recsys4j.examples.bench;

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
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.embedding.mf.Als;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.seq.SyntheticSequences;
import org.recsys4j.examples.report.Leaderboard;
import org.recsys4j.examples.report.Leaderboard.Anchor;
import org.recsys4j.examples.report.Leaderboard.Column;
import org.recsys4j.examples.report.Leaderboard.Row;
import org.recsys4j.examples.topn.BaselineTable;
import org.recsys4j.examples.topn.Baselines;
import org.recsys4j.rank.ctr.ModelType;
import org.recsys4j.rank.ctr.ProtocolC;
import org.recsys4j.rank.ctr.CtrTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs every model the project has under protocols T, S, R and C on one MovieLens data set and returns each
 * protocol's {@link Leaderboard}, with the anchors' figures beside ours; also the table of the scaled synthetic
 * data sets the speed benchmarks use. {@code evaluate} prints these tables, and {@code evaluate --all} writes
 * them into {@code docs/evaluation.md}.
 *
 * <pre>{@code
 * Leaderboards lb = new Leaderboards(Leaderboards.Settings.defaults(2), AnchorFigures.read(Path.of("../shared/anchors")));
 * Leaderboard t = lb.protocolT("ml-100k", task, Optional.empty());
 * System.out.println(t.markdown());
 * }</pre>
 */
public final class Leaderboards {
    /**
     * What to run.
     *
     * @param threads        worker threads of fitting and evaluation (CTR training too)
     * @param userNeighbours UserKNN's neighbour count (T and R)
     * @param easeLambdas    EASE's λ values (T and S)
     * @param ctrSeeds       the seeds of every CTR model (protocol C), at least one
     * @param ctrMaxEpochs   the epoch limit of CTR training
     * @param quick          skip the slow rows: tuned item2vec (window 200) in S and the ml-25m-shape synthetic set
     */
    public record Settings(int threads, int userNeighbours, double[] easeLambdas, long[] ctrSeeds, int ctrMaxEpochs,
                           boolean quick) {
        /** Checks the values and copies the arrays. */
        public Settings {
            if (threads < 1 || userNeighbours < 1 || ctrMaxEpochs < 1) {
                throw new IllegalArgumentException("threads, userNeighbours and ctrMaxEpochs must be >= 1: " + threads
                        + ", " + userNeighbours + ", " + ctrMaxEpochs);
            }
            if (easeLambdas.length == 0 || ctrSeeds.length == 0) {
                throw new IllegalArgumentException("easeLambdas and ctrSeeds: must not be empty");
            }
            easeLambdas = easeLambdas.clone();
            ctrSeeds = ctrSeeds.clone();
        }

        /** Returns the documented settings: UserKNN 50, EASE λ 50/100/200, CTR seeds 1–3, 20 epochs, not quick. */
        public static Settings defaults(int threads) {
            return new Settings(threads, 50, new double[] {50, 100, 200}, new long[] {1, 2, 3}, 20, false);
        }

        @Override
        public double[] easeLambdas() {
            return easeLambdas.clone();
        }

        @Override
        public long[] ctrSeeds() {
            return ctrSeeds.clone();
        }
    }

    /** Seed of the embedding fits of protocol S (the one {@code bench similar} and {@code bench word2vec} use). */
    static final long EMBEDDING_SEED = 42;
    /** A model's seed in its settings text ({@code seed 42}), for the seeds column. */
    private static final java.util.regex.Pattern SEED = java.util.regex.Pattern.compile("\\bseed (\\d+)");

    /** item2vec at the source system's settings, dim 64 (the anchors' gensim run). */
    static final SimilarItemsBench.Setting ITEM2VEC_SOURCE = SimilarItemsBench.SOURCE.with("dim", 64);
    /** item2vec at the setting {@code bench similar} chose on the validation split (docs/evaluation.md). */
    static final SimilarItemsBench.Setting ITEM2VEC_TUNED = new SimilarItemsBench.Setting(Double.NEGATIVE_INFINITY,
            64, 200, 10, 10, 0, 0.75, false, 10, 10, 1, 1);
    /** DeepWalk at the setting {@code bench similar} chose on ml-100k's validation split. */
    static final SimilarItemsBench.Setting DEEPWALK = new SimilarItemsBench.Setting(Double.NEGATIVE_INFINITY,
            64, 5, 5, 5, 0, 0.75, false, 10, 10, 1, 1);
    /** Node2vec: DeepWalk's setting with the return and in-out parameters {@code bench similar} chose. */
    static final SimilarItemsBench.Setting NODE2VEC = DEEPWALK.with("p", 0.25).with("q", 1);

    /** The PyTorch twins' names in {@code anchors/ctr/RESULTS.md}. */
    private static final Map<ModelType, String> TORCH_TABLE_NAMES = new EnumMap<>(Map.of(
            ModelType.LOGISTIC_REGRESSION, "Logistic regression", ModelType.FM, "FM (k=10)",
            ModelType.EMBEDDING_MLP, "Embedding+MLP", ModelType.WIDE_DEEP, "Wide&Deep", ModelType.DEEP_FM, "DeepFM",
            ModelType.NEURAL_CF, "NeuralCF", ModelType.TWO_TOWER, "Two-tower", ModelType.DIN, "DIN",
            ModelType.DIEN, "DIEN"));

    /**
     * The learning rates {@code bench ctr} chose on protocol C's validation slice (lowest best-epoch validation
     * log-loss, seed 1; docs/ctr.md), per data set; other data sets use ml-latest-small's.
     */
    private static final Map<String, Map<ModelType, Double>> CTR_LR = Map.of(
            "ml-latest-small", lr(3e-4, 3e-4, 1e-4, 1e-4, 1e-4, 1e-4, 3e-4, 1e-3, 3e-4),
            "ml-100k", lr(3e-3, 1e-4, 3e-4, 3e-4, 1e-4, 1e-3, 1e-4, 3e-4, 3e-4));

    private static Map<ModelType, Double> lr(double lr, double fm, double emb, double wd, double dfm, double ncf,
                                             double tt, double din, double dien) {
        Map<ModelType, Double> m = new EnumMap<>(ModelType.class);
        m.put(ModelType.LOGISTIC_REGRESSION, lr);
        m.put(ModelType.FM, fm);
        m.put(ModelType.EMBEDDING_MLP, emb);
        m.put(ModelType.WIDE_DEEP, wd);
        m.put(ModelType.DEEP_FM, dfm);
        m.put(ModelType.NEURAL_CF, ncf);
        m.put(ModelType.TWO_TOWER, tt);
        m.put(ModelType.DIN, din);
        m.put(ModelType.DIEN, dien);
        return m;
    }

    private final Settings settings;
    private final AnchorFigures anchors;

    /** Runs with the given settings; {@code anchors} supplies the recorded reference figures (may be empty). */
    public Leaderboards(Settings settings, AnchorFigures anchors) {
        this.settings = settings;
        this.anchors = anchors;
    }

    /**
     * Protocol T: ItemPop, ItemKNN, UserKNN, EASE per λ, iALS (exact and CG). The anchor column holds the numpy
     * anchor's figures: {@code live} when given (rows of {@code topn_anchor.py} run just now, ties counted against
     * the model), else the recorded "pess. full" figures of {@code anchors/topn/RESULTS.md}.
     */
    public Leaderboard protocolT(String dataSet, LeaveLastOutTask task, Optional<List<AnchorRow>> live) {
        return protocolT(dataSet, task, live, List.of());
    }

    /**
     * Protocol T as {@link #protocolT(String, LeaveLastOutTask, Optional)}, with {@code more} models after the
     * baselines (your own data: the sequence model {@code serve --events} serves). A model that cannot be fitted on the
     * data is a row that says why.
     */
    public Leaderboard protocolT(String dataSet, LeaveLastOutTask task, Optional<List<AnchorRow>> live,
                                 List<BaselineTable.Entry> more) {
        int threads = settings.threads();
        RankingEvaluator ev = RankingEvaluator.builder().withThreads(threads).build();
        List<BaselineTable.Entry> entries = new ArrayList<>(Baselines.standard(threads, settings.userNeighbours(),
                settings.easeLambdas()));
        entries.addAll(more);
        BaselineTable table = BaselineTable.run(task, entries, ev, r -> System.err.println(BaselineTable.markdown(r)));
        List<Row> rows = new ArrayList<>();
        for (BaselineTable.Row r : table.rows()) {
            BaselineTable.Entry e = r.entry();
            String label = switch (e.name()) {
                case "EASE" -> "EASE " + e.settings();
                case "iALS" -> e.settings().contains("exact") ? "iALS exact" : "iALS CG";
                default -> e.name();
            };
            java.util.regex.Matcher seeded = SEED.matcher(e.settings());
            String seeds = e.name().equals("iALS") ? "0" : seeded.find() ? seeded.group(1) : "—";
            double[] v;
            if (r.ok()) {
                RankingReport p = r.report();
                v = new double[] {p.hitRate(10), p.ndcg(10), p.hitRate(20), p.ndcg(20), p.mrr(), p.catalogueCoverage(),
                        r.fitSeconds()};
            } else {
                v = new double[7];
                Arrays.fill(v, Double.NaN);
            }
            String settingsText = r.ok() ? e.settings() : e.settings() + " (not fitted: " + r.failure() + ")";
            rows.add(new Row(label, e.name(), settingsText, seeds, v, anchorT(dataSet, e, live)));
        }
        String source = live.isPresent() ? "numpy anchor, run now (ties against)"
                : "numpy anchor, recorded (ties against)";
        return new Leaderboard("Protocol T — " + dataSet,
                String.format(Locale.ROOT, "%,d users, %,d items, %,d train interactions. Anchor: %s.", task.numCases(),
                        task.universeSize(), task.train().size(), live.isPresent()
                                ? "`topn_refs.py` run in this run (same machine)" : anchors.provenance("T")
                                .orElse("none (no anchors folder)")),
                List.of(new Column("HR@10", "%.6f"), new Column("NDCG@10", "%.6f"), new Column("HR@20", "%.6f"),
                        new Column("NDCG@20", "%.6f"), new Column("MRR", "%.6f"), new Column("coverage@10", "%.4f"),
                        new Column("fit s", "%.2f")),
                source + " HR@10 / NDCG@10", rows);
    }

    private Anchor anchorT(String dataSet, BaselineTable.Entry e, Optional<List<AnchorRow>> live) {
        if (live.isPresent()) {
            String key = e.anchor() != null ? e.anchor() : e.name().equals("EASE") ? "EASE l=" + e.settings().substring(2)
                    : e.name();
            return live.get().stream().filter(a -> a.model().equals(key)).findFirst()
                    .map(a -> new Anchor(a.hr10(), String.format(Locale.ROOT, "%.4f / %.4f", a.hr10(), a.ndcg10())))
                    .orElse(null);
        }
        String key = switch (e.name()) {
            case "ItemKNN" -> "ItemKNN-cos";
            case "EASE" -> "EASE l=" + e.settings().substring(2);
            case "iALS" -> e.anchor();
            default -> e.name();
        };
        return recorded("T", dataSet, key);
    }

    private Anchor recorded(String protocol, String dataSet, String key) {
        return anchors.find(protocol, dataSet, key).map(f -> new Anchor(f.first(), f.text())).orElse(null);
    }

    /**
     * Protocol S: ItemKNN (cosine), EASE per λ (B's column), iALS item factors (cosine), item2vec at the source's settings and at the tuned
     * setting, DeepWalk and Node2vec; embeddings fit with 1 thread and seed {@value #EMBEDDING_SEED}. Anchors: the
     * recorded ItemKNN floor and gensim (1 worker, seed 42) of {@code anchors/word2vec/RESULTS.md}, both counting
     * ties in the model's favour — compare them with our "ties in favour" column, which the chart shows.
     */
    public Leaderboard protocolS(String dataSet, LeaveLastOutTask task) {
        int threads = settings.threads();
        SimilarItemsBench emb = new SimilarItemsBench(1, EMBEDDING_SEED);
        List<Row> rows = new ArrayList<>();
        rows.add(similar(task, "ItemKNN", "ItemKNN", "cosine, all neighbours", "—",
                t -> new SimilarItemsBench.Fitted(ItemKnn.builder().withThreads(threads).build().fit(t.train()), 1,
                        0), recorded("S", dataSet, "ItemKNN-cos (train matrix)")));
        for (double l : settings.easeLambdas()) {
            String lam = "λ=" + fmt(l);
            rows.add(similar(task, "EASE " + lam, "EASE", lam + ", B's column", "—",
                    t -> new SimilarItemsBench.Fitted(Ease.builder().withLambda(l).withThreads(threads).build()
                            .fit(t.train()), 1, 0), null));
        }
        rows.add(similar(task, "iALS item factors", "iALS", "cosine of the item factors; f=64, reg=0.1, α=10, 15 it, "
                + "exact", "0", t -> new SimilarItemsBench.Fitted(ImplicitAls.builder().withThreads(threads).build()
                .fit(t.train()).itemSimilarity(), 1, 0), null));
        rows.add(similar(task, "item2vec (source)", "item2vec", "source settings: "
                + ITEM2VEC_SOURCE.describe("item2vec") + "; 1 thread", Long.toString(EMBEDDING_SEED),
                t -> emb.item2vec(t, ITEM2VEC_SOURCE), recorded("S", dataSet, "gensim dim 64 workers 1")));
        if (!settings.quick()) {
            rows.add(similar(task, "item2vec (tuned)", "item2vec", "tuned on validation: "
                    + ITEM2VEC_TUNED.describe("item2vec") + "; 1 thread", Long.toString(EMBEDDING_SEED),
                    t -> emb.item2vec(t, ITEM2VEC_TUNED), null));
        }
        rows.add(similar(task, "DeepWalk", "DeepWalk", DEEPWALK.describe("DeepWalk") + "; 1 thread",
                Long.toString(EMBEDDING_SEED), t -> emb.deepWalk(t, DEEPWALK), null));
        rows.add(similar(task, "Node2vec", "Node2vec", NODE2VEC.describe("Node2vec") + "; 1 thread",
                Long.toString(EMBEDDING_SEED), t -> emb.node2vec(t, NODE2VEC), null));
        return new Leaderboard("Protocol S — " + dataSet,
                String.format(Locale.ROOT, "Query = the user's last train item; %,d users, %,d items. Ties count against "
                        + "the model in HR@10 / NDCG@10; the anchors count them in its favour (strict >), so set them beside "
                        + "our \"HR@10 ties in favour\" column (the one charted); in both, a query the model cannot score (no "
                        + "vector: for item2vec at the source settings, a query rated < 3.5) is a miss. DeepWalk and "
                        + "Node2vec use the setting `bench similar` chose on ml-100k on both sets. Anchor: %s.", task.numCases(),
                        task.universeSize(), anchors.provenance("S").orElse("none (no anchors folder)")),
                List.of(new Column("HR@10", "%.6f"), new Column("NDCG@10", "%.6f"), new Column("HR@20", "%.6f"),
                        new Column("MRR", "%.6f"), new Column("HR@10 ties in favour", "%.4f"),
                        new Column("NDCG@10 ties in favour", "%.4f"), new Column("model coverage", "%.4f"),
                        new Column("fit s", "%.2f")),
                "anchor HR@10 / NDCG@10 (ties in favour)", rows);
    }

    private Row similar(LeaveLastOutTask task, String label, String model, String settingsText, String seeds,
                        Function<LeaveLastOutTask, SimilarItemsBench.Fitted> fit, Anchor anchor) {
        long t0 = System.nanoTime();
        SimilarItemsBench.Fitted f = fit.apply(task);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ItemSimilarity s = f.similarity();
        RankingReport r = RankingEvaluator.builder().withThreads(settings.threads()).build().similarItems(task, s);
        System.err.printf(Locale.ROOT, "S %s: HR@10 %.4f (%.1f s fit)%n", label, r.hitRate(10), seconds);
        return new Row(label, model, settingsText, seeds, new double[] {r.hitRate(10), r.ndcg(10), r.hitRate(20),
                r.mrr(), r.hitRateFavourableTies(10), r.ndcgFavourableTies(10), r.modelCoverage(), seconds}, anchor);
    }

    /**
     * Protocol R (5 folds by position in (user id, item id) order; predictions clipped to [1, 5]): the bias
     * baseline, UserKNN over ratings, explicit ALS with biases. No anchor measures protocol R.
     */
    public Leaderboard protocolR(String dataSet, MovieLensData d) {
        RatingEvaluator re = RatingEvaluator.builder().build();
        var folds = RatingEvaluator.protocolFolds(d.ratings());
        int threads = settings.threads();
        List<Row> rows = new ArrayList<>();
        rows.add(rating("Bias baseline", "global mean + user/item biases, λu=10, λi=25", "—",
                re.crossValidate(folds, t -> BiasBaseline.builder().build().fit(t))));
        rows.add(rating("UserKNN", "cosine over ratings, " + settings.userNeighbours() + " neighbours", "—",
                re.crossValidate(folds, t -> UserKnn.builder().withNeighbours(settings.userNeighbours())
                        .withWeighting(UserKnn.Weighting.RATINGS).withThreads(threads).build().fit(t))));
        rows.add(rating("ALS", ALS_SETTINGS, "0", re.crossValidate(folds, t -> als(threads).fit(t))));
        List<Column> cols = new ArrayList<>(List.of(new Column("RMSE", "%.4f"), new Column("MAE", "%.4f")));
        for (int f = 0; f < RatingEvaluator.protocolFolds(d.ratings()).size(); f++) {
            cols.add(new Column("RMSE fold " + f, "%.4f"));
        }
        cols.add(new Column("s", "%.1f"));
        return new Leaderboard("Protocol R — " + dataSet, String.format(Locale.ROOT,
                "%,d ratings, 5 folds by (user id, item id) position mod 5; predictions clipped to [1, 5].%s No anchor "
                        + "measures protocol R.", d.ratings().size(), dataSet.equals("ml-100k") ? ""
                        : " (Protocol R is defined on ml-100k; shown for reference.)"), cols, null, rows);
    }

    private static Row rating(String model, String settingsText, String seeds, RatingReport r) {
        double[] v = new double[r.folds() + 3];
        v[0] = r.meanRmse();
        v[1] = r.meanMae();
        for (int f = 0; f < r.folds(); f++) {
            v[2 + f] = r.rmse(f);
        }
        v[v.length - 1] = r.seconds();
        System.err.printf(Locale.ROOT, "R %s: RMSE %.4f%n", model, r.meanRmse());
        return new Row(model, model, settingsText, seeds, v, null);
    }

    /** The explicit ALS of protocol R, at the settings chosen on ml-100k (docs/evaluation.md). */
    public static Als als(int threads) {
        return Als.builder().withFactors(ALS_FACTORS).withRegularization(ALS_LAMBDA).withWeightedRegularization(false)
                .withBiasRegularization(ALS_BIAS_LAMBDA).withIterations(ALS_ITERATIONS).withThreads(threads).withSeed(0)
                .build();
    }

    private static final int ALS_FACTORS = 10;
    private static final double ALS_LAMBDA = 12;
    private static final double ALS_BIAS_LAMBDA = 3;
    private static final int ALS_ITERATIONS = 15;
    /** The settings text of {@link #als}. */
    public static final String ALS_SETTINGS = "biases + f=" + ALS_FACTORS + ", λ=" + (int) ALS_LAMBDA + " (unweighted), λb="
            + (int) ALS_BIAS_LAMBDA + ", " + ALS_ITERATIONS + " it, seed 0";

    /**
     * Protocol C: the seven CTR models, each trained on fit, early-stopped on validation and scored on test, once
     * per seed, at the learning rate {@code bench ctr} chose on validation; plus the user's as-of mean rating as a
     * baseline. Anchor: the PyTorch twins' recorded test AUC ({@code anchors/ctr/RESULTS.md}).
     */
    public Leaderboard protocolC(String dataSet, MovieLensData d) {
        long t0 = System.nanoTime();
        SampleSet samples = SampleSet.build(d.ratings(), d.catalog(), SampleSpec.protocolC());
        ProtocolC pc = ProtocolC.of(samples);
        Map<ModelType, Double> lrs = CTR_LR.getOrDefault(dataSet, CTR_LR.get("ml-latest-small"));
        String seeds = Arrays.stream(settings.ctrSeeds()).mapToObj(Long::toString).collect(Collectors.joining(", "));
        List<Row> rows = new ArrayList<>();
        for (ModelType m : ModelType.values()) {
            double lr = lrs.get(m);
            List<CtrBench.Run> runs = new ArrayList<>();
            for (long seed : settings.ctrSeeds()) {
                CtrTrainer trainer = CtrTrainer.builder(ProtocolC.spec(m)).withLearningRate(lr).withSeed(seed)
                        .withThreads(settings.threads()).withMaxEpochs(settings.ctrMaxEpochs()).build();
                runs.add(CtrBench.run(trainer, pc.fit(), pc.validation(), pc.test()));
            }
            CtrBench.Figures f = CtrBench.figures(lr, runs);
            System.err.printf(Locale.ROOT, "C %s: AUC %.4f%n", m.label(), f.auc());
            rows.add(new Row(m.label(), m.label(), String.format(Locale.ROOT, "all fields, lr %.0e, batch %d, ≤ %d epochs, "
                    + "patience %d; epochs run (best): %s", lr, CtrTrainer.DEFAULT_BATCH_SIZE,
                    settings.ctrMaxEpochs(), CtrTrainer.DEFAULT_PATIENCE, f.epochs()), seeds,
                    new double[] {f.auc(), runs.size() > 1 ? f.aucSd() : Double.NaN, f.logLoss(), f.samplesPerSecond(),
                            f.trainSeconds()}, recorded("C", dataSet, TORCH_TABLE_NAMES.get(m))));
        }
        rows.add(new Row("user mean", "user as-of mean rating", "baseline: score = the user's mean rating before the "
                + "sample", "—", new double[] {CtrBench.userMeanAuc(samples), Double.NaN, Double.NaN, Double.NaN,
                Double.NaN}, recorded("C", dataSet, "user as-of mean rating")));
        return new Leaderboard("Protocol C — " + dataSet, String.format(Locale.ROOT,
                "%,d samples: fit %,d, validation %,d, test %,d (built in %.1f s). Learning rates: the ones `bench ctr` "
                        + "chose on the validation slice (lowest best-epoch validation log-loss, seed 1; ctr.md), not "
                        + "re-chosen here. Anchor: PyTorch twins, %s.", samples.size(), samples.count(Part.FIT),
                samples.count(Part.VALIDATION), samples.count(Part.TEST), (System.nanoTime() - t0) / 1e9,
                anchors.provenance("C").orElse("none (no anchors folder)")),
                List.of(new Column("test AUC", "%.4f"), new Column("AUC sd", "%.4f"), new Column("test log-loss", "%.4f"),
                        new Column("samples/s", "%,.0f"), new Column("train s", "%.1f")),
                "torch test AUC (seeds 1–3)", rows);
    }

    /** One synthetic data set of the speed tables: its shape and how the benches use it. */
    private record Shape(String label, String usedBy, int users, int items, long ratings, int clusters, long seed) {
    }

    /**
     * The scaled synthetic data sets of the speed tables: MovieLens-shaped rating sets of {@code generate}
     * ({@link SyntheticMovieLens}) at several scales, each written as ml-latest CSV into a temporary folder under
     * {@code work} (deleted afterwards) and timed; and the protocol W token corpus ({@link SyntheticSequences}),
     * generated in memory. With {@link Settings#quick()} the ml-25m shape (≈ 650 MB) is skipped.
     *
     * @throws IOException if the temporary files cannot be written
     */
    public Leaderboard synthetic(Path work) throws IOException {
        List<Shape> shapes = new ArrayList<>(List.of(
                new Shape("ml-100k shape", "tests and quick checks", 943, 1_682, 100_000, 20, 42),
                new Shape("ml-latest-small shape", "tests and quick checks", 610, 9_724, 100_836, 20, 42),
                new Shape("ml-1m shape", "nothing yet (a step between the real sets and ml-25m)", 6_040, 3_706, 1_000_209, 20, 42)));
        if (!settings.quick()) {
            shapes.add(new Shape("ml-25m shape (`generate` default)", "`bench load` (benchmarks.md, Loading)", 162_541,
                    59_047, 25_000_095, 20, 42));
        }
        List<Row> rows = new ArrayList<>();
        for (Shape s : shapes) {
            Path dir = Files.createTempDirectory(work, "recsys4j-synth");
            try {
                SyntheticMovieLens gen = SyntheticMovieLens.builder(s.users(), s.items(), s.ratings(), s.seed())
                        .withClusters(s.clusters()).build();
                long t0 = System.nanoTime();
                gen.writeLatestCsv(dir);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double mb = Files.size(dir.resolve("ratings.csv")) / 1e6;
                rows.add(new Row(s.label(), s.label(), String.format(Locale.ROOT, "`generate --users %d --items %d "
                        + "--ratings %d --clusters %d`; used by: %s", s.users(), s.items(), s.ratings(), s.clusters(),
                        s.usedBy()), Long.toString(s.seed()), new double[] {s.users(), s.items(), s.ratings(), mb,
                        seconds}, null));
                System.err.printf(Locale.ROOT, "synthetic %s: %.1f s%n", s.label(), seconds);
            } finally {
                deleteTree(dir);
            }
        }
        long t0 = System.nanoTime();
        SyntheticSequences w = SyntheticSequences.protocolW().build();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long tokens = w.corpus().numTokens();
        rows.add(new Row("protocol W corpus", "protocol W token corpus", "`SyntheticSequences.protocolW()`: 50,000 items "
                + "in 100 topics, 400,000 sequences of 20–80 tokens, 15% noise; used by `bench word2vec --synthetic` "
                + "(benchmarks.md, protocol W); in memory", "1", new double[] {w.corpus().numSequences(),
                50_000, tokens, Double.NaN, seconds}, null));
        return new Leaderboard("Scaled synthetic data for the speed tables", "Generated in this run (one core, "
                + "written to a temporary folder and deleted). For the W corpus the \"users\" column counts sequences "
                + "and \"ratings\" tokens.",
                List.of(new Column("users", "%,.0f"), new Column("items", "%,.0f"), new Column("ratings", "%,.0f"),
                        new Column("ratings.csv MB", "%,.1f"), new Column("generate s", "%.1f")), null, rows);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * Runs the numpy top-N anchor ({@code anchors/topn/topn_refs.py} through the bundled {@code topn_anchor.py})
     * on a data set's ratings file now, or returns empty when no python3 with numpy and scipy or no script is
     * found; {@code why} receives the reason.
     *
     * @throws IOException if the script fails
     */
    public Optional<List<AnchorRow>> runTopNAnchor(Path anchorsDir, MovieLensData d, java.util.function.Consumer<String> why)
            throws IOException {
        Path refs = anchorsDir.resolve("topn").resolve("topn_refs.py");
        Optional<Python> py = Python.find("numpy", "scipy");
        if (py.isEmpty() || !Files.isRegularFile(refs)) {
            why.accept(py.isEmpty() ? "no python3 with numpy and scipy" : refs + " not found");
            return Optional.empty();
        }
        String lams = Arrays.stream(settings.easeLambdas()).mapToObj(l -> String.format(Locale.ROOT, "%s", l))
                .collect(Collectors.joining(","));
        Path ratings = d.dir().resolve(d.format().ratingsFile());
        return Optional.of(AnchorRow.parse(py.get().run(TopNBench.resource("topn_anchor.py"), settings.threads(),
                refs.getParent().toString(), ratings.toString(), lams)));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
