package org.recsys4j.examples.bench;

import org.recsys4j.core.baseline.ItemKnn;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.model.ItemSimilarity;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.embedding.graph.DeepWalk;
import org.recsys4j.embedding.graph.ItemGraph;
import org.recsys4j.embedding.graph.Node2Vec;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;
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
import java.util.function.Function;

/**
 * {@code bench similar}: protocol S for the item embeddings — item2vec at the source system's settings,
 * then item2vec, DeepWalk and Node2vec with settings chosen by coordinate search on a <em>validation</em>
 * split carved from the train part (each user's last train item held out; the test items are never
 * looked at while tuning), next to the ItemKNN-cosine floor. Prints one table per data set.
 */
@Command(name = "similar", mixinStandardHelpOptions = true,
        description = "Protocol S: item2vec / DeepWalk / Node2vec tuned on a validation split, next to the ItemKNN floor.")
public final class SimilarItemsBench implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", required = true, description = "MovieLens folders (repeatable).")
    List<Path> data;

    @Option(names = "--threads", defaultValue = "1",
            description = "Training threads (default: ${DEFAULT-VALUE}: deterministic fits, so the search compares settings, not Hogwild noise).")
    int threads;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every fit (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--passes", defaultValue = "1", description = "Coordinate-search passes (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--no-graph", description = "Skip DeepWalk and Node2vec.")
    boolean noGraph;

    /** For picocli: the options are set from the command line. */
    public SimilarItemsBench() {
    }

    /** Fits with the given training threads and seed, for callers that evaluate fixed settings. */
    SimilarItemsBench(int threads, long seed) {
        this.threads = threads;
        this.seed = seed;
    }

    /** The settings searched: the sequence rule, word2vec's options and the walks' options. */
    record Setting(double minRating, int dim, int window, int epochs, int negative, double sample, double nsExponent,
                   boolean cbow, int walksPerNode, int walkLength, double p, double q) {
        Setting with(String key, double v) {
            return switch (key) {
                case "minRating" -> new Setting(v, dim, window, epochs, negative, sample, nsExponent, cbow, walksPerNode, walkLength, p, q);
                case "window" -> new Setting(minRating, dim, (int) v, epochs, negative, sample, nsExponent, cbow, walksPerNode, walkLength, p, q);
                case "epochs" -> new Setting(minRating, dim, window, (int) v, negative, sample, nsExponent, cbow, walksPerNode, walkLength, p, q);
                case "negative" -> new Setting(minRating, dim, window, epochs, (int) v, sample, nsExponent, cbow, walksPerNode, walkLength, p, q);
                case "sample" -> new Setting(minRating, dim, window, epochs, negative, v, nsExponent, cbow, walksPerNode, walkLength, p, q);
                case "nsExponent" -> new Setting(minRating, dim, window, epochs, negative, sample, v, cbow, walksPerNode, walkLength, p, q);
                case "cbow" -> new Setting(minRating, dim, window, epochs, negative, sample, nsExponent, v != 0, walksPerNode, walkLength, p, q);
                case "dim" -> new Setting(minRating, (int) v, window, epochs, negative, sample, nsExponent, cbow, walksPerNode, walkLength, p, q);
                case "walksPerNode" -> new Setting(minRating, dim, window, epochs, negative, sample, nsExponent, cbow, (int) v, walkLength, p, q);
                case "walkLength" -> new Setting(minRating, dim, window, epochs, negative, sample, nsExponent, cbow, walksPerNode, (int) v, p, q);
                case "p" -> new Setting(minRating, dim, window, epochs, negative, sample, nsExponent, cbow, walksPerNode, walkLength, v, q);
                case "q" -> new Setting(minRating, dim, window, epochs, negative, sample, nsExponent, cbow, walksPerNode, walkLength, p, v);
                default -> throw new IllegalArgumentException(key);
            };
        }

        String describe(String method) {
            StringBuilder b = new StringBuilder();
            b.append(minRating == Double.NEGATIVE_INFINITY ? "all ratings" : "ratings ≥ " + minRating)
                    .append(", dim ").append(dim).append(", window ").append(window).append(", epochs ").append(epochs)
                    .append(", neg ").append(negative).append(", sample ").append(sample).append(", ns exp ")
                    .append(nsExponent).append(cbow ? ", CBOW" : ", skip-gram");
            if (!method.equals("item2vec")) {
                b.append(", walks/node ").append(walksPerNode).append(", walk length ").append(walkLength);
            }
            if (method.equals("Node2vec")) {
                b.append(", p ").append(p).append(", q ").append(q);
            }
            return b.toString();
        }
    }

    /** The source system's item2vec settings (dim 10 in the source; 64 here unless searched). */
    static final Setting SOURCE = new Setting(3.5, 10, 5, 10, 5, 1e-3, 0.75, false, 10, 10, 1, 1);

    private static CoordinateSearch.Axis<Setting> axis(String key, double... values) {
        return new CoordinateSearch.Axis<>(key, values, (s, v) -> s.with(key, v));
    }

    // Kept small on purpose: every setting is a full fit, and long windows × many epochs cost seconds each.
    private static final List<CoordinateSearch.Axis<Setting>> ITEM2VEC_AXES = List.of(
            axis("minRating", 3.5, Double.NEGATIVE_INFINITY),
            axis("window", 5, 20, 50, 200),
            axis("epochs", 10, 30),
            axis("negative", 5, 10, 20),
            axis("sample", 0, 1e-3),
            axis("nsExponent", -0.5, 0.75),
            axis("dim", 64, 128),
            axis("cbow", 0, 1));

    private static final List<CoordinateSearch.Axis<Setting>> WALK_AXES = List.of(
            axis("walksPerNode", 10, 20),
            axis("walkLength", 10, 20),
            axis("window", 5, 10),
            axis("epochs", 5, 10));

    private static final List<CoordinateSearch.Axis<Setting>> PQ_AXES = List.of(
            axis("p", 0.25, 1, 4),
            axis("q", 0.25, 1, 4));

    private final BenchInput input = new BenchInput("bench similar");

    @Override
    public Integer call() throws Exception {
        return input.guard(this::measure);
    }

    private Integer measure() throws java.io.IOException {
        if (passes < 1) {
            throw new UserError("--passes " + passes + ": must be >= 1");
        }
        Checks.range("--threads", threads, 1, 1024);
        BenchInput.folders("--data", data);
        PrintStream out = System.out;
        out.println("# bench similar — protocol S, settings chosen on a validation split — " + Machine.describe());
        for (Path d : data) {
            MovieLensData ml = MovieLens.load(d, LoadOptions.lenient());
            input.on(d, ml);
            LeaveLastOutTask test = Tasks.leaveLastOut(ml);
            LeaveLastOutTask val = LeaveLastOutTask.of(test.ratedTrain());
            out.printf(Locale.ROOT, "%n## %s — test: %d users; validation (each user's last train item): %d users%n%n",
                    d.getFileName(), test.numCases(), val.numCases());
            out.println("| model | settings | validation HR@10 | test HR@10 | test NDCG@10 | test HR@10, ties in favour "
                    + "| coverage | fit s |");
            out.println("|---|---|---:|---:|---:|---:|---:|---:|");
            row(out, "ItemKNN cosine (floor)", "train matrix, full neighbourhood", t -> knn(t), val, test);
            Setting source = SOURCE;
            row(out, "item2vec, source settings", source.describe("item2vec"), t -> item2vec(t, source), val, test);
            Setting source64 = SOURCE.with("dim", 64);
            row(out, "item2vec, source settings", source64.describe("item2vec"), t -> item2vec(t, source64), val, test);
            Setting best = search(val, source64, ITEM2VEC_AXES, s -> t -> item2vec(t, s));
            row(out, "item2vec, tuned", best.describe("item2vec"), t -> item2vec(t, best), val, test);
            if (!noGraph) {
                // walks are longer and more numerous than the users' sequences: start from short windows
                Setting walkStart = best.with("window", 5).with("epochs", 5);
                Setting dw = search(val, walkStart, WALK_AXES, s -> t -> deepWalk(t, s));
                row(out, "DeepWalk, tuned", dw.describe("DeepWalk"), t -> deepWalk(t, dw), val, test);
                Setting n2v = search(val, dw, PQ_AXES, s -> t -> node2vec(t, s));
                row(out, "Node2vec, tuned", n2v.describe("Node2vec"), t -> node2vec(t, n2v), val, test);
            }
        }
        return 0;
    }

    /** A fitted similarity and its fit time. */
    record Fitted(ItemSimilarity similarity, double coverage, double seconds) {
    }

    Fitted knn(LeaveLastOutTask t) {
        long t0 = System.nanoTime();
        ItemSimilarity s = ItemKnn.builder().withThreads(threads).build().fit(t.train());
        return new Fitted(s, 1.0, (System.nanoTime() - t0) / 1e9);
    }

    private Word2Vec word2vec(Setting s) {
        return Word2Vec.builder().withDim(s.dim()).withWindow(s.window()).withEpochs(s.epochs())
                .withNegative(s.negative()).withSample(s.sample()).withNsExponent(s.nsExponent()).withCbow(s.cbow())
                .withMinCount(1).withThreads(threads).withSeed(seed)
                .build();
    }

    private SequenceCorpus sequences(LeaveLastOutTask t, Setting s) {
        return ItemSequences.builder().withThreshold(s.minRating()).build().from(t.ratedTrain());
    }

    Fitted item2vec(LeaveLastOutTask t, Setting s) {
        long t0 = System.nanoTime();
        Word2VecModel m = word2vec(s).fit(sequences(t, s));
        return new Fitted(m.similarity(), m.coverage(), (System.nanoTime() - t0) / 1e9);
    }

    Fitted deepWalk(LeaveLastOutTask t, Setting s) {
        long t0 = System.nanoTime();
        ItemGraph g = ItemGraph.fromSequences(sequences(t, s));
        SequenceCorpus walks = DeepWalk.builder().withWalkLength(s.walkLength()).withWalksPerNode(s.walksPerNode())
                .withSeed(seed).withThreads(threads).build().walks(g);
        Word2VecModel m = word2vec(s).fit(walks);
        return new Fitted(m.similarity(), m.coverage(), (System.nanoTime() - t0) / 1e9);
    }

    Fitted node2vec(LeaveLastOutTask t, Setting s) {
        long t0 = System.nanoTime();
        ItemGraph g = ItemGraph.fromSequences(sequences(t, s));
        SequenceCorpus walks = Node2Vec.builder().withP(s.p()).withQ(s.q()).withWalkLength(s.walkLength())
                .withWalksPerNode(s.walksPerNode()).withSeed(seed).withThreads(threads).build().walks(g);
        Word2VecModel m = word2vec(s).fit(walks);
        return new Fitted(m.similarity(), m.coverage(), (System.nanoTime() - t0) / 1e9);
    }

    private RankingReport evaluate(LeaveLastOutTask t, Fitted f) {
        return RankingEvaluator.builder().withThreads(threads).build().similarItems(t, f.similarity());
    }

    /** Returns the setting with the best validation HR@10 (NDCG@10 breaks ties) found by coordinate search. */
    private Setting search(LeaveLastOutTask val, Setting start, List<CoordinateSearch.Axis<Setting>> axes,
                           Function<Setting, Function<LeaveLastOutTask, Fitted>> fit) {
        return new CoordinateSearch<>(axes, passes).run(start, s -> {
            RankingReport r = evaluate(val, fit.apply(s).apply(val));
            return new double[] {r.hitRate(10), r.ndcg(10)};
        });
    }

    private void row(PrintStream out, String name, String settings, Function<LeaveLastOutTask, Fitted> fit,
                     LeaveLastOutTask val, LeaveLastOutTask test) {
        RankingReport v = evaluate(val, fit.apply(val));
        Fitted f = fit.apply(test);
        RankingReport r = evaluate(test, f);
        out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %.4f | %.3f | %.2f |%n", name, settings, v.hitRate(10),
                r.hitRate(10), r.ndcg(10), r.hitRateFavourableTies(10), f.coverage(), f.seconds());
        out.flush();
    }
}
