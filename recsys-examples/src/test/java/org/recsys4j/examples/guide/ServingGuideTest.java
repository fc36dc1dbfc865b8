package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.pipeline.Stage;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.rank.cf.MatrixFactorizationRanker;
import org.recsys4j.rank.similarity.ItemMatrix;
import org.recsys4j.rank.similarity.UserVectorSource;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.recall.channel.EmbeddingChannel;
import org.recsys4j.recall.channel.ItemNeighbors;
import org.recsys4j.recall.channel.MultiChannelRecall;
import org.recsys4j.recall.channel.NeighborChannel;
import org.recsys4j.recall.channel.PopularityChannel;
import org.recsys4j.recall.channel.RankedListChannel;
import org.recsys4j.recall.channel.TopRated;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.VectorIndex;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the code of docs/serving.md ("Building the serving pipeline in code") so the guide cannot rot. */
class ServingGuideTest {
    @Test
    void theGuidesSnippetRuns(@TempDir Path dir) throws Exception {
        SyntheticMovieLens.builder(100, 150, 5_000, 3).withClusters(4).build().writeLatestCsv(dir);
        Recommendation r;
        Recommendation cold;
        int[] history;
        // --- docs/serving.md, with the data path adapted and the printing replaced by checks ---
        MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
        Interactions ratings = ml.ratings();
        ItemCatalog catalog = ml.catalog();
        Interactions liked = ratings.filter(k -> ratings.value(k) >= 3.5);

        PopularityChannel popular = PopularityChannel.builder(ratings).withName("popular").build();  // no decay
        RankedListChannel topRated = TopRated.builder(10).withName("top-rated").build()
                .fit(ratings);
        ItemNeighbors cooc = ItemNeighbors.builder(liked).withNeighbors(50)
                .withSimilarity(ItemNeighbors.Similarity.COSINE).withMaxItemsPerUser(300).withThreads(2).build();
        ImplicitAls als = ImplicitAls.builder().withFactors(16).withIterations(5).withThreads(2).build();
        ImplicitAlsModel ials = als.fit(liked);
        VectorIndex index = HnswIndex.builder(ials.itemFactors(), Metric.COSINE).withM(16).withSeed(42).build();
        EmbeddingChannel emb = EmbeddingChannel.builder(index, catalog.items()).withName("ials")
                .withItemVectors(ials.itemFactors()).build();   // query: the mean vector of the user's history

        try (MultiChannelRecall recall = MultiChannelRecall.builder().withName("multi")
                     .add(NeighborChannel.builder(cooc).withName("item-cf").build(), 200, 2)
                     .add(emb, 200, 2).add(popular, 50, 0.5)
                     .withTimeBudget(Duration.ofMillis(300)).build();
             Recommender rec = Recommender.builder("multi-ials", recall)
                     .withRecallLimit(300)                 // 300 candidates from the merger
                     .withColdStart(topRated)              // no user and no history: the top-rated list
                     .withFallback(popular)                // recall failed, timed out or found nothing
                     .withRanking(RankingChain.of(MatrixFactorizationRanker.builder(
                             UserVectorSource.byKey(ials.userFactors()), ItemMatrix.of(ials.itemFactors(), catalog.items()))
                             .withName("ials-dot").withImplicitFoldIn(als.regularization(), als.confidenceOf(4.0))
                             .build()))           // the seam where a recsys-rank model plugs in
                     .withBudget(Stage.RECALL, Duration.ofMillis(500))
                     .withCache(10_000, Duration.ofMinutes(5))
                     .build()) {
            int u = ratings.users().indexOf(1L);
            history = ratings.byUser().othersOf(u);
            RecRequest request = RecRequest.builder(10).withUser("1", u).withHistory(history).withHistoryExcluded(true).build();
            r = rec.recommend(request);
            // r.items(): 10 movies user 1 has not rated, each with its channels (c.sources());
            // r.ranker() = "ials-dot", r.channels() = e.g. [item-cf, ials, popular], r.usedFallback() = false
            cold = rec.recommend(RecRequest.builder(5).build());
            // cold.notes() = [recall: cold-start request, used top-rated]
        }
        // --- end of the guide's code ---
        Set<Integer> seen = new HashSet<>();
        for (int i : history) {
            seen.add(i);
        }
        assertEquals(10, r.items().size());
        for (Candidate c : r.items()) {
            assertFalse(seen.contains(c.item()));
            assertFalse(c.sources().isEmpty());
        }
        assertEquals("ials-dot", r.ranker());
        assertFalse(r.usedFallback(), r.notes().toString());
        assertEquals(5, cold.items().size());
        assertTrue(cold.notes().get(0).contains("cold-start"), cold.notes().toString());
        assertEquals("top-rated", cold.items().get(0).sources().get(0).channel());
    }
}
