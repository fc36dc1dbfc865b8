package org.recsys4j.examples.code;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.rank.ctr.CtrData;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.ModelSpec;
import org.recsys4j.rank.ctr.ModelType;
import org.recsys4j.rank.ctr.ProtocolC;
import org.recsys4j.rank.ctr.ProtocolCFeatureProvider;
import org.recsys4j.rank.ctr.TrainingResult;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.recall.channel.EmbeddingChannel;
import org.recsys4j.recall.channel.CategoryChannel;
import org.recsys4j.recall.channel.ItemNeighbors;
import org.recsys4j.recall.channel.MultiChannelRecall;
import org.recsys4j.recall.channel.NeighborChannel;
import org.recsys4j.recall.channel.RankedListChannel;
import org.recsys4j.recall.channel.TopRated;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;

/**
 * "For you": multi-channel recall (item-CF, item2vec, genres, top-rated) merges 300 candidates, a
 * DeepFM click-through model trained on protocol C samples ranks them, inside the core
 * {@link Recommender}. Prints a user's 10 recommendations with the channels that found each.
 *
 * <pre>java -cp recsys-examples/target/recsys4j.jar org.recsys4j.examples.code.ForYou ../shared/data/ml-latest-small</pre>
 */
public final class ForYou {
    /**
     * What {@link #recommend} returns.
     *
     * @param recommendation the user's recommendations (items, their channels, the ranker's name)
     * @param testAuc        the DeepFM model's AUC on protocol C's test split
     */
    public record Result(Recommendation recommendation, double testAuc) { }

    private ForYou() {
    }

    /**
     * Builds the recall channels, trains DeepFM on protocol C and returns {@code k} movies for the user,
     * none of them already rated.
     *
     * @param ml        the MovieLens data
     * @param userId    the MovieLens user id
     * @param k         how many recommendations
     * @param ctrEpochs the DeepFM training epochs at most (early stopping on the validation split)
     * @return the recommendation and the model's test AUC
     * @throws IllegalArgumentException if the user has no rating
     */
    public static Result recommend(MovieLensData ml, long userId, int k, int ctrEpochs) {
        Interactions ratings = ml.ratings();
        ItemCatalog catalog = ml.catalog();
        int user = ratings.users().indexOf(userId);
        if (user < 0) {
            throw new IllegalArgumentException("userId " + userId + " has no rating");
        }
        // --- recall: four channels, each with a candidate quota and a merge weight ---
        Interactions liked = ratings.filter(r -> ratings.value(r) >= 3.5);
        ItemNeighbors cooc = ItemNeighbors.builder(liked).withNeighbors(50)
                .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(2).build();
        NeighborChannel itemCf = NeighborChannel.builder(cooc).withName("item-cf").build();
        EmbeddingTable item2vec = Word2Vec.builder().withDim(32).withEpochs(5).withThreads(2).withSeed(42)
                .withListener(p -> { })
                .build().fit(ItemSequences.builder().withThreshold(3.5).build().from(ratings)).table();
        EmbeddingChannel embedding = EmbeddingChannel.builder(
                        HnswIndex.builder(item2vec, Metric.COSINE).withM(16).withSeed(42).build(), catalog.items())
                .withName("item2vec").withItemVectors(item2vec).withHistoryWindow(50)   // query: mean of the history
                .build();
        double[] quality = TopRated.builder(10).build().bayesianAverages(ratings);
        CategoryChannel genres = CategoryChannel.builder(catalog, ItemCatalog.GENRES, ratings).withName("genre")
                .withTopCategories(3).withRecencyDecay(0.95)
                .withItemQuality(quality).build();
        RankedListChannel topRated = TopRated.builder(10).withName("top-rated").build()
                .fit(ratings);

        // --- ranking: DeepFM on protocol C (time-split samples with negatives), without the user id and
        // recent-positive fields (the setting with the best test AUC in docs/ctr.md) ---
        ProtocolC pc = ProtocolC.of(SampleSet.build(ratings, catalog, SampleSpec.protocolC()));
        List<String> drop = List.of("userId", "recentPositive");
        ModelSpec spec = ProtocolC.spec(ModelType.DEEP_FM).withoutFields(drop);
        TrainingResult trained = CtrTrainer.builder(spec).withLearningRate(1e-3).withThreads(2).withSeed(1)
                .withMaxEpochs(ctrEpochs).build()
                .fit(pc.fit().withoutFields(drop), pc.validation().withoutFields(drop));
        CtrData test = pc.test().withoutFields(drop);
        double[] p = new double[test.size()];
        trained.model().predict(test, p, 2);
        double auc = Metrics.auc(p, test.labelArray());

        // online, the model's user statistics come from a feature store: [count, mean, stddev] per user, computed as
        // the samples computed them (sample standard deviation), so that serving sees what training saw
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", 3)).build()) {
            store.put("user_stats", Long.toString(userId),
                    pc.data().userAggregates(pc.samples().history().users().indexOf(userId)));
            ModelRanker deepFm = ModelRanker.builder("deepfm", new ProtocolCFeatureProvider(pc, store, "user_stats"),
                    trained.model()).build();
            try (MultiChannelRecall recall = MultiChannelRecall.builder().withName("multi")
                         .add(itemCf, 200, 2).add(embedding, 200, 2).add(genres, 100, 1).add(topRated, 50, 0.5)
                         .withTimeBudget(Duration.ofSeconds(5)).build();
                 Recommender rec = Recommender.builder("for-you", recall)
                         .withRecallLimit(300).withColdStart(topRated).withFallback(topRated)
                         .withRanking(RankingChain.of(deepFm)).build()) {
                int[] history = ratings.byUser().othersOf(user);   // every movie the user rated
                RecRequest request = RecRequest.builder(k).withUser(Long.toString(userId), user).withHistory(history)
                        .withHistoryExcluded(true).build();
                return new Result(rec.recommend(request), auc);
            }
        }
    }

    /**
     * Prints user 1's 10 recommendations with their channels.
     *
     * @param args the MovieLens folder (default {@code ../shared/data/ml-latest-small})
     * @throws Exception if the data cannot be read
     */
    public static void main(String[] args) throws Exception {
        MovieLensData ml = MovieLens.load(Path.of(args.length > 0 ? args[0] : "../shared/data/ml-latest-small"),
                LoadOptions.lenient());
        Result r = recommend(ml, 1L, 10, 3);
        System.out.printf(Locale.ROOT, "DeepFM test AUC %.4f; for user 1 (ranker %s):%n", r.testAuc(),
                r.recommendation().ranker());
        for (Candidate c : r.recommendation().items()) {
            System.out.printf(Locale.ROOT, "  %.3f  %-50s %s%n", c.score(), ml.catalog().title(c.item()), c.channels());
        }
    }
}
