package org.recsys4j.examples.bench;

import org.recsys4j.core.baseline.ItemKnn;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.model.ItemSimilarity;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.embedding.graph.StartSelection;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.examples.train.ServingModels;
import org.recsys4j.examples.train.TrainingSettings;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code bench similar}: protocol S for the item embeddings — item2vec at the source system's settings,
 * then item2vec, DeepWalk and Node2vec with settings chosen by coordinate search on a <em>validation</em>
 * split carved from the train part (each user's last train item held out; the test items are never
 * looked at while tuning), next to the ItemKNN-cosine floor. Prints one table per data set.
 *
 * <p>{@code --served} instead measures the similar-items models as the demo serves them ({@link ServingModels}
 * at {@link TrainingSettings#defaults()}), next to the recipe served before issue 18, as a product owner would:
 * the spread of cosines between random items, the median rating count of the 10 similar items (results limited
 * to movies liked at least {@link ServingModels#RESULT_SUPPORT} times, as served), the share of them in the
 * query's planted cluster (generated data) and protocol S. {@code --planted} adds issue 18's planted data set.
 */
@Command(name = "similar", mixinStandardHelpOptions = true,
        description = "Protocol S: item2vec / DeepWalk / Node2vec tuned on a validation split, next to the ItemKNN floor.")
public final class SimilarItemsBench implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", required = true, split = ",",
            description = "MovieLens folders (repeatable or comma-separated).")
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

    @Option(names = "--served", description = "Measure the served similar-items models (no search): cosine spread, "
            + "popularity and planted-cluster share of the top 10, protocol S.")
    boolean served;

    @Option(names = "--planted", description = "With --served: also issue 18's planted data (SyntheticMovieLens.planted: "
            + "15 clusters, 20 cross-cluster blockbusters rated by 90% of users, genres independent of clusters).")
    boolean planted;

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
        if (served) {
            return measureServed();
        }
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

    /** Issue 18's planted data, the one definition ({@link SyntheticMovieLens#planted}) the served pipelines share. */
    static SyntheticMovieLens plantedData(long seed) {
        return SyntheticMovieLens.planted(seed);
    }

    /** Each item's planted cluster, -1 for a blockbuster (liked across clusters: never a query, never in-cluster). */
    static int[] clustersWithoutBlockbusters(SyntheticMovieLens generator, SyntheticMovieLens.Data data) {
        int[] c = data.itemClusters();   // item index = the generator's item index
        for (int i = 0; i < c.length; i++) {
            if (generator.isBlockbuster(i)) {
                c[i] = -1;
            }
        }
        return c;
    }

    private Integer measureServed() throws java.io.IOException {
        if (data != null) {
            BenchInput.folders("--data", data);
        }
        PrintStream out = System.out;
        TrainingSettings settings = TrainingSettings.defaults().withThreads(threads).withSeed(seed);
        out.println("# bench similar --served — the similar-items models as served (" + settings + "), next to the "
                + "recipe served before issue 18 — " + Machine.describe());
        for (Path d : data == null ? List.<Path>of() : data) {
            MovieLensData ml = MovieLens.load(d, LoadOptions.lenient());
            input.on(d, ml);
            servedTable(out, String.valueOf(d.getFileName()), ml.ratings(), Tasks.leaveLastOut(ml), null, settings);
        }
        if (planted) {
            SyntheticMovieLens gen = plantedData(seed);
            SyntheticMovieLens.Data p = gen.generate();
            servedTable(out, "planted (`generate --planted --seed " + seed + "`: " + gen + ")", p.interactions(),
                    LeaveLastOutTask.of(p.interactions()),
                    clustersWithoutBlockbusters(gen, p), settings);
        }
        return 0;
    }

    /** One recipe of the four similar-items models: item vectors over the given ratings. */
    static Map<String, EmbeddingTable> recipe(Interactions ratings, TrainingSettings s, boolean before) {
        SequenceCorpus liked = ItemSequences.builder().withThreshold(ServingModels.LIKED).build().from(ratings);
        Map<String, EmbeddingTable> t = new LinkedHashMap<>();
        if (before) {
            // as served before issue 18: consecutive-pair counts, 5 epochs, 5 walks of 10 per node, raw vectors
            TrainingSettings old = new TrainingSettings(s.dim(), 5, 5, 10, s.alsIterations(), s.ctrEpochs(), s.threads(),
                    s.seed());
            Word2Vec w2v = Word2Vec.builder().withDim(s.dim()).withWindow(5).withNegative(5).withEpochs(5)
                    .withThreads(s.threads()).withSeed(s.seed()).build();
            ItemGraph g = ItemGraph.fromSequences(liked);
            t.put("item2vec", w2v.fit(liked).table());
            t.put("deepwalk", w2v.fit(DeepWalk.builder().withWalkLength(10).withWalksPerNode(5)
                    .withStartBy(StartSelection.FREQUENCY).withSeed(s.seed()).withThreads(s.threads()).build().walks(g)).table());
            t.put("node2vec", w2v.fit(ServingModels.node2vec(old).walks(g)).table());
        } else {
            ItemGraph g = ServingModels.itemGraph(liked);
            t.put("item2vec", ServingModels.word2vec(s, false).build().fit(liked).table());
            t.put("deepwalk", ServingModels.word2vec(s, true).build().fit(ServingModels.deepWalk(s).walks(g)).table());
            t.put("node2vec", ServingModels.word2vec(s, true).build().fit(ServingModels.node2vec(s).walks(g)).table());
        }
        Interactions likedRatings = ratings.filter(k -> ratings.value(k) >= ServingModels.LIKED);
        ImplicitAlsModel als = (before ? org.recsys4j.embedding.mf.ImplicitAls.builder().withFactors(s.dim())
                .withIterations(s.alsIterations()).withThreads(s.threads()).withSeed(s.seed())
                : ServingModels.movieLensAls(s)).build().fit(likedRatings);
        t.put("als", withoutZeroRows(als.itemFactors()));
        return t;
    }

    private void servedTable(PrintStream out, String name, Interactions all, LeaveLastOutTask task, int[] cluster,
                             TrainingSettings s) {
        Interactions likedAll = all.filter(k -> all.value(k) >= ServingModels.LIKED);
        int[] ratingsOf = new int[all.items().size()];
        for (int k = 0; k < all.size(); k++) {
            ratingsOf[all.item(k)]++;
        }
        out.printf(Locale.ROOT, "%n## %s%n%n", name);
        out.println("| recipe | model | mean cosine ± sd (random pairs) | median ratings of the top 10 | top-10 movies with ≤ 5 "
                + "ratings | in the query's cluster | S HR@10 | S NDCG@10 | coverage | fit s (the four) |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (boolean before : new boolean[] {true, false}) {
            long t0 = System.nanoTime();
            Map<String, EmbeddingTable> full = recipe(all, s, before);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, EmbeddingTable> train = recipe(task.ratedTrain(), s, before);
            for (String model : full.keySet()) {
                EmbeddingTable v = full.get(model);
                EmbeddingTable results = before ? v : ServingModels.supported(v, likedAll, ServingModels.RESULT_SUPPORT);
                double[] spread = spread(v);
                double[] top = top10(v, results, all.items(), ratingsOf, cluster);
                EmbeddingTable trainResults = before ? train.get(model)
                        : ServingModels.supported(train.get(model), task.ratedTrain().filter(
                                k -> task.ratedTrain().value(k) >= ServingModels.LIKED), ServingModels.RESULT_SUPPORT);
                RankingReport r = RankingEvaluator.builder().withThreads(threads).build().similarItems(task,
                        cosine(train.get(model), trainResults, all.items()));
                out.printf(Locale.ROOT, "| %s | %s | %.3f ± %.3f | %.0f | %.2f | %s | %.4f | %.4f | %.3f | %.1f |%n",
                        before ? "before issue 18" : "served", model, spread[0], spread[1], top[0], top[1],
                        cluster == null ? "—" : String.format(Locale.ROOT, "%.3f", top[2]), r.hitRate(10), r.ndcg(10),
                        v.size() / (double) all.items().size(), seconds);
                out.flush();
            }
        }
    }

    /** Returns the rows that are not all zero (an ALS item without a like has a zero factor: no vector). */
    static EmbeddingTable withoutZeroRows(EmbeddingTable t) {
        EmbeddingTable.Builder b = EmbeddingTable.builder(t.dim());
        for (int r = 0; r < t.size(); r++) {
            float[] v = t.vector(r);
            if (dot(v, v) > 0) {
                if (t.ids().isNumeric()) {
                    b.add(t.ids().longId(r), v);
                } else {
                    b.add(t.ids().id(r), v);
                }
            }
        }
        return b.build();
    }

    /** Mean and standard deviation of the cosine of 200,000 random pairs of distinct rows (seeded). */
    static double[] spread(EmbeddingTable t) {
        float[][] u = unitRows(t);
        SplittableRandom r = new SplittableRandom(1);
        double s = 0;
        double s2 = 0;
        int n = 200_000;
        for (int k = 0; k < n; k++) {
            int a = r.nextInt(u.length);
            int b = r.nextInt(u.length);
            if (a == b) {
                k--;
                continue;
            }
            double c = dot(u[a], u[b]);
            s += c;
            s2 += c * c;
        }
        double mean = s / n;
        return new double[] {mean, Math.sqrt(Math.max(0, s2 / n - mean * mean))};
    }

    private static float[][] unitRows(EmbeddingTable t) {
        float[][] u = new float[t.size()][];
        for (int i = 0; i < u.length; i++) {
            float[] v = t.vector(i);
            double n = Math.sqrt(dot(v, v));
            for (int j = 0; j < v.length; j++) {
                v[j] = n > 0 ? (float) (v[j] / n) : 0f;
            }
            u[i] = v;
        }
        return u;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static int index(IdIndex items, IdIndex ids, int row) {
        return ids.isNumeric() ? items.indexOf(ids.longId(row)) : items.indexOf(ids.id(row));
    }

    /**
     * Over every query (a row of {@code queries} that is no blockbuster), its 10 most cosine-similar rows of
     * {@code results} other than itself: {median rating count, share with ≤ 5 ratings, mean share in the query's
     * cluster}.
     */
    static double[] top10(EmbeddingTable queries, EmbeddingTable results, IdIndex items, int[] ratingsOf, int[] cluster) {
        float[][] q = unitRows(queries);
        float[][] r = unitRows(results);
        int[] rItem = new int[r.length];
        for (int j = 0; j < r.length; j++) {
            rItem[j] = index(items, results.ids(), j);
        }
        List<Integer> counts = new ArrayList<>();
        long few = 0;
        double inSum = 0;
        int inQueries = 0;
        for (int i = 0; i < q.length; i++) {
            int item = index(items, queries.ids(), i);
            if (item < 0 || (cluster != null && cluster[item] < 0)) {
                continue;
            }
            org.recsys4j.core.util.IntDoubleTopK best = new org.recsys4j.core.util.IntDoubleTopK(10);
            for (int j = 0; j < r.length; j++) {
                if (rItem[j] != item) {
                    best.offer(j, dot(q[i], r[j]));
                }
            }
            int[] rows = new int[best.size()];
            int k = best.drain(rows, new double[rows.length]);
            int in = 0;
            for (int t = 0; t < k; t++) {
                int it = rItem[rows[t]];
                counts.add(ratingsOf[it]);
                few += ratingsOf[it] <= 5 ? 1 : 0;
                in += cluster != null && cluster[it] == cluster[item] ? 1 : 0;
            }
            if (k > 0) {
                inSum += in / (double) k;
                inQueries++;
            }
        }
        counts.sort(null);
        return new double[] {counts.isEmpty() ? 0 : counts.get(counts.size() / 2), counts.isEmpty() ? 0
                : few / (double) counts.size(), inQueries == 0 ? 0 : inSum / inQueries};
    }

    /** Cosine similarity of item indices: queries from {@code vectors}, candidates only the rows of {@code results}. */
    static ItemSimilarity cosine(EmbeddingTable vectors, EmbeddingTable results, IdIndex items) {
        int n = items.size();
        float[][] byItem = new float[n][];
        boolean[] result = new boolean[n];
        float[][] u = unitRows(vectors);
        for (int i = 0; i < u.length; i++) {
            int item = index(items, vectors.ids(), i);
            if (item >= 0) {
                byItem[item] = u[i];
            }
        }
        for (int j = 0; j < results.size(); j++) {
            int item = index(items, results.ids(), j);
            if (item >= 0) {
                result[item] = true;
            }
        }
        return new ItemSimilarity() {
            @Override
            public int numItems() {
                return n;
            }

            @Override
            public void similarities(int[] qs, double[][] out) {
                for (int b = 0; b < qs.length; b++) {
                    float[] q = byItem[qs[b]];
                    for (int i = 0; i < n; i++) {
                        out[b][i] = q == null || !result[i] ? Double.NEGATIVE_INFINITY : dot(q, byItem[i]);
                    }
                }
            }

            @Override
            public boolean covers(int item) {
                return byItem[item] != null;
            }
        };
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
