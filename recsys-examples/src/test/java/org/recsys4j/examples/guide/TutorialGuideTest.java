package org.recsys4j.examples.guide;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.InteractionStats;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.SparseRow;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.io.SkipReason;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.pipeline.Stage;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.ProtocolCFeatures;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.StoreLoader;
import org.recsys4j.core.testing.SharedData;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.word2vec.Neighbor;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;
import org.recsys4j.rank.cf.MatrixFactorizationRanker;
import org.recsys4j.rank.rerank.ItemCategories;
import org.recsys4j.rank.rerank.MmrReranker;
import org.recsys4j.rank.rerank.PairSimilarity;
import org.recsys4j.rank.rerank.QuotaReranker;
import org.recsys4j.rank.similarity.ItemMatrix;
import org.recsys4j.rank.similarity.UserVectorSource;
import org.recsys4j.recall.channel.EmbeddingChannel;
import org.recsys4j.recall.channel.ItemNeighbors;
import org.recsys4j.recall.channel.MultiChannelRecall;
import org.recsys4j.recall.channel.NeighborChannel;
import org.recsys4j.recall.channel.RankedListChannel;
import org.recsys4j.recall.channel.RecallResult;
import org.recsys4j.recall.channel.TopRated;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.Neighbors;
import org.recsys4j.recall.index.VectorIndex;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every step of docs/tutorial.md in order on ml-latest-small, so the tutorial cannot rot. Each
 * block between "--- step N ---" markers is the tutorial's code for that step (printing replaced by
 * checks, which follow each block).
 */
class TutorialGuideTest {
    @Test
    void theTutorialsCodeIsThisTestsCode() throws Exception {
        GuideSnippets.assertPageMatchesTest("../docs/tutorial.md", TutorialGuideTest.class);
    }

