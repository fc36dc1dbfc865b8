package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.testing.SharedData;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.recall.channel.ChannelReport;
import org.recsys4j.recall.channel.ChannelStatus;
import org.recsys4j.recall.channel.ContentChannel;
import org.recsys4j.recall.channel.EmbeddingChannel;
import org.recsys4j.recall.channel.CategoryChannel;
import org.recsys4j.recall.channel.ItemNeighbors;
import org.recsys4j.recall.channel.MultiChannelRecall;
import org.recsys4j.recall.channel.NeighborChannel;
import org.recsys4j.recall.channel.Newest;
import org.recsys4j.recall.channel.PopularityChannel;
import org.recsys4j.recall.channel.PrecomputedListChannel;
import org.recsys4j.recall.channel.RankedListChannel;
import org.recsys4j.recall.channel.RankerChannel;
import org.recsys4j.recall.channel.RecallResult;
import org.recsys4j.recall.channel.ScoredItemList;
import org.recsys4j.recall.channel.TopRated;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.VectorIndex;
import org.recsys4j.rank.cf.MatrixFactorizationRanker;
import org.recsys4j.rank.similarity.ItemMatrix;
import org.recsys4j.rank.similarity.UserVectorSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the code of docs/recall.md ("Channels and the multi-channel merger") so the guide cannot rot. */
class RecallGuideTest {
    @Test
    void theGuidesSnippetRuns() throws Exception {
        // --- docs/recall.md, with the data path adapted, the budget widened for a loaded test machine and
        // the printing replaced by checks ---
        MovieLensData ml = MovieLens.load(SharedData.dataSet("ml-latest-small"), LoadOptions.lenient());
        ItemCatalog catalog = ml.catalog();
        Interactions ratings = ml.ratings();
        Interactions liked = ratings.filter(k -> ratings.value(k) >= 4);

        RankedListChannel topRated = TopRated.builder(20).withMinCount(10).build().fit(ratings);
        RankedListChannel newest = Newest.byAttribute("newest", catalog, ItemCatalog.YEAR);
        PopularityChannel trending = PopularityChannel.builder(ratings).withName("trending")
                .withHalfLife(Duration.ofDays(90)).build();
        double[] quality = TopRated.builder(20).withMinCount(10).build().bayesianAverages(ratings);
        CategoryChannel genres = CategoryChannel.builder(catalog, ItemCatalog.GENRES, ratings).withName("genre")
                .withTopCategories(3).withRecencyDecay(0.95).withItemQuality(quality).build();
        ItemNeighbors cooc = ItemNeighbors.builder(liked).withNeighbors(50)
                .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(2).build();
        NeighborChannel itemCf = NeighborChannel.builder(cooc).withName("item-cf").build();
        NeighborChannel lastFive = NeighborChannel.builder(cooc).withName("last-5").withWindow(5)
                .withRecencyDecay(0.8).build();
        ContentChannel content = ContentChannel.builder(catalog).addAttribute(ItemCatalog.GENRES)
                .addBuckets(ItemCatalog.YEAR, 10).withMinTagItems(2).withWindow(20)
                .withRecencyDecay(0.9).withRatings(ratings).build();

        ImplicitAlsModel ials = ImplicitAls.builder().withFactors(32).withIterations(10).withThreads(2)
                .build().fit(liked);
        VectorIndex index = HnswIndex.builder(ials.itemFactors(), Metric.INNER_PRODUCT)
                .withM(16).withEfConstruction(100).withEf(200).withSeed(42).build();
        EmbeddingChannel embedding = EmbeddingChannel.builder(index, catalog.items())
                .withItemVectors(ials.itemFactors()).withUserVectors(ials.userFactors()).build();
        RankerChannel mf = RankerChannel.of(MatrixFactorizationRanker.builder(UserVectorSource.byKey(ials.userFactors()),
                ItemMatrix.of(ials.itemFactors(), catalog.items())).withName("ials").build(), catalog.size());

        FeatureStore store = InMemoryFeatureStore.builder().withNamespace(NamespaceSpec.blobs("offline-recs")).build();
        PrecomputedListChannel.write(store, "offline-recs", Map.of("1", ScoredItemList.sorted(
                new long[] {318, 858, 2959}, new float[] {0.9f, 0.8f, 0.7f})));
        PrecomputedListChannel offline = PrecomputedListChannel.builder(store, "offline-recs", catalog.items())
                .withName("offline").build();

        int user = ratings.users().indexOf(1L);
        int[] history = ratings.byUser().othersOf(user);
        RecRequest request = RecRequest.builder(20).withUser("1", user).withHistory(history).withHistoryExcluded(true).build();

        RecallResult result;
        try (MultiChannelRecall recall = MultiChannelRecall.builder()
                .add(itemCf, 200, 2).add(embedding, 200, 2).add(lastFive, 100, 1.5).add(content, 100, 1)
                .add(genres, 100, 1).add(topRated, 50, 0.5).add(trending, 50, 0.5).add(newest, 20, 0.25)
                .add(offline, 50, 1).add(mf, 100, 1)
                .withTimeBudget(Duration.ofSeconds(10))
                .build()) {
            result = recall.recallWithReport(request, 300);
        }
        // --- end of the guide's code ---

        Set<Integer> seen = new HashSet<>();
        for (int i : history) {
            seen.add(i);
        }
        assertEquals(300, result.candidates().size());
        for (ChannelReport r : result.report().channels()) {
            assertEquals(ChannelStatus.OK, r.status(), r.toString());
            assertTrue(r.candidates() > 0, r.toString());
        }
        List<Candidate> merged = result.candidates();
        Set<Integer> items = new HashSet<>();
        for (Candidate c : merged) {
            assertFalse(seen.contains(c.item()), "seen item " + c.item() + " recalled");
            assertTrue(items.add(c.item()), "item " + c.item() + " twice");
        }
        // the items found by several channels carry every channel's provenance and lead the list
        assertTrue(merged.get(0).sources().size() >= 2, merged.get(0).toString());
        // user 1 rated 232 movies; the first offline item (Shawshank, 318) is not among them and comes back
        assertTrue(merged.stream().anyMatch(c -> c.item() == catalog.items().indexOf(318L)
                && c.channels().contains("offline")));
        // the MF channel's best item is the one ALS's factors score highest among the unseen
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        float[] u = ials.userFactors().vector(ials.userFactors().ids().indexOf(1L));
        for (int i = 0; i < catalog.size(); i++) {
            int row = ials.itemFactors().ids().indexOf(catalog.items().longId(i));
            if (row < 0 || seen.contains(i)) {
                continue;
            }
            float[] v = ials.itemFactors().vector(row);
            double dot = 0;
            for (int d = 0; d < v.length; d++) {
                dot += (double) u[d] * v[d];
            }
            if (dot > bestScore) {
                bestScore = dot;
                best = i;
            }
        }
        assertEquals(best, mf.recall(request, 10).get(0).item(), "MF recall's first item");
        // item-CF and the embedding agree on some of the user's candidates (both learn from the same likes)
        Set<Integer> cf = new HashSet<>();
        itemCf.recall(request, 100).forEach(c -> cf.add(c.item()));
        long overlap = embedding.recall(request, 100).stream().filter(c -> cf.contains(c.item())).count();
        assertTrue(overlap >= 10, "item-CF / embedding overlap in the top 100: " + overlap);
    }
}
