package org.recsys4j.examples.guide;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.baseline.ItemPop;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.synth.SyntheticShop;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.word2vec.Neighbor;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;
import org.recsys4j.rank.cf.MatrixFactorizationRanker;
import org.recsys4j.rank.similarity.ItemMatrix;
import org.recsys4j.rank.similarity.UserVectorSource;
import org.recsys4j.recall.channel.EmbeddingChannel;
import org.recsys4j.recall.channel.ItemNeighbors;
import org.recsys4j.recall.channel.MultiChannelRecall;
import org.recsys4j.recall.channel.NeighborChannel;
import org.recsys4j.recall.channel.PopularityChannel;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the second half of docs/your-data.md — similar items and a recommended-for-you pipeline on the generated
 * shop (the first half, reading and the policy, is run by recsys-core's {@code YourDataGuideTest}) — and holds
 * its promises on the shop's planted structure (2,000 users, 400 items in 8 categories, seed 42):
 * <ul>
 *   <li>item2vec's 10 nearest items are in the query's category for at least 95% of the pairs (measured: 100%);</li>
 *   <li>the for-you pipeline recommends unseen items, in the user's planted main category at least 3 times as
 *       often as chance (the category's share of the items) — measured about 6x;</li>
 *   <li>under protocol T (the pipeline fitted on the train part) its HR@10 beats ItemPop's by far.</li>
 * </ul>
 * The figures are printed and quoted in docs/your-data.md and docs/evaluation.md ("Shop data").
 */
class YourDataPipelineGuideTest {
    @TempDir
    static Path tmp;
    static SyntheticShop.Planted planted;
    static EventLog log;
    static ItemCatalog catalog;
    static Feedback policy;

    @BeforeAll
    static void readTheShop() throws Exception {
        Path dir = tmp.resolve("shop");
        planted = SyntheticShop.builder(2_000, 400, 42).withCategories(8).build().write(dir);
        catalog = CatalogReader.builder(SyntheticShop.catalogMapping()).build().read(dir.resolve("items.csv")).data();
        log = EventLogReader.builder(SyntheticShop.eventMapping()).withKnownItems(catalog.items(), "items.csv").build()
                .read(dir.resolve("events.csv")).data();
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("view", 1.0);
        weights.put("cart", 3.0);
        weights.put("buy", 10.0);
        policy = Feedback.eventWeights(weights, Feedback.Combine.SUM);
    }

    /** The models of the page, fitted on {@code train}. */
    record Models(Word2VecModel item2vec, ItemNeighbors cooc, ImplicitAlsModel als) {
    }

    static Models fit(Interactions train) {
        // --- docs/your-data.md, "Similar items" ---
        SequenceCorpus sessions = ItemSequences.builder()   // no threshold: every interaction, the policy chose what counts
                .withSessionGapSeconds(30 * 60)                          // a new session after 30 minutes without an event
                .withMinLength(2)                                        // a session of one item has no neighbour
                .build().from(train);
        Word2VecModel item2vec = Word2Vec.builder().withDim(32).withWindow(5).withEpochs(10).withSeed(42)
                .build().fit(sessions);
        ItemNeighbors cooc = ItemNeighbors.builder(train).withNeighbors(50).build();   // co-occurrence, cosine
        // --- end ---
        // --- docs/your-data.md, "Recommended for you", the ranking model ---
        ImplicitAlsModel als = ImplicitAls.builder().withFactors(16).withRegularization(10).withAlpha(1)
                .withIterations(15).withSeed(42).build().fit(train);
        // --- end ---
        return new Models(item2vec, cooc, als);
    }

    /** The page's pipeline over models fitted on {@code train}. */
    static Recommender forYou(Interactions train, Models m, MultiChannelRecall[] recallOut) {
        Word2VecModel item2vec = m.item2vec();
        ItemNeighbors cooc = m.cooc();
        ImplicitAlsModel als = m.als();
        // --- docs/your-data.md, "Recommended for you" ---
        EmbeddingTable vectors = item2vec.table();
        EmbeddingChannel likeHistory = EmbeddingChannel.builder(
                        HnswIndex.builder(vectors, Metric.COSINE).withSeed(42).build(), train.items())
                .withName("item2vec").withItemVectors(vectors).withHistoryWindow(20).build();
        NeighborChannel alsoViewed = NeighborChannel.builder(cooc).withName("item-cf").build();
        PopularityChannel trending = PopularityChannel.builder(train).withName("trending")
                .withHalfLife(Duration.ofDays(14)).build();
        Ranker mf = MatrixFactorizationRanker.builder(UserVectorSource.byIndex(als.userFactors()),
                ItemMatrix.of(als.itemFactors(), train.items())).build();
        MultiChannelRecall recall = MultiChannelRecall.builder()
                .add(alsoViewed, 200, 2).add(likeHistory, 200, 2).add(trending, 50, 0.5)
                .withTimeBudget(Duration.ofSeconds(5)).build();
        Recommender forYou = Recommender.builder("for-you", recall).withRecallLimit(300)
                .withColdStart(trending).withFallback(trending)
                .withRanking(RankingChain.of(mf)).build();
        // --- end ---
        recallOut[0] = recall;
        return forYou;
    }

    /** Returns the share of each item's 10 nearest (by {@code neighbours}) in its own planted category. */
    private static double sameCategoryShare(Interactions train, java.util.function.IntFunction<List<String>> neighbours) {
        int same = 0;
        int all = 0;
        for (int i = 0; i < train.numItems(); i++) {
            String id = train.items().id(i);
            for (String other : neighbours.apply(i)) {
                same += planted.category(other).equals(planted.category(id)) ? 1 : 0;
                all++;
            }
        }
        assertTrue(all >= 10 * 0.95 * train.numItems(), all + " pairs");
        return same / (double) all;
    }

    @Test
    void similarItemsStayInTheirCategory() {
        Interactions train = policy.apply(log);
        Models m = fit(train);
        Word2VecModel item2vec = m.item2vec();
        ItemNeighbors cooc = m.cooc();
        // --- docs/your-data.md, "Similar items", a query ---
        List<Neighbor> similar = item2vec.mostSimilar("sku-f42d", 10);   // ids and cosine similarities
        int[] alsoViewed = cooc.neighbors(train.items().indexOf("sku-f42d"));   // dense item indices, best first
        // --- end ---
        assertEquals(10, similar.size());
        assertTrue(alsoViewed.length > 0);
        assertEquals(1.0, item2vec.coverage(), "every item is in a session of two");
        double w2v = sameCategoryShare(train, i -> item2vec.mostSimilar(train.items().id(i), 10).stream()
                .map(Neighbor::id).toList());
        double cf = sameCategoryShare(train, i -> {
            int[] n = m.cooc().neighbors(i);
            return java.util.Arrays.stream(n, 0, Math.min(10, n.length)).mapToObj(j -> train.items().id(j)).toList();
        });
        System.out.printf(Locale.ROOT, "shop: the 10 nearest items in the query's category: item2vec %.4f, item-CF %.4f%n",
                w2v, cf);
        assertTrue(w2v >= 0.95, "item2vec same-category share " + w2v);
        assertTrue(cf >= 0.9, "item-CF same-category share " + cf);
    }

    @Test
    void forYouRecommendsUnseenItemsOfTheUsersMainCategoryFarAboveChance() {
        Interactions train = policy.apply(log);
        Models m = fit(train);
        Map<String, Integer> categorySize = new HashMap<>();
        for (String id : planted.itemIds()) {
            categorySize.merge(planted.category(id), 1, Integer::sum);
        }
        MultiChannelRecall[] recall = new MultiChannelRecall[1];
        double share = 0;
        double chance = 0;
        int users = 0;
        int fallbacks = 0;
        try (Recommender forYou = forYou(train, m, recall); MultiChannelRecall r0 = recall[0]) {
            // --- docs/your-data.md, "Recommended for you", a request ---
            int u = train.users().indexOf("u17");
            RecRequest request = RecRequest.builder(10).withUser("u17", u)
                    .withHistory(train.byUser().othersOf(u))         // what the user interacted with
                    .withHistoryExcluded(true)                       // ... is not recommended again
                    .build();
            Recommendation r = forYou.recommend(request);          // items, their channels and the ranker
            // --- end ---
            assertEquals(10, r.items().size());
            assertEquals("mf", r.ranker());
            for (int user = 0; user < train.numUsers(); user++) {
                int[] history = train.byUser().othersOf(user);
                String id = train.users().id(user);
                Recommendation rec = forYou.recommend(RecRequest.builder(10).withUser(id, user).withHistory(history)
                        .withHistoryExcluded(true).build());
                fallbacks += rec.usedFallback() ? 1 : 0;
                Set<Integer> seen = new HashSet<>();
                for (int h : history) {
                    seen.add(h);
                }
                String main = planted.mainCategory(id);
                int in = 0;
                for (Candidate c : rec.items()) {
                    assertFalse(seen.contains(c.item()), id + " was recommended an item it interacted with");
                    in += planted.category(train.items().id(c.item())).equals(main) ? 1 : 0;
                }
                assertEquals(10, rec.items().size(), id);
                share += in / 10.0;
                chance += categorySize.get(main) / (double) planted.itemIds().size();
                users++;
            }
        }
        share /= users;
        chance /= users;
        System.out.printf(Locale.ROOT, "shop: for-you top 10 of %,d users: %.4f in the user's main category, chance %.4f "
                + "(%.2fx); %d used a fallback%n", users, share, chance, share / chance, fallbacks);
        assertEquals(2_000, users);
        assertTrue(share >= 3 * chance, "main-category share " + share + " vs chance " + chance);
        assertEquals(0, fallbacks);
    }

    @Test
    void forYouUnderProtocolTBeatsPopularity() {
        LeaveLastOutTask task = LeaveLastOutTask.of(policy.apply(log));
        Interactions train = task.ratedTrain();          // the policy's values, without each user's last pair
        Models m = fit(train);
        MultiChannelRecall[] recall = new MultiChannelRecall[1];
        int hits = 0;
        try (Recommender forYou = forYou(train, m, recall); MultiChannelRecall r0 = recall[0]) {
            for (int c = 0; c < task.numCases(); c++) {
                int user = task.testUser(c);
                Recommendation rec = forYou.recommend(RecRequest.builder(10).withUser(train.users().id(user), user)
                        .withHistory(train.byUser().othersOf(user)).withHistoryExcluded(true).build());
                for (Candidate cand : rec.items()) {
                    hits += cand.item() == task.testItem(c) ? 1 : 0;
                }
            }
        }
        double hr = hits / (double) task.numCases();
        double pop = RankingEvaluator.builder().build().topN(task, ItemPop.create().fit(task.train())).hitRate(10);
        double als = RankingEvaluator.builder().build().topN(task, m.als()).hitRate(10);
        System.out.printf(Locale.ROOT, "shop, protocol T (%,d users): for-you HR@10 %.4f, its iALS alone %.4f, ItemPop "
                + "%.4f%n", task.numCases(), hr, als, pop);
        assertTrue(hr >= 1.5 * pop, "for-you HR@10 " + hr + " vs ItemPop " + pop);
    }

    @Test
    void thePageMatchesThisTest() throws Exception {
        GuideSnippets.assertPageMatchesTest("../docs/your-data.md", YourDataPipelineGuideTest.class, "## Similar items",
                "## MovieLens is one mapping");
    }
}