    @Test
    void theTutorialRunsFromFilesToAServedRecommendation() throws Exception {
        Path dataDir = SharedData.dataSet("ml-latest-small");

        // --- step 2: load ---
        MovieLensData ml = MovieLens.load(dataDir, LoadOptions.lenient());
        Interactions ratings = ml.ratings();
        ItemCatalog catalog = ml.catalog();
        System.out.println(ml.report().oneLine());
        // --- end ---
        assertEquals(100_836, ratings.size());
        assertEquals(610, ratings.numUsers());
        assertEquals(9_742, catalog.size());
        assertEquals(1, ml.report().skipped(SkipReason.UNKNOWN_ITEM));   // a rating of a movie missing from movies.csv

        // --- step 3: inspect and split ---
        InteractionStats stats = InteractionStats.of(ratings);
        System.out.println(stats.describe());                   // 100,836 interactions, 610 users, 9,724 items, ...
        int toyStory = catalog.items().indexOf(1L);
        System.out.println(catalog.title(toyStory) + " " + catalog.genreNames(toyStory));

        LeaveLastOutTask task = LeaveLastOutTask.of(ratings);   // each user's last rating is held out
        Interactions train = task.ratedTrain();                 // the rest, with their stars
        // --- end ---
        assertEquals(9_724, stats.items());
        assertEquals("Toy Story (1995)", catalog.title(toyStory));
        assertTrue(catalog.genreNames(toyStory).contains("Animation"));
        assertEquals(610, task.numCases());
        assertEquals(ratings.size() - 610, train.size());

        // --- step 4: samples and features (protocol C) ---
        SampleSet samples = SampleSet.build(ratings, catalog, SampleSpec.protocolC());  // time split, as-of statistics, no leakage
        FittedSchema<Integer> features = ProtocolCFeatures.fit(samples);
        SparseRow first = features.sparse(0);                   // the model input of sample 0
        System.out.println(samples + " " + features.featureNames());
        // --- end ---
        assertTrue(samples.size() > 90_000, samples.toString());
        assertTrue(samples.count(Part.FIT) > samples.count(Part.TEST));
        assertTrue(first.size() >= features.numFields() - 2, "fields of sample 0: " + first.size());

        // --- step 5: embeddings ---
        SequenceCorpus liked = ItemSequences.builder().withThreshold(3.5).build().from(train);
        Word2VecModel item2vec = Word2Vec.builder().withDim(32).withWindow(5).withNegative(5).withEpochs(5)
                .withThreads(2).withSeed(42).build().fit(liked);
        List<Neighbor> likeToyStory = item2vec.mostSimilar(1L, 10);
        for (Neighbor n : likeToyStory) {
            System.out.println(catalog.title(catalog.items().indexOf(n.id())) + " " + n.similarity());
        }
        EmbeddingTable itemVectors = item2vec.table();         // external movie id -> 32 floats

        Interactions positives = train.filter(k -> train.value(k) >= 3.5);
        ImplicitAlsModel ials = ImplicitAls.builder().withFactors(32).withIterations(10).withThreads(2)
                .build().fit(positives);
        // --- end ---
        boolean animatedOrChildrens = likeToyStory.stream()
                .map(n -> catalog.genreNames(catalog.items().indexOf(n.id())))
                .anyMatch(g -> g.contains("Animation") || g.contains("Children"));
        assertTrue(animatedOrChildrens, "Toy Story's item2vec neighbours: " + likeToyStory);
        assertEquals(10, likeToyStory.size());
        assertEquals(32, itemVectors.dim());
        assertEquals(610, ials.userFactors().size());

        // --- step 6: a vector index ---
        VectorIndex index = HnswIndex.builder(itemVectors, Metric.COSINE)
                .withM(16).withEfConstruction(100).withEf(100).withSeed(42).build();
        Neighbors nearToyStory = index.search(itemVectors.vector(itemVectors.ids().indexOf(1L)), 11);
        // --- end ---
        assertEquals(itemVectors.size(), index.size());
        assertEquals(11, nearToyStory.size());
        assertEquals("1", index.ids().id(nearToyStory.rows()[0]));        // Toy Story itself
        // the exact neighbours (word2vec's own scan) are nearly all among HNSW's
        Set<String> approx = new HashSet<>();
        for (int row : nearToyStory.rows()) {
            approx.add(index.ids().id(row));
        }
        long found = likeToyStory.stream().filter(n -> approx.contains(n.id())).count();
        assertTrue(found >= 8, "HNSW found " + found + " of the 10 exact neighbours");

        // --- step 7: recall channels ---
        ItemNeighbors cooc = ItemNeighbors.builder(positives).withNeighbors(50)
                .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(2).build();
        NeighborChannel itemCf = NeighborChannel.builder(cooc).withName("item-cf").build();
        EmbeddingChannel embedding = EmbeddingChannel.builder(index, catalog.items())
                .withName("item2vec").withItemVectors(itemVectors).withHistoryWindow(30).build();
        RankedListChannel topRated = TopRated.builder(10).withMinCount(10).build().fit(train);
        MultiChannelRecall recall = MultiChannelRecall.builder()
                .add(itemCf, 200, 2).add(embedding, 200, 1.5).add(topRated, 50, 0.5)
                .withTimeBudget(Duration.ofSeconds(5))
                .build();

        int user = train.users().indexOf(1L);
        int[] history = train.byUser().othersOf(user);         // what user 1 rated (train part)
        RecRequest request = RecRequest.builder(10).withUser("1", user).withHistory(history).withHistoryExcluded(true).build();
        RecallResult recalled = recall.recallWithReport(request, 300);
        System.out.println(recalled.report());
        // --- end ---
        Set<Integer> seen = new HashSet<>();
        for (int i : history) {
            seen.add(i);
        }
        assertEquals(300, recalled.candidates().size());
        assertTrue(recalled.candidates().stream().noneMatch(c -> seen.contains(c.item())));

        // --- step 8: a ranker ---
        MatrixFactorizationRanker mf = MatrixFactorizationRanker.builder(
                        UserVectorSource.byKey(ials.userFactors()), ItemMatrix.ofRows(ials.itemFactors(), catalog.items()))
                .withName("ials")
                .withImplicitFoldIn(0.1, 1 + 10)       // unknown users: folded in from their history
                .build();
        RankingChain ranking = RankingChain.of(mf);
        List<Candidate> ranked = ranking.rank(request, recalled.candidates());
        // --- end ---
        assertEquals(300, ranked.size());
        for (int r = 1; r < ranked.size(); r++) {
            assertTrue(ranked.get(r).score() <= ranked.get(r - 1).score());
        }

        // --- step 9: re-rank ---
        MmrReranker mmr = MmrReranker.builder(PairSimilarity.jaccard(catalog, ItemCatalog.GENRES)).withLambda(0.3).build();
        QuotaReranker quota = QuotaReranker.builder(ItemCategories.byAttribute(catalog, ItemCatalog.GENRES))
                .withDefaultQuota(4).withBackfill(true).build();
        List<Candidate> page = quota.rerank(request, mmr.rerank(request, ranked, 50), 10);
        // --- end ---
        assertEquals(10, page.size());
        assertTrue(page.stream().allMatch(c -> ranked.stream().anyMatch(r -> r.item() == c.item())));

        // --- step 10: the feature store ---
        FeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_vec", 32))
                .build();
        StoreLoader.Summary loaded = StoreLoader.builder(store).build().load("user_vec", ials.userFactors());
        MatrixFactorizationRanker mfFromStore = MatrixFactorizationRanker.builder(
                        UserVectorSource.fromStore(store, "user_vec"), ItemMatrix.ofRows(ials.itemFactors(), catalog.items()))
                .withName("ials")
                .withImplicitFoldIn(0.1, 1 + 10)
                .build();
        // --- end ---
        assertEquals(610, loaded.rows());
        assertEquals(1, store.currentVersion("user_vec"));
        assertNotNull(store.get("user_vec", "1"));

        // --- step 11: the Recommender ---
        Recommender recommender = Recommender.builder("for-you", recall)
                .withRecallLimit(300)
                .withColdStart(topRated)
                .withFallback(topRated)
                .withRanking(RankingChain.of(mfFromStore))
                .addReranker(mmr)
                .addReranker(quota)
                .withBudget(Stage.RECALL, Duration.ofSeconds(5))
                .withCache(10_000, Duration.ofMinutes(5))
                .build();
        Recommendation forUser1 = recommender.recommend(request);
        for (Candidate c : forUser1.items()) {
            System.out.println(catalog.title(c.item()) + " " + c.channels());
        }
        Recommendation anonymous = recommender.recommend(RecRequest.builder(10).build());   // cold start
        // --- end ---
        assertEquals(10, forUser1.items().size());
        assertEquals("ials", forUser1.ranker());
        assertTrue(forUser1.fallbacks().isEmpty(), forUser1.notes().toString());
        for (int item : forUser1.itemIndices()) {
            assertFalse(seen.contains(item), "recommended a movie user 1 rated: " + catalog.title(item));
        }
        // the pipeline's answer is the hand-run steps 7-9 (same recall, same vectors, read from the store)
        assertEquals(page.stream().map(Candidate::item).toList(), forUser1.items().stream().map(Candidate::item).toList());
        assertEquals(10, anonymous.items().size());
        // the MF ranker knows nothing of an anonymous user: it does not rank, and says so (issue 18)
        assertEquals(List.of("recall: cold-start request, used top-rated", "rank: ials scored none of the 300 candidates "
                + "(no finite score, e.g. nothing known of the user), kept the previous order"), anonymous.notes());
        assertEquals("none", anonymous.ranker());
        assertEquals(List.of("top-rated"), anonymous.channels());
        assertTrue(recommender.recommend(request).cached());

        // --- step 12: serve over HTTP ---
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/recommend", exchange -> {
            String query = exchange.getRequestURI().getQuery();          // user=ID
            String userId = query == null ? "" : query.replaceFirst("^user=", "");
            int u = ratings.users().indexOf(userId);
            RecRequest r = u < 0 ? RecRequest.builder(10).build()
                    : RecRequest.builder(10).withUser(userId, u).withHistory(ratings.byUser().othersOf(u)).withHistoryExcluded(true).build();
            String json = recommender.recommend(r).items().stream()
                    .map(c -> String.valueOf(catalog.items().longId(c.item())))
                    .collect(Collectors.joining(",", "{\"user\":\"" + userId + "\",\"movieIds\":[", "]}"));
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        ExecutorService workers = Executors.newFixedThreadPool(4);
        http.setExecutor(workers);
        http.start();
        System.out.println("try: curl http://127.0.0.1:" + http.getAddress().getPort() + "/recommend?user=1");
        // --- end ---
        try {
            URI uri = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/recommend?user=1");
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().startsWith("{\"user\":\"1\",\"movieIds\":["), response.body());
            String ids = response.body().replaceAll(".*\\[(.*)].*", "$1");
            assertEquals(10, ids.split(",").length, response.body());
            Set<Long> rated = new HashSet<>();
            int all = ratings.users().indexOf(1L);
            for (int i : ratings.byUser().othersOf(all)) {
                rated.add(catalog.items().longId(i));
            }
            for (String id : ids.split(",")) {
                assertFalse(rated.contains(Long.parseLong(id)), "served a movie user 1 rated: " + id);
            }
        } finally {
            // --- step 12, shutting down ---
            http.stop(0);
            workers.shutdown();
            recommender.close();
            recall.close();
            store.close();
            // --- end ---
        }
    }
}
