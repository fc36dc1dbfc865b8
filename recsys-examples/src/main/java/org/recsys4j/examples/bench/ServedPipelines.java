package org.recsys4j.examples.bench;

import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.examples.report.Leaderboard;
import org.recsys4j.examples.report.Leaderboard.Column;
import org.recsys4j.examples.report.Leaderboard.Row;
import org.recsys4j.examples.server.ServingData;
import org.recsys4j.examples.server.UnionRecall;
import org.recsys4j.examples.train.ServedRecall;
import org.recsys4j.examples.train.ServingModels;
import org.recsys4j.examples.train.TrainingSettings;
import org.recsys4j.recall.channel.MultiChannelRecall;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * The "served pipelines" leaderboard (issue 18): every pipeline the demo server offers, built exactly as the
 * server builds it ({@link ServingModels} and {@link ServingData}), evaluated as a whole under protocols T and S
 * ({@link RankingEvaluator#topN(LeaveLastOutTask, Recommender)}), beside each of its single components (each
 * recall channel alone, each ranker over the whole catalogue), with catalogue coverage, novelty (median train
 * popularity of the listed items), personalisation (mean pairwise Jaccard of the users' top-10) and, on planted
 * data, the share of the top-10 in the user's own cluster.
 *
 * <p><b>No leakage.</b> The served models are trained on all the data; here every model, statistic and list the
 * pipelines use is rebuilt from protocol T's train split only: the server's training and construction run on a
 * {@link MovieLensData} whose ratings are {@link LeaveLastOutTask#ratedTrain()} (the same catalogue, each user's
 * last rating removed), so no held-out rating reaches item2vec, ALS, item-CF, DeepFM's samples (protocol C is cut
 * from the train ratings), the popularity and top-rated lists or the merge weights chosen on a validation split
 * of it.
 *
 * <p><b>Budgets.</b> The pipelines keep their structure, quotas and weights; only the time budgets are raised
 * ({@link #BUDGET_MILLIS}) and the result cache is off, so that what is measured is what the pipeline answers,
 * not what a busy evaluation machine let it finish. The report's fallback count says whether any request still
 * took a fallback.
 */
public final class ServedPipelines {
    /** The time budget of every stage during the evaluation (ms): large, so that no stage is cut short. */
    public static final int BUDGET_MILLIS = 60_000;

    /**
     * The planted truth of generated data, by dense index of the loaded data.
     *
     * @param itemCluster the planted cluster of an item index
     * @param userCluster the planted cluster of a user index
     */
    public record Planted(IntUnaryOperator itemCluster, IntUnaryOperator userCluster) {
        /** Checks that neither is null. */
        public Planted {
            Objects.requireNonNull(itemCluster, "itemCluster");
            Objects.requireNonNull(userCluster, "userCluster");
        }
    }

    /**
     * One evaluated pipeline or component.
     *
     * @param name      the pipeline's name, or {@code pipeline / component}
     * @param component whether this is a single component of a served pipeline
     * @param t         protocol T
     * @param s         protocol S (null for components that cannot answer a seed request: rankers alone)
     * @param inCluster the mean share of the top-10 in the user's planted cluster, over users with at least 10
     *                  unseen items in it ({@code NaN} without planted data)
     */
    public record Result(String name, boolean component, RankingReport t, RankingReport s, double inCluster) {
    }

    /**
     * The evaluation of one data set.
     *
     * @param results the pipelines (in the server's order), then the components
     * @param merge   the served recall's settings as built ({@link ServedRecall#describe}) and how they were chosen
     */
    public record Evaluation(List<Result> results, String merge) {
    }

    /** The seed of the planted data of the served-pipelines table. */
    public static final long PLANTED_SEED = 42;

    /**
     * The planted data of the served-pipelines table: the one planted definition, {@link SyntheticMovieLens#planted}
     * with seed {@value #PLANTED_SEED} (2,000 users, 3,000 movies, 150,000 ratings in 15 clusters, genres independent of
     * the clusters, 20 cross-cluster blockbusters each rated by 90 % of the users), as {@code bench similar --served
     * --planted} measures it.
     */
    public static SyntheticMovieLens plantedData() {
        return SyntheticMovieLens.planted(PLANTED_SEED);
    }

    /** {@link #plantedData()} as the {@code generate} command that writes it. */
    public static final String PLANTED_TEXT = "`generate --planted --seed " + PLANTED_SEED + "` (" + plantedData() + ")";

    private ServedPipelines() {
    }

    /**
     * Returns the planted truth of data {@code gen} wrote and {@code data} loaded: items by catalogue position (the
     * generator's ids ascend, as the catalogue's), users by id ({@code id - 1} is the generator's user index).
     */
    public static Planted planted(SyntheticMovieLens gen, MovieLensData data) {
        var users = data.ratings().users();
        int[] userCluster = new int[users.size()];
        for (int u = 0; u < userCluster.length; u++) {
            userCluster[u] = gen.userCluster((int) (users.longId(u) - 1));
        }
        int items = data.catalog().size();
        if (items != gen.items() || data.catalog().items().longId(items - 1) != gen.movieId(items - 1)) {
            throw new IllegalArgumentException("data: not the catalogue " + gen + " wrote (" + items + " movies)");
        }
        return new Planted(gen::itemCluster, u -> userCluster[u]);
    }

    /**
     * Trains the served models on protocol T's train split, builds the server's pipelines from them and
     * evaluates each pipeline and each of its components.
     *
     * @param data     the data set (all of it: the split is made here)
     * @param training the server's training settings
     * @param threads  evaluation threads
     * @param planted  the planted truth, or null for real data
     * @param log      progress lines
     * @return the results, pipelines first (in the server's order), then the components, and the merge settings
     */
    public static Evaluation evaluate(MovieLensData data, TrainingSettings training, int threads, Planted planted,
                                        PrintStream log) throws Exception {
        LeaveLastOutTask task = LeaveLastOutTask.of(data.ratings());
        MovieLensData train = trainSplit(data, task);
        long t0 = System.nanoTime();
        ServingModels models = ServingModels.train(train, training);
        log.printf(Locale.ROOT, "served models trained on the T train split (%,d ratings) in %.1f s%n",
                train.ratings().size(), (System.nanoTime() - t0) / 1e9);
        RankingEvaluator ev = RankingEvaluator.builder().withThreads(threads).build();
        List<Result> out = new ArrayList<>();
        String merge;
        try (ServingData serving = ServingData.build(train, models,
                new ServingData.Settings(training, 0, BUDGET_MILLIS), null, log)) {
            merge = ServedRecall.describe(serving.multiRecall().merger()) + " (" + models.mergeConfig().notes() + "). "
                    + "ALS popularity lift β " + models.alsLift().beta() + " (" + models.alsLift().notes() + ")"
                    + (serving.neuralCf().isPresent() ? ". NeuralCF served as NeuMF, GMF (ALS) weight "
                    + models.neuMfWeight().weight() + " (" + models.neuMfWeight().notes() + ")" : "");
            log.println("served recall: " + merge);
            Map<String, Recommender> components = new LinkedHashMap<>();
            for (Recommender p : serving.pipelines().values()) {
                long t = System.nanoTime();
                RankingReport rt = ev.topN(task, p);
                RankingReport rs = ev.similarItems(task, p);
                out.add(new Result(p.name(), false, rt, rs, inCluster(task, rt, planted)));
                log.printf(Locale.ROOT, "pipeline %s: T %s; S HR@10 %.4f (%.1f s)%n", p.name(), rt, rs.hitRate(10),
                        (System.nanoTime() - t) / 1e9);
                components(p, serving, components);
            }
            for (Map.Entry<String, Recommender> c : components.entrySet()) {
                long t = System.nanoTime();
                RankingReport rt = ev.topN(task, c.getValue());
                boolean ranker = c.getValue().ranking().isPresent();
                RankingReport rs = ranker ? null : ev.similarItems(task, c.getValue());
                out.add(new Result(c.getKey(), true, rt, rs, inCluster(task, rt, planted)));
                log.printf(Locale.ROOT, "component %s: T %s (%.1f s)%n", c.getKey(), rt, (System.nanoTime() - t) / 1e9);
            }
        }
        return new Evaluation(out, merge);
    }

    /**
     * Returns the data set the served models are trained on under protocol T: the same catalogue (and folder, format
     * and load report), with only the train split's ratings, their values and timestamps kept
     * ({@link LeaveLastOutTask#ratedTrain()}: each evaluated user's last rating removed, users with one rating
     * dropped).
     */
    public static MovieLensData trainSplit(MovieLensData data, LeaveLastOutTask task) {
        return new MovieLensData(data.format(), data.dir(), data.catalog(), task.ratedTrain(), data.report());
    }

    /**
     * Adds a pipeline's single components: each channel of a multi-channel recall (or the recall source itself)
     * as a pipeline of its own, with the pipeline's recall limit; and each ranker over every item.
     */
    private static void components(Recommender p, ServingData serving, Map<String, Recommender> into) {
        CandidateSource recall = p.recallSource();
        // a union's added source is a ranker's own best items (RankerChannel): the same as that ranker over every item,
        // which is listed below as the chain's component
        List<CandidateSource> channels = channelsOf(recall instanceof UnionRecall u ? u.first() : recall, serving);
        for (CandidateSource c : channels) {
            into.putIfAbsent(c.name(), Recommender.builder(c.name(), c).withRecallLimit(ServingData.RECALL_LIMIT).build());
        }
        if (p.ranking().isPresent()) {
            RankingChain chain = p.ranking().get();
            into.putIfAbsent(chain.name(), Recommender.builder(chain.name() + " (all items)",
                            allItems(serving.ratings().numItems())).withRecallLimit(serving.ratings().numItems())
                    .withRanking(chain).build());
        }
    }

    private static List<CandidateSource> channelsOf(CandidateSource recall, ServingData serving) {
        return recall == serving.multiRecall() ? serving.multiRecall().merger().channels()
                : recall instanceof MultiChannelRecall m ? m.channels() : List.of();
    }

    /** A source that returns every item the request admits (score 0), for ranking the whole catalogue. */
    static CandidateSource allItems(int numItems) {
        return new CandidateSource() {
            @Override
            public String name() {
                return "all-items";
            }

            @Override
            public List<Candidate> recall(RecRequest request, int limit) {
                List<Candidate> out = new ArrayList<>(Math.min(limit, numItems));
                for (int i = 0; i < numItems && out.size() < limit; i++) {
                    if (!request.excludes(i)) {
                        out.add(Candidate.of(i, "all-items", 0, out.size()));
                    }
                }
                return out;
            }
        };
    }

    /**
     * Returns the mean share of the top-10 lists' items that are in the user's planted cluster, over the users with
     * at least 10 items of their cluster not among their train items; {@code NaN} without planted data.
     */
    static double inCluster(LeaveLastOutTask task, RankingReport r, Planted planted) {
        if (planted == null) {
            return Double.NaN;
        }
        int numItems = task.train().numItems();
        int clusters = 0;
        for (int i = 0; i < numItems; i++) {
            clusters = Math.max(clusters, planted.itemCluster().applyAsInt(i) + 1);
        }
        int[] clusterSize = new int[clusters];
        for (int i : task.universe()) {
            clusterSize[planted.itemCluster().applyAsInt(i)]++;
        }
        var byUser = task.train().byUser();
        int[][] lists = r.topLists();
        double sum = 0;
        int users = 0;
        for (int c = 0; c < task.numCases(); c++) {
            int u = task.testUser(c);
            int own = planted.userCluster().applyAsInt(u);
            int seen = 0;
            for (int p = byUser.start(u); p < byUser.end(u); p++) {
                seen += planted.itemCluster().applyAsInt(byUser.other(p)) == own ? 1 : 0;
            }
            if (clusterSize[own] - seen < 10 || lists[c].length == 0) {
                continue;
            }
            int in = 0;
            for (int item : lists[c]) {
                in += planted.itemCluster().applyAsInt(item) == own ? 1 : 0;
            }
            sum += in / (double) lists[c].length;
            users++;
        }
        return users == 0 ? Double.NaN : sum / users;
    }

    /**
     * Returns the results as a leaderboard: T HR@10, NDCG@10, S HR@10, coverage@10, median popularity, mean pairwise
     * Jaccard, in-cluster share (planted data) and the fallback count.
     */
    public static Leaderboard board(String dataSet, String notes, List<Result> results, boolean planted) {
        List<Row> rows = new ArrayList<>();
        for (Result r : results) {
            RankingReport t = r.t();
            double[] v = planted
                    ? new double[] {t.hitRate(10), t.ndcg(10), r.s() == null ? Double.NaN : r.s().hitRate(10),
                        t.catalogueCoverage(), t.medianPopularity(), t.meanPairwiseJaccard(), r.inCluster(), t.fallbackCases()}
                    : new double[] {t.hitRate(10), t.ndcg(10), r.s() == null ? Double.NaN : r.s().hitRate(10),
                        t.catalogueCoverage(), t.medianPopularity(), t.meanPairwiseJaccard(), t.fallbackCases()};
            // a pipeline and its ranker may share a name (neuralcf, sasrec): the label says which row is which
            rows.add(new Row(r.component() ? "component " + r.name() : r.name(),
                    r.component() ? "· " + r.name() : "**" + r.name() + "**",
                    r.component() ? "component, alone" : "served pipeline", "—", v, null));
        }
        List<Column> cols = new ArrayList<>(List.of(new Column("T HR@10", "%.4f"), new Column("T NDCG@10", "%.4f"),
                new Column("S HR@10", "%.4f"), new Column("coverage@10", "%.4f"), new Column("novelty: median pop.", "%.0f"),
                new Column("mean pairwise Jaccard", "%.4f")));
        if (planted) {
            cols.add(new Column("in own cluster", "%.3f"));
        }
        cols.add(new Column("fallbacks", "%.0f"));
        return new Leaderboard("Served pipelines — " + dataSet, notes, cols, null, rows);
    }
}
