package org.recsys4j.rank.similarity;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.recsys4j.core.pipeline.CandidateBatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimilarityRankerTest {
    private static final double EPS = 1e-6;
    // items 10, 20, 30 have vectors (1,0), (0,2), (3,4); item 40 (index 3) has none
    private static final IdIndex ITEMS = IdIndex.ofLongs(10, 20, 30, 40);
    private static final EmbeddingTable ITEM_TABLE = EmbeddingTable.of(IdIndex.ofLongs(30, 10, 20), 2,
            new float[] {3, 4, 1, 0, 0, 2});
    private static final EmbeddingTable USER_TABLE = EmbeddingTable.of(IdIndex.ofStrings("alice"), 2,
            new float[] {1, 1});
    private static final int[] ALL = {0, 1, 2, 3};

    private static double[] score(SimilarityRanker r, RecRequest req, int... items) {
        double[] s = new double[items.length];
        r.score(req, CandidateBatch.ofItems(items), s);
        return s;
    }

    @Test
    void seedItemQueryGivesHandComputedCosineAndInnerProduct() {
        RecRequest req = RecRequest.builder(3).withSeedItem(0).build();
        ItemVectors v = ItemVectors.of(ITEM_TABLE, ITEMS);
        SimilarityRanker ip = SimilarityRanker.builder(v).withSimilarity(Similarity.INNER_PRODUCT).build();
        SimilarityRanker cos = SimilarityRanker.builder(v).build();
        // q = (1,0): ip 1, 0, 3; cosine 1, 0, 3/5; item 3 has no vector
        assertArrayEquals(new double[] {1, 0, 3, Double.NEGATIVE_INFINITY}, score(ip, req, ALL), EPS);
        assertArrayEquals(new double[] {1, 0, 0.6, Double.NEGATIVE_INFINITY}, score(cos, req, ALL), EPS);
        assertEquals("similarity-cosine", cos.name());
        assertEquals("similarity-ip", ip.name());
    }

    @Test
    void userVectorQueryByKeyIndexAndStore() {
        RecRequest req = RecRequest.builder(3).withUser("alice", 0).build();
        ItemVectors v = ItemVectors.of(ITEM_TABLE, ITEMS);
        double r2 = Math.sqrt(2);
        double[] expectedCos = {1 / r2, 2 / (r2 * 2), 7 / (r2 * 5), -9};
        double[] expectedIp = {1, 2, 7, -9};
        for (UserVectorSource users : List.of(UserVectorSource.byKey(USER_TABLE), UserVectorSource.byIndex(USER_TABLE))) {
            SimilarityRanker cos = SimilarityRanker.builder(v).withUserVectors(users).withFallbackScore(-9).build();
            SimilarityRanker ip = SimilarityRanker.builder(v).withUserVectors(users).withFallbackScore(-9)
                    .withSimilarity(Similarity.INNER_PRODUCT).build();
            assertArrayEquals(expectedCos, score(cos, req, ALL), EPS);
            assertArrayEquals(expectedIp, score(ip, req, ALL), EPS);
        }
        // the same from a feature store: item and user namespaces
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("item", 2)).withNamespace(NamespaceSpec.vectors("user", 2)).build()) {
            store.putAll("item", Map.of("10", new float[] {1, 0}, "20", new float[] {0, 2}, "30", new float[] {3, 4}));
            store.put("user", "alice", new float[] {1, 1});
            SimilarityRanker cos = SimilarityRanker.builder(ItemVectors.fromStore(store, "item", ITEMS))
                    .withUserVectors(UserVectorSource.fromStore(store, "user")).withFallbackScore(-9).build();
            assertArrayEquals(expectedCos, score(cos, req, ALL), EPS);
            // an unknown user key: no query, all fallback
            assertArrayEquals(new double[] {-9, -9, -9, -9}, score(cos, RecRequest.builder(3).withUser("bob", -1).build(), ALL));
        }
    }

    @Test
    void historyMeanPlainAndRecencyWeighted() {
        ItemVectors v = ItemVectors.of(ITEM_TABLE, ITEMS);
        // unseen user, history oldest first: item 0 (1,0), item 3 (no vector), item 2 (3,4)
        RecRequest req = RecRequest.builder(3).withUser("carol", -1).withHistory(new int[] {0, 3, 2}).build();
        SimilarityRanker plain = SimilarityRanker.builder(v).withUserVectors(UserVectorSource.byKey(USER_TABLE))
                .withSimilarity(Similarity.INNER_PRODUCT).withHistoryMean(true).build();
        // mean of (1,0) and (3,4) = (2,2): ip with (0,2) = 4, with (1,0) = 2
        assertArrayEquals(new double[] {4, 2}, score(plain, req, 1, 0), EPS);
        SimilarityRanker recent = SimilarityRanker.builder(v).withSimilarity(Similarity.INNER_PRODUCT)
                .withHistoryMean(true).withHistoryWindow(10).withHistoryHalfLife(1.0).build();
        // ages: item 2 → 0 (weight 1), item 3 → 1 (no vector), item 0 → 2 (weight 1/4)
        // q = (0.25·(1,0) + (3,4)) / 1.25 = (2.6, 3.2): ip with (0,2) = 6.4, with (1,0) = 2.6
        assertArrayEquals(new double[] {6.4, 2.6}, score(recent, req, 1, 0), EPS);
        // a window of 1 keeps only the newest item (3,4)
        SimilarityRanker last = SimilarityRanker.builder(v).withSimilarity(Similarity.INNER_PRODUCT)
                .withHistoryMean(true).withHistoryWindow(1).withHistoryHalfLife(Double.POSITIVE_INFINITY).build();
        assertArrayEquals(new double[] {8, 3}, score(last, req, 1, 0), EPS);
        // without history mean the unseen user gets the fallback
        SimilarityRanker none = SimilarityRanker.builder(v).build();
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, score(none, req, 1, 0));
    }

    @Test
    void seedWithoutVectorFallsBackToUserThenHistory() {
        ItemVectors v = ItemVectors.of(ITEM_TABLE, ITEMS);
        SimilarityRanker r = SimilarityRanker.builder(v).withSimilarity(Similarity.INNER_PRODUCT)
                .withUserVectors(UserVectorSource.byKey(USER_TABLE)).withHistoryMean(true).build();
        // seed 3 has no vector: alice's (1,1)
        assertArrayEquals(new double[] {2, 7}, score(r, RecRequest.builder(3).withUser("alice", 0).withSeedItem(3).build(), 1, 2), EPS);
        // unknown user: history (0,2)
        assertArrayEquals(new double[] {4, 8}, score(r, RecRequest.builder(3).withSeedItem(3).withHistory(new int[] {1}).build(), 1, 2), EPS);
        // nothing at all, and out-of-range candidates: fallback
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                score(r, RecRequest.builder(3).withSeedItem(3).build(), 1, 2));
        RecRequest seeded = RecRequest.builder(3).withSeedItem(2).build();
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 25}, score(r, seeded, 99, 2), EPS);
        // seed use can be switched off
        SimilarityRanker noSeed = SimilarityRanker.builder(v).withSeedItem(false)
                .withUserVectors(UserVectorSource.byKey(USER_TABLE)).withSimilarity(Similarity.INNER_PRODUCT).build();
        assertArrayEquals(new double[] {2}, score(noSeed, RecRequest.builder(3).withUser("alice", 0).withSeedItem(2).build(), 1), EPS);
    }

    @Test
    void storeVectorsMissingKeysAndInconsistentDimensions() {
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder().withNamespace(NamespaceSpec.vectors("any")).build()) {
            store.put("any", "10", new float[] {1, 0});
            store.put("any", "30", new float[] {3, 4});
            ItemVectors v = ItemVectors.fromStore(store, "any", ITEMS);
            assertEquals(0, v.dim());
            VectorBatch b = v.fetch(new int[] {2, 1, 0, -1, 17});
            assertEquals(2, b.dim());
            assertTrue(b.has(0) && !b.has(1) && b.has(2) && !b.has(3) && !b.has(4));
            assertEquals(4f, b.data()[b.offset(0) + 1]);
            SimilarityRanker r = SimilarityRanker.builder(v).withSimilarity(Similarity.INNER_PRODUCT).build();
            assertArrayEquals(new double[] {3, Double.NEGATIVE_INFINITY, 1},
                    score(r, RecRequest.builder(1).withSeedItem(0).build(), 2, 1, 0), EPS);
            store.put("any", "20", new float[] {1, 2, 3});
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.fetch(new int[] {0, 1}));
            assertTrue(e.getMessage().contains("'any'") && e.getMessage().contains("'20'"), e.getMessage());
        }
    }

    @Test
    void candidatesAndQueryAreFetchedInOneCall() {
        AtomicInteger calls = new AtomicInteger();
        ItemVectors base = ItemVectors.of(ITEM_TABLE, ITEMS);
        ItemVectors counting = new ItemVectors() {
            @Override
            public int dim() {
                return base.dim();
            }

            @Override
            public VectorBatch fetch(int[] items) {
                calls.incrementAndGet();
                return base.fetch(items);
            }
        };
        SimilarityRanker r = SimilarityRanker.builder(counting).withHistoryMean(true).build();
        score(r, RecRequest.builder(3).withSeedItem(0).build(), ALL);
        score(r, RecRequest.builder(3).withHistory(new int[] {0, 2}).build(), ALL);
        score(r, RecRequest.builder(3).build(), ALL);
        assertEquals(3, calls.get());
    }

    @Test
    void plantedClustersComeFirst() {
        int clusters = 5;
        int perCluster = 40;
        int dim = 16;
        SplittableRandom rnd = new SplittableRandom(7);
        float[][] centres = new float[clusters][dim];
        for (float[] c : centres) {
            for (int d = 0; d < dim; d++) {
                c[d] = (float) rnd.nextGaussian();
            }
        }
        int n = clusters * perCluster;
        long[] ids = new long[n];
        float[] values = new float[n * dim];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
            for (int d = 0; d < dim; d++) {
                values[i * dim + d] = centres[i % clusters][d] + 0.3f * (float) rnd.nextGaussian();
            }
        }
        IdIndex items = IdIndex.ofLongs(ids);
        EmbeddingTable table = EmbeddingTable.of(items, dim, values);
        SimilarityRanker cos = SimilarityRanker.builder(ItemVectors.of(table, items)).withHistoryMean(true).build();
        int[] candidates = new int[n];
        for (int i = 0; i < n; i++) {
            candidates[i] = i;
        }
        for (int seed = 0; seed < clusters; seed++) {
            double[] s = score(cos, RecRequest.builder(10).withSeedItem(seed).build(), candidates);
            assertSameClusterFirst(s, seed % clusters, clusters, perCluster);
            // an unseen user whose history is three items of the cluster
            RecRequest cold = RecRequest.builder(10).withHistory(new int[] {seed + clusters, seed + 2 * clusters, seed + 3 * clusters})
                    .build();
            assertSameClusterFirst(score(cos, cold, candidates), seed % clusters, clusters, perCluster);
        }
    }

    private static void assertSameClusterFirst(double[] s, int cluster, int clusters, int perCluster) {
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
        for (int r = 0; r < perCluster; r++) {
            assertEquals(cluster, order[r] % clusters, "rank " + r + " is item " + order[r]);
        }
    }

    @Test
    void dimensionMismatchAndBadSettingsAreClearErrors() {
        ItemVectors v = ItemVectors.of(ITEM_TABLE, ITEMS);
        EmbeddingTable users3 = EmbeddingTable.of(IdIndex.ofStrings("alice"), 3, new float[] {1, 1, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimilarityRanker.builder(v).withUserVectors(UserVectorSource.byKey(users3)).build());
        assertTrue(e.getMessage().contains("dimension mismatch") && e.getMessage().contains("3")
                && e.getMessage().contains("2"), e.getMessage());
        // undeclared dimensions are only known at request time
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user")).withNamespace(NamespaceSpec.blobs("blob")).build()) {
            store.put("user", "alice", new float[] {1, 1, 1});
            SimilarityRanker r = SimilarityRanker.builder(v).withUserVectors(UserVectorSource.fromStore(store, "user")).build();
            e = assertThrows(IllegalArgumentException.class, () -> score(r, RecRequest.builder(1).withUser("alice", 0).build(), ALL));
            assertTrue(e.getMessage().contains("query vector has 3") && e.getMessage().contains("have 2"), e.getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> ItemVectors.fromStore(store, "blob", ITEMS))
                    .getMessage().contains("blob"));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimilarityRanker.builder(v).withHistoryMean(true).withHistoryWindow(0).withHistoryHalfLife(1).build())
                .getMessage().contains("historyWindow: 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimilarityRanker.builder(v).withHistoryMean(true).withHistoryWindow(5).withHistoryHalfLife(0).build())
                .getMessage().contains("historyHalfLife: 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimilarityRanker.builder(v).withFallbackScore(Double.NaN).build())
                .getMessage().contains("fallbackScore"));
        SimilarityRanker r = SimilarityRanker.builder(v).build();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> r.score(RecRequest.builder(1).withSeedItem(0).build(), CandidateBatch.ofItems(ALL), new double[2])).getMessage().contains("scores"));
    }

    @Test
    void manyThreadsGetTheSameAnswers() throws Exception {
        int n = 300;
        int dim = 8;
        SplittableRandom rnd = new SplittableRandom(3);
        float[] values = new float[n * dim];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            for (int d = 0; d < dim; d++) {
                values[i * dim + d] = (float) rnd.nextGaussian();
            }
        }
        IdIndex items = IdIndex.ofLongs(ids);
        SimilarityRanker r = SimilarityRanker.builder(ItemVectors.of(EmbeddingTable.of(items, dim, values), items))
                .withHistoryMean(true).withHistoryWindow(20).withHistoryHalfLife(5).build();
        List<RecRequest> requests = new ArrayList<>();
        for (int q = 0; q < 64; q++) {
            requests.add(q % 2 == 0 ? RecRequest.builder(5).withSeedItem(q).build()
                    : RecRequest.builder(5).withHistory(new int[] {q, q + 1, q + 7}).build());
        }
        int[] candidates = rnd.ints(200, 0, n).toArray();
        double[][] expected = new double[requests.size()][];
        for (int q = 0; q < requests.size(); q++) {
            expected[q] = score(r, requests.get(q), candidates);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int rep = 0; rep < 20; rep++) {
                        for (int q = 0; q < requests.size(); q++) {
                            if (!Arrays.equals(expected[q], score(r, requests.get(q), candidates))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : futures) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(Double.isNaN(expected[0][0]));
    }
}
