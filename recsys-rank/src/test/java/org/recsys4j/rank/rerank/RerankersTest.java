package org.recsys4j.rank.rerank;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.movielens.MovieLensTitles;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Reranker;
import org.recsys4j.rank.similarity.ItemMatrix;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RerankersTest {
    private static final double EPS = 1e-9;
    private static final RecRequest PLAIN = RecRequest.builder(10).build();
    /** Categories A=0, B=1, C=2: item 0 {A}, 1 {A}, 2 {B}, 3 {A,B}, 4 {C}. */
    private static final ItemCategories CATS = ItemCategories.of(Map.of(0, new int[] {0}, 1, new int[] {0},
            2, new int[] {1}, 3, new int[] {0, 1}, 4, new int[] {2}));

    /** Ranked 0 (1.0), 1 (0.9), 3 (0.8), 2 (0.5), 4 (0.0). */
    private static List<Candidate> ranked() {
        return List.of(c(0, 1.0), c(1, 0.9), c(3, 0.8), c(2, 0.5), c(4, 0.0));
    }

    private static Candidate c(int item, double score) {
        return Candidate.of(item, "test", score, 0);
    }

    private static int[] items(List<Candidate> list) {
        return list.stream().mapToInt(Candidate::item).toArray();
    }

    @Test
    void mmrByGenreFollowsTheHandWorkedOrder() {
        // λ = 0.5, rel = score (already in [0, 1]):
        // step 1: max 0.5·rel → 0. maxSim to {0}: 1 → 1, 3 → ½, 2 → 0, 4 → 0
        // step 2: 1: 0.45−0.5 = −0.05; 3: 0.4−0.25 = 0.15; 2: 0.25; 4: 0 → 2. maxSim: 3 → ½ (J({A,B},{B}))
        // step 3: 1: −0.05; 3: 0.15; 4: 0 → 3. step 4: 1: −0.05; 4: 0 → 4. step 5: 1
        MmrReranker mmr = MmrReranker.builder(PairSimilarity.jaccard(CATS)).withLambda(0.5).build();
        List<Candidate> in = ranked();
        List<Candidate> out = mmr.rerank(PLAIN, in, 5);
        assertArrayEquals(new int[] {0, 2, 3, 4, 1}, items(out));
        assertEquals(0.5, out.get(1).score(), EPS);   // scores are kept
        assertArrayEquals(new int[] {0, 2, 3}, items(mmr.rerank(PLAIN, in, 3)));
        // λ = 1: relevance only
        assertArrayEquals(new int[] {0, 1, 3, 2, 4}, items(MmrReranker.builder(PairSimilarity.jaccard(CATS)).withLambda(1).build().rerank(PLAIN, in, 5)));
        assertEquals(ranked(), in);
    }

    @Test
    void mmrByEmbeddingCosine() {
        // vectors 0 (1,0), 1 (1,0.1), 2 (0,1); scores 1, 0.9, 0.8 → rel 1, 0.5, 0
        // λ = 0.5: step 1 → 0; step 2: item 1: 0.25 − 0.5·cos = 0.25 − 0.4975 < 0; item 2: 0 − 0 = 0 → 2
        EmbeddingTable t = EmbeddingTable.of(IdIndex.ofLongs(0, 1, 2), 2, new float[] {1, 0, 1, 0.1f, 0, 1});
        ItemMatrix m = ItemMatrix.ofRows(t, t.ids());
        List<Candidate> in = List.of(c(0, 1), c(1, 0.9), c(2, 0.8));
        assertArrayEquals(new int[] {0, 2, 1}, items(MmrReranker.builder(PairSimilarity.cosine(m)).withLambda(0.5).build().rerank(PLAIN, in, 3)));
        // λ = 0.7: item 1: 0.35 − 0.3·0.99504 = 0.0515 > 0 → relevance wins
        assertArrayEquals(new int[] {0, 1, 2}, items(MmrReranker.builder(PairSimilarity.cosine(m)).withLambda(0.7).build().rerank(PLAIN, in, 3)));
    }

    @Test
    void jaccardOfACatalogueAttribute() {
        ItemCatalog catalog = ItemCatalog.builder()
                .add(1, "Toy Story (1995)", List.of("Animation", "Children", "Comedy"))
                .add(2, "Jumanji (1995)", List.of("Adventure", "Children"))
                .add(3, "Heat (1995)", List.of("Action"))
                .build();
        PairSimilarity j = PairSimilarity.jaccard(catalog, ItemCatalog.GENRES);
        assertEquals(1.0 / 4, j.similarity(0, 1), EPS);   // {Children} of {Animation, Children, Comedy, Adventure}
        assertEquals(0, j.similarity(0, 2), EPS);
        assertEquals(1, j.similarity(2, 2), EPS);
        assertEquals(0, j.similarity(0, 99), EPS);        // unknown item
    }

    @Test
    void quotasTrimHardOrWithBackfill() {
        List<Candidate> in = ranked();
        QuotaReranker one = QuotaReranker.builder(CATS).withDefaultQuota(1).build();
        // 0 takes A; 1 (A) and 3 (A,B) are skipped; 2 takes B; 4 takes C
        assertArrayEquals(new int[] {0, 2, 4}, items(one.rerank(PLAIN, in, 5)));
        assertArrayEquals(new int[] {0, 2}, items(one.rerank(PLAIN, in, 2)));
        QuotaReranker backfill = QuotaReranker.builder(CATS).withDefaultQuota(1).withBackfill(true).build();
        assertArrayEquals(new int[] {0, 2, 4, 1}, items(backfill.rerank(PLAIN, in, 4)));
        QuotaReranker twoA = QuotaReranker.builder(CATS).withDefaultQuota(1).withQuota(0, 2).build();
        // A allows two: 0, 1; then 3 needs A (full) → skipped; 2, 4
        assertArrayEquals(new int[] {0, 1, 2, 4}, items(twoA.rerank(PLAIN, in, 5)));
        QuotaReranker noC = QuotaReranker.builder(CATS).withQuota(2, 0).build();
        assertArrayEquals(new int[] {0, 1, 3, 2}, items(noC.rerank(PLAIN, in, 5)));
        assertEquals(2, twoA.quota(0));
        assertEquals(1, twoA.quota(7));
    }

    @Test
    void businessFilters() {
        List<Candidate> in = ranked();
        RecRequest req = RecRequest.builder(10).withHistory(new int[] {3}).addExcluded(1).build();
        assertArrayEquals(new int[] {0, 3, 2, 4}, items(BusinessFilter.builder().build().rerank(req, in, 10)));
        assertArrayEquals(new int[] {0, 2, 4}, items(BusinessFilter.builder().withExcludeHistory(true).build().rerank(req, in, 10)));
        assertArrayEquals(new int[] {0, 2}, items(BusinessFilter.builder().withExcludeHistory(true).addBlocked(4).build()
                .rerank(req, in, 10)));
        assertArrayEquals(new int[] {2, 4}, items(BusinessFilter.builder().withExcludeHistory(true).withAllowOnly(i -> i != 0).build()
                .rerank(req, in, 10)));
        assertArrayEquals(new int[] {0, 1}, items(BusinessFilter.builder().withExcludeRequestExclusions(false).build()
                .rerank(req, in, 2)));
    }

    @Test
    void popularityAndFreshnessBlendsByTheDocumentedFormula() {
        List<Candidate> in = ranked();
        // log1p(count) / log1p(999): item 0 → 0, 1 → 1/3, 2 → 2/3, 3 → 0, 4 → 1
        BlendReranker pop = BlendReranker.builder().add(BlendTerm.popularity(new int[] {0, 9, 99, 0, 999}), 0.6).build();
        List<Candidate> out = pop.rerank(PLAIN, in, 5);
        // 1: 0.9 + 0.2 = 1.1; 0: 1.0; 2: 0.5 + 0.4 = 0.9; 3: 0.8; 4: 0 + 0.6
        assertArrayEquals(new int[] {1, 0, 2, 3, 4}, items(out));
        assertArrayEquals(new double[] {1.1, 1.0, 0.9, 0.8, 0.6},
                out.stream().mapToDouble(Candidate::score).toArray(), 1e-9);

        long now = 1_000_000;
        Clock clock = Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
        long[] released = {now, now - 100, now - 300, Long.MIN_VALUE, now + 50};
        BlendTerm fresh = BlendTerm.freshness(released, clock, Duration.ofSeconds(100));
        assertArrayEquals(new double[] {1, 0.5, 0.125, 0, 1, 0},
                new double[] {fresh.value().applyAsDouble(0), fresh.value().applyAsDouble(1), fresh.value().applyAsDouble(2),
                    fresh.value().applyAsDouble(3), fresh.value().applyAsDouble(4), fresh.value().applyAsDouble(5)}, 1e-12);
        out = BlendReranker.builder().add(fresh, 1).build().rerank(PLAIN, in, 3);
        // 0: 2.0; 1: 1.4; 4: 1.0; 3: 0.8; 2: 0.625
        assertArrayEquals(new int[] {0, 1, 4}, items(out));
        assertEquals(1.4, out.get(1).score(), 1e-12);

        ItemCatalog catalog = ItemCatalog.builder()
                .add(1, "Old (2000)", List.of("Drama")).add(2, "New (2020)", List.of("Drama"))
                .add(3, "Untitled", List.of("Drama")).build();
        BlendTerm byYear = BlendTerm.freshness(catalog, ItemCatalog.YEAR, 2020, 10);
        assertEquals(0.25, byYear.value().applyAsDouble(0), 1e-12);
        assertEquals(1, byYear.value().applyAsDouble(1), 1e-12);
        assertEquals(0, byYear.value().applyAsDouble(2), 1e-12);
    }

    @Test
    void dedupByItemAndBySeries() {
        ItemCatalog catalog = ItemCatalog.builder()
                .add(1, "Toy Story (1995)", List.of("Animation"))
                .add(2, "Toy Story 2 (1999)", List.of("Animation"))
                .add(3, "Heat (1995)", List.of("Action"))
                .add(4, "Godfather, The (1972)", List.of("Crime"))
                .add(5, "Godfather: Part II, The (1974)", List.of("Crime"))
                .add(6, "Hamlet (1996)", List.of("Drama"))
                .add(7, "Hamlet (2000)", List.of("Drama"))
                .build();
        assertEquals("toy story", MovieLensTitles.seriesKey("Toy Story 2 (1999)"));
        assertEquals("godfather", MovieLensTitles.seriesKey("Godfather: Part II, The (1974)"));
        assertEquals("godfather", MovieLensTitles.seriesKey("Godfather, The (1972)"));
        assertEquals("2001", MovieLensTitles.seriesKey("2001: A Space Odyssey (1968)"));
        assertEquals("hamlet", MovieLensTitles.titleKey("Hamlet  (2000)"));
        List<Candidate> in = List.of(c(1, 9), c(0, 8), c(1, 7), c(4, 6), c(2, 5), c(3, 4), c(5, 3), c(6, 2));
        assertArrayEquals(new int[] {1, 0, 4, 2, 3, 5, 6}, items(DedupReranker.byItem().rerank(PLAIN, in, 10)));
        assertArrayEquals(new int[] {1, 4, 2, 5}, items(DedupReranker.byGroup(MovieLensTitles.seriesKey(catalog))
                .rerank(PLAIN, in, 10)));
        assertArrayEquals(new int[] {1, 0, 4, 2, 3, 5}, items(DedupReranker.byGroup(MovieLensTitles.titleKey(catalog))
                .rerank(PLAIN, in, 10)));
        assertArrayEquals(new int[] {1, 4}, items(DedupReranker.byGroup(MovieLensTitles.seriesKey(catalog)).rerank(PLAIN, in, 2)));
    }

    @Test
    void chainAppliesStagesInOrder() {
        List<Candidate> in = new ArrayList<>(ranked());
        in.add(c(0, 0.1));   // a duplicate
        RecRequest req = RecRequest.builder(3).addExcluded(1).build();
        RerankerChain chain = RerankerChain.builder()
                .then(BusinessFilter.builder().build())
                .then(MmrReranker.builder(PairSimilarity.jaccard(CATS)).withLambda(0.5).build())
                .build();
        // after the filter: 0, 3, 2, 4 (1 excluded, duplicate 0 dropped); MMR λ = 0.5, rel 1, 0.8, 0.5, 0:
        // step 1 → 0; maxSim: 3 → ½, 2 → 0, 4 → 0; step 2: 3: 0.4 − 0.25 = 0.15; 2: 0.25; 4: 0 → 2
        // step 3: 3: maxSim ½ → 0.15; 4: 0 → 3
        List<Candidate> out = chain.rerank(req, in, 3);
        assertArrayEquals(new int[] {0, 2, 3}, items(out));
        assertEquals("filter > mmr", chain.name());
        RerankerChain cut = RerankerChain.builder().then(BusinessFilter.builder().build(), 2)
                .then(DedupReranker.byItem()).build();
        assertArrayEquals(new int[] {0, 3}, items(cut.rerank(req, in, 3)));
    }

    @Test
    void everyRerankerKeepsTheContract() throws Exception {
        ItemCatalog catalog = ItemCatalog.builder().add(1, "A (1990)", List.of("X")).build();
        List<Reranker> all = List.of(
                MmrReranker.builder(PairSimilarity.jaccard(CATS)).withLambda(0.3).build(),
                QuotaReranker.builder(CATS).withDefaultQuota(2).withBackfill(true).build(),
                QuotaReranker.builder(CATS).withDefaultQuota(1).build(),
                BusinessFilter.builder().withExcludeHistory(true).addBlocked(3).build(),
                BlendReranker.builder().add(BlendTerm.popularity(new int[] {5, 1, 0, 7}), 0.5)
                        .add(BlendTerm.freshness(catalog, ItemCatalog.YEAR, 2000, 5), -0.2).build(),
                DedupReranker.byItem(),
                DedupReranker.byGroup(i -> Integer.toString(i % 3)),
                RerankerChain.builder().then(BusinessFilter.builder().build())
                        .then(MmrReranker.builder(PairSimilarity.jaccard(CATS)).withLambda(0.8).build(), 20).build());
        SplittableRandom rnd = new SplittableRandom(5);
        List<List<Candidate>> inputs = new ArrayList<>();
        List<RecRequest> requests = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            int n = rnd.nextInt(0, 30);
            List<Candidate> in = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double s = rnd.nextInt(10) == 0 ? Double.NEGATIVE_INFINITY : rnd.nextDouble();
                in.add(c(rnd.nextInt(0, 12), s));
            }
            inputs.add(List.copyOf(in));
            requests.add(RecRequest.builder(5).withHistory(new int[] {rnd.nextInt(12)}).addExcluded(rnd.nextInt(12)).build());
        }
        List<List<List<Candidate>>> expected = new ArrayList<>();
        for (Reranker r : all) {
            List<List<Candidate>> perInput = new ArrayList<>();
            for (int t = 0; t < inputs.size(); t++) {
                List<Candidate> in = new ArrayList<>(inputs.get(t));
                int k = 1 + t % 7;
                List<Candidate> out = r.rerank(requests.get(t), in, k);
                assertEquals(inputs.get(t), in, r.name() + ": input modified");
                assertTrue(out.size() <= k, r.name() + ": " + out.size() + " > k " + k);
                Set<Integer> inItems = new HashSet<>();
                in.forEach(x -> inItems.add(x.item()));
                Set<Integer> seen = new HashSet<>();
                for (Candidate x : out) {
                    assertTrue(inItems.contains(x.item()), r.name() + ": invented item " + x.item());
                    assertTrue(seen.add(x.item()), r.name() + ": duplicate item " + x.item());
                }
                perInput.add(out);
            }
            expected.add(perInput);
        }
        // many threads, same answers
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int th = 0; th < 6; th++) {
                futures.add(pool.submit(() -> {
                    for (int rep = 0; rep < 10; rep++) {
                        for (int r = 0; r < all.size(); r++) {
                            for (int t = 0; t < inputs.size(); t++) {
                                if (!expected.get(r).get(t).equals(all.get(r).rerank(requests.get(t), inputs.get(t), 1 + t % 7))) {
                                    return false;
                                }
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
    }

    @Test
    void badArgumentsAreClearErrors() {
        for (double lambda : new double[] {-0.1, 1.5, Double.NaN}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> MmrReranker.builder(PairSimilarity.jaccard(CATS)).withLambda(lambda).build())
                    .getMessage().contains("lambda"));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> QuotaReranker.builder(CATS).withDefaultQuota(-1).build())
                .getMessage().contains("default quota: -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> QuotaReranker.builder(CATS).withQuota(3, -2).build())
                .getMessage().contains("quota of category 3: -2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DedupReranker.byItem().rerank(PLAIN, ranked(), 0))
                .getMessage().contains("k = 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BlendReranker.builder().add(BlendTerm.popularity(new int[] {1}), Double.NaN).build()).getMessage().contains("weight"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BlendTerm.popularity(new int[] {1, -1}))
                .getMessage().contains("counts[1]"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BlendTerm.freshness(new long[0], Clock.systemUTC(), Duration.ZERO)).getMessage().contains("halfLife"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BlendReranker.builder().build())
                .getMessage().contains("terms: none"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RerankerChain.builder().build())
                .getMessage().contains("stages: none"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RerankerChain.builder().then(DedupReranker.byItem(), 0).build())
                .getMessage().contains("keep: 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BusinessFilter.builder().addBlocked(-3).build())
                .getMessage().contains("-3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ItemCategories.of(Map.of(1, new int[] {2, 2})))
                .getMessage().contains("repeated"));
    }
}
