package org.recsys4j.examples.guide;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.baseline.ItemPop;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.sample.LabelRule;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.examples.train.EventCtr;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.ctr.CtrSamples;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.ModelSpec;
import org.recsys4j.rank.ctr.SampleFeatureProvider;
import org.recsys4j.rank.ctr.TrainingResult;
import org.recsys4j.rank.serving.ModelRanker;
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
 *   <li>the CTR model (logistic regression on the shop's own features through the generic sample builder) beats
 *       the popularity baseline's test AUC;</li>
 *   <li>the for-you pipeline (recall, implicit ALS keeping 20, the CTR model ordering them) recommends unseen items,
 *       in the user's planted main category at least 3 times as often as chance (the category's share of the
 *       items) — measured about 6x — and more of them in the user's planted price band than implicit ALS alone;</li>
 *   <li>under protocol T (the pipeline fitted on the train part, its CTR stage left out since the CTR model's time
 *       split has seen the test pairs) its HR@10 beats ItemPop's by far.</li>
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

    /** The CTR part of the page: the encoded samples, the trained model, its test AUC and popularity's. */
    record Ctr(CtrSamples samples, CtrModel model, double auc, double popularityAuc) {
    }

    static Ctr ctr;

    /** Builds the page's CTR samples from the log and trains its model (once: a time split of the whole log). */
    static synchronized Ctr ctr() {
        if (ctr != null) {
            return ctr;
        }
        // --- docs/your-data.md, "CTR ranking on your own features" ---
        SampleSpec spec = SampleSpec.builder(LabelRule.eventTypes(List.of("cart", "buy")))   // what counts as a success
                .withItemAttributes(List.of("category", "brand", "price", "price_band", "tags"))   // static, one-hot / buckets
                .withFavourites(List.of("category", "brand", "price_band", "tags"))   // the user's as-of top values
                .build();
        CtrSamples samples = CtrSamples.of(SampleSet.build(log, policy, catalog, spec));   // time split: 80 % / 20 %
        TrainingResult lr = CtrTrainer.builder(ModelSpec.logisticRegression(samples.fields(), samples.numerics()))
                .withLearningRate(1e-2).withBatchSize(64).withMaxEpochs(10).withSeed(42).build()
                .fit(samples.fit(), samples.validation());                                  // early stopping on validation
        double auc = Metrics.auc(lr.model().predict(samples.test()), samples.test().labelArray());
        // --- end ---
        ctr = new Ctr(samples, lr.model(), auc, EventCtr.popularityAuc(samples.samples()));
        return ctr;
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
        ImplicitAlsModel als = ImplicitAls.builder().withFactors(8).withRegularization(10).withAlpha(1)
                .withIterations(8).withSeed(42).build().fit(train);
        // --- end ---
        return new Models(item2vec, cooc, als);
    }

    /** The page's CTR ranker over the encoded samples and the model trained on them. */
    static Ranker ctrRanker(CtrSamples samples, CtrModel model) {
        // --- docs/your-data.md, "Recommended for you", the CTR ranker ---
        FeatureStore store = InMemoryFeatureStore.builder()      // the user aggregates, as the samples computed them
                .withNamespace(NamespaceSpec.vectors("user_stats", samples.userNumerics().size())).build();
        IdIndex users = samples.samples().history().users();
        for (int user = 0; user < users.size(); user++) {
            store.put("user_stats", users.id(user), samples.userAggregates(user));
        }
        Ranker ctr = ModelRanker.builder("ctr-lr", SampleFeatureProvider.of(samples, store, "user_stats",
                SampleFeatureProvider.PositiveHistory.of(samples)), model).build();   // the user's positive events
        // --- end ---
        return ctr;
    }

    /**
     * The page's pipeline over models fitted on {@code train}, its CTR ranker that of {@code ctrPart}; with a null
     * {@code ctrPart} the CTR stage is implicit ALS again (for protocol T, whose test pairs the CTR model has seen).
     */
    static Recommender forYou(Interactions train, Models m, Ctr ctrPart, MultiChannelRecall[] recallOut) {
        Word2VecModel item2vec = m.item2vec();
        ItemNeighbors cooc = m.cooc();
        ImplicitAlsModel als = m.als();
        CtrSamples samples = ctrPart == null ? null : ctrPart.samples();
        CtrModel model = ctrPart == null ? null : ctrPart.model();
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
        // --- end ---
        Ranker ctr = ctrPart == null ? mf : ctrRanker(samples, model);
        // --- docs/your-data.md, "Recommended for you", the pipeline ---
        MultiChannelRecall recall = MultiChannelRecall.builder()
                .add(alsoViewed, 200, 2).add(likeHistory, 200, 2).add(trending, 50, 0.5)
                .withTimeBudget(Duration.ofSeconds(5)).build();
        Recommender forYou = Recommender.builder("for-you", recall).withRecallLimit(300)
                .withColdStart(trending).withFallback(trending)
                .withRanking(RankingChain.builder().then(mf, 20).then(ctr, Integer.MAX_VALUE).build()).build();
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
        double band = 0;
        int users = 0;
        int fallbacks = 0;
        try (Recommender forYou = forYou(train, m, ctr(), recall); MultiChannelRecall r0 = recall[0]) {
            // --- docs/your-data.md, "Recommended for you", a request ---
            int u = train.users().indexOf("u17");
            RecRequest request = RecRequest.builder(10).withUser("u17", u)
                    .withHistory(train.byUser().othersOf(u))         // what the user interacted with
                    .withHistoryExcluded(true)                       // ... is not recommended again
                    .build();
            Recommendation r = forYou.recommend(request);          // items, their channels and the ranker
            // --- end ---
            assertEquals(10, r.items().size());
            assertEquals("mf > ctr-lr", r.ranker());
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
                    band += planted.priceBand(train.items().id(c.item())).equals(planted.preferredBand(id)) ? 0.1 : 0;
                }
                assertEquals(10, rec.items().size(), id);
                share += in / 10.0;
                chance += categorySize.get(main) / (double) planted.itemIds().size();
                users++;
            }
        }
        share /= users;
        chance /= users;
        band /= users;
        double ialsBand = preferredBandShare(train, m);
        System.out.printf(Locale.ROOT, "shop: for-you (iALS > CTR) top 10 of %,d users: %.4f in the user's main category, "
                + "chance %.4f (%.2fx); %.4f in the preferred price band (iALS alone %.4f, chance 1/3); %d used a "
                + "fallback%n", users, share, chance, share / chance, band, ialsBand, fallbacks);
        assertEquals(2_000, users);
        assertTrue(share >= 3 * chance, "main-category share " + share + " vs chance " + chance);
        // the CTR model learnt the shop's conversion signal (carts are twice as likely in the preferred price band)
        assertTrue(band > ialsBand + 0.05, "preferred band: " + band + " vs iALS alone " + ialsBand);
        assertEquals(0, fallbacks);
    }

    /** Returns the share of the top 10 in the user's preferred price band when iALS alone ranks the recall. */
    private static double preferredBandShare(Interactions train, Models m) {
        MultiChannelRecall[] recall = new MultiChannelRecall[1];
        double band = 0;
        try (Recommender forYou = forYou(train, m, null, recall); MultiChannelRecall r0 = recall[0]) {
            for (int user = 0; user < train.numUsers(); user++) {
                String id = train.users().id(user);
                Recommendation rec = forYou.recommend(RecRequest.builder(10).withUser(id, user)
                        .withHistory(train.byUser().othersOf(user)).withHistoryExcluded(true).build());
                for (Candidate c : rec.items()) {
                    band += planted.priceBand(train.items().id(c.item())).equals(planted.preferredBand(id)) ? 0.1 : 0;
                }
            }
        }
        return band / train.numUsers();
    }

    /** The must-show: LR on the shop's own features through the generic sample builder beats popularity's AUC. */
    @Test
    void theCtrModelBeatsPopularity() {
        Ctr c = ctr();
        SampleSet s = c.samples().samples();
        int n = s.count(Part.TEST);
        double[] truth = new double[n];
        boolean[] label = new boolean[n];
        int t = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.part(i) == Part.TEST) {   // the planted truth: is the item in the user's preferred price band?
                truth[t] = planted.priceBand(s.itemKey(i)).equals(planted.preferredBand(s.userKey(i))) ? 1 : 0;
                label[t++] = s.label(i);
            }
        }
        System.out.printf(Locale.ROOT, "shop: CTR samples %s; LR test AUC %.4f, popularity %.4f, the planted truth %.4f%n",
                c.samples(), c.auc(), c.popularityAuc(), Metrics.auc(truth, label));
        assertTrue(c.auc() > c.popularityAuc() + 0.02, "LR " + c.auc() + " vs popularity " + c.popularityAuc());
    }

    @Test
    void forYouUnderProtocolTBeatsPopularity() {
        LeaveLastOutTask task = LeaveLastOutTask.of(policy.apply(log));
        Interactions train = task.ratedTrain();          // the policy's values, without each user's last pair
        Models m = fit(train);
        MultiChannelRecall[] recall = new MultiChannelRecall[1];
        int hits = 0;
        try (Recommender forYou = forYou(train, m, null, recall); MultiChannelRecall r0 = recall[0]) {
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
