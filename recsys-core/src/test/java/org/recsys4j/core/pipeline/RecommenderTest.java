package org.recsys4j.core.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommenderTest {
    /** A channel returning fixed items with scores n, n-1, ..., counting its calls. */
    static final class ListSource implements CandidateSource {
        final String name;
        final int[] items;
        final AtomicInteger calls = new AtomicInteger();

        ListSource(String name, int... items) {
            this.name = name;
            this.items = items;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Candidate> recall(RecRequest request, int limit) {
            calls.incrementAndGet();
            List<Candidate> out = new ArrayList<>();
            for (int item : items) {
                if (!request.excludes(item) && out.size() < limit) {
                    out.add(Candidate.of(item, name, items.length - out.size(), out.size()));
                }
            }
            return out;
        }
    }

    static CandidateSource failing(String name) {
        return new CandidateSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Candidate> recall(RecRequest request, int limit) {
                throw new IllegalStateException("store down");
            }
        };
    }

    static CandidateSource slow(String name, AtomicBoolean interrupted) {
        return new CandidateSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Candidate> recall(RecRequest request, int limit) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    Thread.currentThread().interrupt();
                }
                return List.of(Candidate.of(1, name, 1, 0));
            }
        };
    }

    static Ranker ranker(String name, IntToDoubleFunction f) {
        return new Ranker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void score(RecRequest request, int[] items, double[] scores) {
                for (int i = 0; i < items.length; i++) {
                    scores[i] = f.applyAsDouble(items[i]);
                }
            }
        };
    }

    static Reranker reverse() {
        return new Reranker() {
            @Override
            public String name() {
                return "reverse";
            }

            @Override
            public List<Candidate> rerank(RecRequest request, List<Candidate> ranked, int k) {
                List<Candidate> out = new ArrayList<>(ranked);
                java.util.Collections.reverse(out);
                return out.subList(0, Math.min(k, out.size()));
            }
        };
    }

    static Reranker failingReranker() {
        return new Reranker() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public List<Candidate> rerank(RecRequest request, List<Candidate> ranked, int k) {
                throw new UnsupportedOperationException("bug");
            }
        };
    }

    static RecRequest request(int k, int... history) {
        return RecRequest.builder(k).user("u1", 0).history(history).excludeHistory().build();
    }

    @Test
    void recallRankRerankInOrder() {
        ListSource src = new ListSource("genre", 1, 2, 3, 4, 5, 6);
        try (Recommender rec = Recommender.builder("main").recall(src, 100)
                .ranking(RankingChain.builder().then(ranker("by-item", i -> i), 4).build())
                .rerank(reverse()).build()) {
            Recommendation r = rec.recommend(request(3, 6));
            // recall drops 6 (seen); rank keeps 5,4,3,2; reverse gives 2,3,4,5; k=3
            assertArrayEquals(new int[] {2, 3, 4}, r.itemIndices());
            assertEquals("by-item", r.ranker());
            assertEquals(List.of("genre"), r.channels());
            assertFalse(r.usedFallback());
            assertEquals(Set.of(Stage.RECALL, Stage.RANK, Stage.RERANK), r.latencyNanos().keySet());
            assertEquals("main", r.variant());
        }
    }

    @Test
    void failingRecallUsesTheFallbackAndStillExcludes() {
        ListSource popular = new ListSource("popular", 9, 8, 7);
        try (Recommender rec = Recommender.builder("main").recall(failing("channels"), 100).fallback(popular).build()) {
            Recommendation r = rec.recommend(request(5, 8));
            assertArrayEquals(new int[] {9, 7}, r.itemIndices());
            assertEquals(Set.of(Stage.RECALL), r.fallbacks());
            assertTrue(r.notes().get(0).contains("channels: IllegalStateException: store down"), r.notes().toString());
            assertTrue(r.notes().get(0).contains("used fallback popular"));
            assertEquals(1, rec.metrics().snapshot().stages().get(Stage.RECALL).fallbacks());
        }
    }

    @Test
    void emptyRecallUsesTheFallback() {
        try (Recommender rec = Recommender.builder("main").recall(new ListSource("none"), 100)
                .fallback(new ListSource("popular", 3)).build()) {
            Recommendation r = rec.recommend(request(5));
            assertArrayEquals(new int[] {3}, r.itemIndices());
            assertTrue(r.notes().get(0).contains("none returned no candidates"));
        }
    }

    @Test
    void lateRecallIsCancelledWithinItsBudget() {
        AtomicBoolean interrupted = new AtomicBoolean();
        try (Recommender rec = Recommender.builder("main").recall(slow("slow", interrupted), 100)
                .fallback(new ListSource("popular", 4, 5)).budget(Stage.RECALL, Duration.ofMillis(50)).build()) {
            long t0 = System.nanoTime();
            Recommendation r = rec.recommend(request(5));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 2_000, "took " + ms + " ms");
            assertArrayEquals(new int[] {4, 5}, r.itemIndices());
            assertTrue(r.notes().get(0).contains("timed out after 50 ms"), r.notes().toString());
            long deadline = System.currentTimeMillis() + 2_000;
            while (!interrupted.get() && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(interrupted.get(), "the late channel was interrupted");
        }
    }

    @Test
    void failingOrLateRankerKeepsRecallOrder() {
        ListSource src = new ListSource("c", 1, 2, 3);
        Ranker broken = ranker("broken", i -> {
            throw new IllegalStateException("model server 500");
        });
        try (Recommender rec = Recommender.builder("main").recall(src, 100).ranking(RankingChain.of(broken)).build()) {
            Recommendation r = rec.recommend(request(3));
            assertArrayEquals(new int[] {1, 2, 3}, r.itemIndices());
            assertEquals("none", r.ranker());
            assertEquals(Set.of(Stage.RANK), r.fallbacks());
            assertTrue(r.notes().get(0).startsWith("rank: IllegalStateException: model server 500"));
        }
        Ranker sleepy = ranker("sleepy", i -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -i;
        });
        try (Recommender rec = Recommender.builder("main").recall(src, 100).ranking(RankingChain.of(sleepy))
                .budget(Stage.RANK, Duration.ofMillis(30)).build()) {
            long t0 = System.nanoTime();
            Recommendation r = rec.recommend(request(3));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000);
            assertArrayEquals(new int[] {1, 2, 3}, r.itemIndices());
            assertTrue(r.notes().get(0).contains("timed out after 30 ms"));
        }
    }

    @Test
    void failingRerankerKeepsTheListBeforeIt() {
        try (Recommender rec = Recommender.builder("main").recall(new ListSource("c", 1, 2, 3), 100)
                .rerank(reverse()).rerank(failingReranker()).build()) {
            Recommendation r = rec.recommend(request(2));
            assertArrayEquals(new int[] {3, 2}, r.itemIndices());
            assertEquals(Set.of(Stage.RERANK), r.fallbacks());
            assertTrue(r.notes().get(0).startsWith("rerank: broken: UnsupportedOperationException: bug"));
        }
    }

    @Test
    void coldStartRequestsGoToTheColdStartSource() {
        ListSource main = new ListSource("personal", 1, 2);
        ListSource cold = new ListSource("precomputed-popular", 7, 8);
        try (Recommender rec = Recommender.builder("main").recall(main, 100).coldStart(cold).build()) {
            Recommendation anonymous = rec.recommend(RecRequest.builder(2).build());
            assertArrayEquals(new int[] {7, 8}, anonymous.itemIndices());
            assertFalse(anonymous.usedFallback());
            assertTrue(anonymous.notes().get(0).contains("cold-start"));
            // an unknown user with a history is not cold
            Recommendation withHistory = rec.recommend(RecRequest.builder(2).user("new", -1).history(new int[] {5}).build());
            assertArrayEquals(new int[] {1, 2}, withHistory.itemIndices());
        }
    }

    @Test
    void cacheServesIdenticalRequestsUntilExpiryOrInvalidation() {
        AtomicLong now = new AtomicLong();
        ListSource src = new ListSource("c", 1, 2, 3);
        try (Recommender rec = Recommender.builder("main").recall(src, 100).cache(100, Duration.ofSeconds(10))
                .ticker(now::get).build()) {
            assertFalse(rec.recommend(request(2)).cached());
            assertTrue(rec.recommend(request(2)).cached());
            assertEquals(1, src.calls.get());
            assertFalse(rec.recommend(request(2, 1)).cached(), "another history is another key");
            now.addAndGet(Duration.ofSeconds(11).toNanos());
            assertFalse(rec.recommend(request(2)).cached(), "expired");
            assertTrue(rec.recommend(request(2)).cached());
            assertEquals(2, rec.invalidate("u1"));
            assertFalse(rec.recommend(request(2)).cached());
            PipelineMetrics.Snapshot m = rec.metrics().snapshot();
            assertEquals(6, m.requests());
            assertEquals(2, m.cacheHits());
            assertEquals(4, m.stages().get(Stage.RECALL).runs());
        }
    }

    @Test
    void answersWithFallbacksAreNotCached() {
        try (Recommender rec = Recommender.builder("main").recall(failing("x"), 100).fallback(new ListSource("p", 1))
                .cache(100, Duration.ofMinutes(1)).build()) {
            rec.recommend(request(1));
            assertFalse(rec.recommend(request(1)).cached());
        }
    }

    @Test
    void manyThreadsGetTheSameAnswers() throws Exception {
        ListSource src = new ListSource("c", 10, 20, 30, 40, 50, 60, 70, 80);
        try (Recommender rec = Recommender.builder("main").recall(src, 100)
                .ranking(RankingChain.of(ranker("mod", i -> (i * 37) % 11))).rerank(reverse())
                .budget(Stage.RANK, Duration.ofSeconds(5)).build()) {
            int[][] expected = new int[8][];
            for (int u = 0; u < 8; u++) {
                expected[u] = rec.recommend(request(4, 10 * (u + 1))).itemIndices();
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            int u = i % 8;
                            if (!java.util.Arrays.equals(expected[u], rec.recommend(request(4, 10 * (u + 1))).itemIndices())) {
                                return false;
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
    }

    @Test
    void badConfigurationIsNamed() {
        assertThrows(IllegalStateException.class, () -> Recommender.builder("x").build());
        assertThrows(IllegalArgumentException.class, () -> Recommender.builder("x").recall(new ListSource("c"), 0));
        assertThrows(IllegalArgumentException.class, () -> Recommender.builder("x").budget(Stage.RANK, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Recommender.builder("x").cache(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Recommender.builder(" "));
    }

    @Test
    void experimentAssignsUsersDeterministicallyByWeight() {
        try (Recommender a = Recommender.builder("a").recall(new ListSource("c", 1), 10).build();
             Recommender b = Recommender.builder("b").recall(new ListSource("c", 2), 10).build()) {
            Experiment ab = Experiment.builder("test-1").variant(a, 30).variant(b, 70).build();
            int toA = 0;
            for (int u = 0; u < 20_000; u++) {
                Recommender v = ab.variantFor("user" + u);
                assertEquals(v, ab.variantFor("user" + u));
                if (v == a) {
                    toA++;
                }
            }
            assertEquals(0.30, toA / 20_000.0, 0.015);
            Experiment other = Experiment.builder("test-2").variant(a, 30).variant(b, 70).build();
            int same = 0;
            for (int u = 0; u < 20_000; u++) {
                if (ab.variantFor("user" + u) == other.variantFor("user" + u)) {
                    same++;
                }
            }
            // independent salts: P(same) = 0.3² + 0.7² = 0.58
            assertEquals(0.58, same / 20_000.0, 0.02);
            Recommendation r = ab.recommend(RecRequest.builder(1).user("user7", 3).build());
            assertEquals(ab.variantFor("user7").name(), r.variant());
            assertEquals(1, ab.metrics().get(r.variant()).requests());
            assertThrows(IllegalArgumentException.class, () -> Experiment.builder("x").variant(a, 1).variant(a, 1));
            assertThrows(IllegalArgumentException.class, () -> Experiment.builder("x").variant(a, 0));
            assertThrows(IllegalStateException.class, () -> Experiment.builder("x").build());
        }
    }
}
