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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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
        return slow(name, interrupted, new AtomicInteger());
    }

    /** A source that sleeps 5 s unless interrupted; {@code running} counts the calls in progress. */
    static CandidateSource slow(String name, AtomicBoolean interrupted, AtomicInteger running) {
        return new CandidateSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Candidate> recall(RecRequest request, int limit) {
                running.incrementAndGet();
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    Thread.currentThread().interrupt();
                } finally {
                    running.decrementAndGet();
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
            public void score(RecRequest request, CandidateBatch items, double[] scores) {
                for (int i = 0; i < items.size(); i++) {
                    scores[i] = f.applyAsDouble(items.item(i));
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
        return RecRequest.builder(k).withUser("u1", 0).withHistory(history).withHistoryExcluded(true).build();
    }

    @Test
    void recallRankRerankInOrder() {
        ListSource src = new ListSource("genre", 1, 2, 3, 4, 5, 6);
        try (Recommender rec = Recommender.builder("main", src).withRecallLimit(100)
                .withRanking(RankingChain.builder().then(ranker("by-item", i -> i), 4).build())
                .addReranker(reverse()).build()) {
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
        try (Recommender rec = Recommender.builder("main", failing("channels")).withRecallLimit(100).withFallback(popular).build()) {
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
        try (Recommender rec = Recommender.builder("main", new ListSource("none")).withRecallLimit(100)
                .withFallback(new ListSource("popular", 3)).build()) {
            Recommendation r = rec.recommend(request(5));
            assertArrayEquals(new int[] {3}, r.itemIndices());
            assertTrue(r.notes().get(0).contains("none returned no candidates"));
        }
    }

    @Test
    void lateRecallIsCancelledWithinItsBudget() {
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicInteger running = new AtomicInteger();
        try (Recommender rec = Recommender.builder("main", slow("slow", interrupted, running)).withRecallLimit(100)
                .withFallback(new ListSource("popular", 4, 5)).withBudget(Stage.RECALL, Duration.ofMillis(50)).build()) {
            long t0 = System.nanoTime();
            Recommendation r = rec.recommend(request(5));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 2_000, "took " + ms + " ms");
            assertArrayEquals(new int[] {4, 5}, r.itemIndices());
            // the source gets the budget less the fallback's reserve (20 %)
            assertTrue(r.notes().get(0).contains("slow: timed out after 40 ms"), r.notes().toString());
            // a source that had started was interrupted; one still queued at the deadline never starts
            long deadline = System.currentTimeMillis() + 2_000;
            while (running.get() > 0 && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(0, running.get(), "the late source still runs: " + r.notes());
            assertEquals(r.notes().get(0).contains("still running at its deadline"), interrupted.get(), r.notes().toString());
        }
    }

    @Test
    void failingOrLateRankerKeepsRecallOrder() {
        ListSource src = new ListSource("c", 1, 2, 3);
        Ranker broken = ranker("broken", i -> {
            throw new IllegalStateException("model server 500");
        });
        try (Recommender rec = Recommender.builder("main", src).withRecallLimit(100).withRanking(RankingChain.of(broken)).build()) {
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
        try (Recommender rec = Recommender.builder("main", src).withRecallLimit(100).withRanking(RankingChain.of(sleepy))
                .withBudget(Stage.RANK, Duration.ofMillis(30)).build()) {
            long t0 = System.nanoTime();
            Recommendation r = rec.recommend(request(3));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000);
            assertArrayEquals(new int[] {1, 2, 3}, r.itemIndices());
            assertTrue(r.notes().get(0).contains("timed out after 30 ms"));
        }
    }

    @Test
    void failingRerankerKeepsTheListBeforeIt() {
        try (Recommender rec = Recommender.builder("main", new ListSource("c", 1, 2, 3)).withRecallLimit(100)
                .addReranker(reverse()).addReranker(failingReranker()).build()) {
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
        try (Recommender rec = Recommender.builder("main", main).withRecallLimit(100).withColdStart(cold).build()) {
            Recommendation anonymous = rec.recommend(RecRequest.builder(2).build());
            assertArrayEquals(new int[] {7, 8}, anonymous.itemIndices());
            assertFalse(anonymous.usedFallback());
            assertTrue(anonymous.notes().get(0).contains("cold-start"));
            // an unknown user with a history is not cold
            Recommendation withHistory = rec.recommend(RecRequest.builder(2).withUser("new", -1).withHistory(new int[] {5}).build());
            assertArrayEquals(new int[] {1, 2}, withHistory.itemIndices());
        }
    }

    @Test
    void cacheServesIdenticalRequestsUntilExpiryOrInvalidation() {
        AtomicLong now = new AtomicLong();
        ListSource src = new ListSource("c", 1, 2, 3);
        try (Recommender rec = Recommender.builder("main", src).withRecallLimit(100).withCache(100, Duration.ofSeconds(10))
                .withTicker(now::get).build()) {
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
        try (Recommender rec = Recommender.builder("main", failing("x")).withRecallLimit(100).withFallback(new ListSource("p", 1))
                .withCache(100, Duration.ofMinutes(1)).build()) {
            rec.recommend(request(1));
            assertFalse(rec.recommend(request(1)).cached());
        }
    }

    @Test
    void manyThreadsGetTheSameAnswers() throws Exception {
        ListSource src = new ListSource("c", 10, 20, 30, 40, 50, 60, 70, 80);
        try (Recommender rec = Recommender.builder("main", src).withRecallLimit(100)
                .withRanking(RankingChain.of(ranker("mod", i -> (i * 37) % 11))).addReranker(reverse())
                .withBudget(Stage.RANK, Duration.ofSeconds(5)).build()) {
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

    /** A source that records the deadline it was given, then runs {@code work}. */
    static final class Recording implements CandidateSource {
        final String name;
        final java.util.function.Function<RecRequest, List<Candidate>> work;
        volatile Deadline seen;
        volatile long remainingAtStart;
        final AtomicInteger calls = new AtomicInteger();

        Recording(String name, java.util.function.Function<RecRequest, List<Candidate>> work) {
            this.name = name;
            this.work = work;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Candidate> recall(RecRequest request, int limit) {
            calls.incrementAndGet();
            seen = request.deadline();
            remainingAtStart = request.deadline().remainingNanos();
            return work.apply(request);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theFallbackSharesWhatIsLeftOfTheStageBudget() {
        // the source fails after 100 ms of a 300 ms budget: the fallback gets about 200 ms, not a fresh 300
        Recording primary = new Recording("channels", r -> {
            sleep(100);
            throw new IllegalStateException("store down");
        });
        Recording popular = new Recording("popular", r -> List.of(Candidate.of(9, "popular", 1, 0)));
        try (Recommender rec = Recommender.builder("main", primary).withRecallLimit(10).withFallback(popular)
                .withBudget(Stage.RECALL, Duration.ofMillis(300)).build()) {
            Recommendation r = rec.recommend(request(3));
            assertArrayEquals(new int[] {9}, r.itemIndices());
            // the source itself was given the budget less the fallback's 20 % reserve
            assertTrue(primary.remainingAtStart <= 240_000_000L && primary.remainingAtStart > 150_000_000L,
                    "source had " + primary.remainingAtStart / 1e6 + " ms");
            assertTrue(popular.seen.isBounded());
            assertTrue(popular.remainingAtStart <= 200_000_000L && popular.remainingAtStart > 0,
                    "fallback had " + popular.remainingAtStart / 1e6 + " ms");
        }
        // a late source leaves the fallback only the reserve
        Recording late = new Recording("late", r -> {
            sleep(5_000);
            return List.of();
        });
        try (Recommender rec = Recommender.builder("main", late).withRecallLimit(10).withFallback(popular)
                .withBudget(Stage.RECALL, Duration.ofMillis(200)).build()) {
            long t0 = System.nanoTime();
            Recommendation r = rec.recommend(request(3));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertArrayEquals(new int[] {9}, r.itemIndices());
            assertTrue(popular.remainingAtStart <= 40_000_000L, "fallback had " + popular.remainingAtStart / 1e6 + " ms");
            assertTrue(ms < 200 + 400, "took " + ms + " ms");
        }
        // a fallback that needs more than is left stops at the stage deadline too
        Recording greedy = new Recording("greedy", r -> {
            while (true) {
                r.deadline().check("greedy");
                sleep(1);
            }
        });
        try (Recommender rec = Recommender.builder("main", failing("channels")).withRecallLimit(10).withFallback(greedy)
                .withBudget(Stage.RECALL, Duration.ofMillis(150)).build()) {
            long t0 = System.nanoTime();
            Recommendation r = rec.recommend(request(3));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, r.items().size());
            assertTrue(ms < 150 + 400, "took " + ms + " ms");
            assertTrue(r.notes().get(0).contains("used fallback greedy which failed too: timed out (greedy: deadline passed"),
                    r.notes().toString());
        }
    }

    @Test
    void aSourceReturningOnlySeenItemsLeadsToTheFallback() {
        ListSource seenOnly = new ListSource("seen-only", 1, 2, 3);
        ListSource popular = new ListSource("popular", 3, 4, 5);
        try (Recommender rec = Recommender.builder("main", seenOnly).withRecallLimit(10).withFallback(popular)
                .withCache(100, Duration.ofMinutes(1)).build()) {
            // a source breaking the contract (returning excluded items) is filtered before the decision
            CandidateSource rogue = new CandidateSource() {
                @Override
                public String name() {
                    return "rogue";
                }

                @Override
                public List<Candidate> recall(RecRequest request, int limit) {
                    return List.of(Candidate.of(1, "rogue", 3, 0), Candidate.of(2, "rogue", 2, 1), Candidate.of(3, "rogue", 1, 2));
                }
            };
            try (Recommender r2 = Recommender.builder("rogue", rogue).withRecallLimit(10).withFallback(popular)
                    .withCache(100, Duration.ofMinutes(1)).build()) {
                Recommendation r = r2.recommend(request(2, 1, 2, 3));
                assertArrayEquals(new int[] {4, 5}, r.itemIndices());
                assertEquals(Set.of(Stage.RECALL), r.fallbacks());
                assertTrue(r.notes().get(0).contains("rogue returned only items the request excludes (3), used fallback popular"),
                        r.notes().toString());
                assertFalse(r2.recommend(request(2, 1, 2, 3)).cached(), "a fallback answer is not cached");
            }
            // a well-behaved source with everything seen answers nothing: the fallback answers
            Recommendation r = rec.recommend(request(2, 1, 2, 3));
            assertArrayEquals(new int[] {4, 5}, r.itemIndices());
            assertTrue(r.notes().get(0).contains("seen-only returned no candidates, used fallback popular"), r.notes().toString());
        }
        // without a fallback, the reason is still noted
        CandidateSource rogue = new CandidateSource() {
            @Override
            public String name() {
                return "rogue";
            }

            @Override
            public List<Candidate> recall(RecRequest request, int limit) {
                return List.of(Candidate.of(1, "rogue", 3, 0));
            }
        };
        try (Recommender rec = Recommender.builder("main", rogue).withRecallLimit(10).build()) {
            Recommendation r = rec.recommend(request(2, 1));
            assertEquals(0, r.items().size());
            assertTrue(r.notes().get(0).contains("returned only items the request excludes (1), no fallback source"),
                    r.notes().toString());
        }
    }

    @Test
    void emptyAnswersAreNeverCached() {
        ListSource nothing = new ListSource("nothing");
        try (Recommender rec = Recommender.builder("main", nothing).withRecallLimit(10).withCache(100, Duration.ofMinutes(1)).build()) {
            assertEquals(0, rec.recommend(request(2)).items().size());
            Recommendation again = rec.recommend(request(2));
            assertFalse(again.cached());
            assertEquals(2, nothing.calls.get());
        }
        // the fallback answering nothing either: not cached
        try (Recommender rec = Recommender.builder("main", failing("x")).withRecallLimit(10).withFallback(new ListSource("p"))
                .withCache(100, Duration.ofMinutes(1)).build()) {
            rec.recommend(request(2));
            assertFalse(rec.recommend(request(2)).cached());
            assertEquals(2, rec.metrics().snapshot().failures());
        }
    }

    @Test
    void eachStageSeesTheEarlierOfTheRequestDeadlineAndItsBudget() {
        Recording src = new Recording("src", r -> List.of(Candidate.of(1, "src", 1, 0)));
        AtomicReference<Deadline> rankSaw = new AtomicReference<>();
        Ranker watching = new Ranker() {
            @Override
            public String name() {
                return "watching";
            }

            @Override
            public void score(RecRequest request, CandidateBatch items, double[] scores) {
                rankSaw.set(request.deadline());
                java.util.Arrays.fill(scores, 0, items.size(), 1);
            }
        };
        try (Recommender rec = Recommender.builder("main", src).withRecallLimit(10)
                .withRanking(RankingChain.of(watching))
                .withBudget(Stage.RECALL, Duration.ofSeconds(20)).build()) {
            rec.recommend(request(1));
            assertTrue(src.seen.isBounded() && src.remainingAtStart <= 20_000_000_000L, src.seen.toString());
            assertFalse(rankSaw.get().isBounded(), "no rank budget, no request deadline: none");
            // a request deadline earlier than the budget wins, and reaches the unbudgeted rank stage too (far
            // enough away that a loaded machine still starts the stage before it)
            Deadline soon = Deadline.after(Duration.ofSeconds(5));
            rec.recommend(RecRequest.builder(1).withUser("u1", 0).withDeadline(soon).build());
            assertEquals(2, src.calls.get());
            assertTrue(src.remainingAtStart <= 5_000_000_000L, src.remainingAtStart / 1e6 + " ms");
            assertEquals(soon, rankSaw.get());
        }
        // without any deadline, stages run on the calling thread with Deadline.none()
        try (Recommender rec = Recommender.builder("plain", src).withRecallLimit(10).build()) {
            rec.recommend(request(1));
            assertFalse(src.seen.isBounded());
        }
    }

    @Test
    void aRequestWhoseDeadlinePassedGetsTheFallbackAtOnce() {
        Recording src = new Recording("src", r -> List.of(Candidate.of(1, "src", 1, 0)));
        AtomicInteger ranked = new AtomicInteger();
        try (Recommender rec = Recommender.builder("main", src).withRecallLimit(10).withFallback(new ListSource("popular", 5, 6))
                .withRanking(RankingChain.of(ranker("r", i -> ranked.incrementAndGet()))).build()) {
            long t0 = System.nanoTime();
            Recommendation r = rec.recommend(RecRequest.builder(2).withUser("u", 0).withDeadline(Deadline.after(Duration.ofMillis(-1))).build());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 300, "took " + ms + " ms");
            assertEquals(0, src.calls.get(), "a stage with no time left is not started");
            assertArrayEquals(new int[] {5, 6}, r.itemIndices(), "the cheap fallback still answers");
            assertEquals(Set.of(Stage.RECALL, Stage.RANK), r.fallbacks());
            assertTrue(r.notes().get(0).contains("src: timed out after 0 ms (no time left"), r.notes().toString());
            assertTrue(r.notes().get(1).startsWith("rank: timed out after 0 ms"), r.notes().toString());
            assertEquals(0, ranked.get());
        }
    }

    @Test
    void aStageTheSaturatedExecutorRejectsTakesTheFallbackWithoutWaiting() throws Exception {
        StageExecutor stages = StageExecutor.builder("tiny").withThreads(1).withQueueCapacity(1).build();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        ExecutorService others = Executors.newFixedThreadPool(2);
        try (Recommender rec = Recommender.builder("main", new ListSource("c", 1, 2)).withRecallLimit(10)
                .withFallback(new ListSource("popular", 5)).withBudget(Stage.RECALL, Duration.ofSeconds(10)).withExecutor(stages).build()) {
            others.submit(() -> stages.call(() -> {
                busy.countDown();
                release.await();
                return 0;
            }, Deadline.after(Duration.ofSeconds(30))));
            assertTrue(busy.await(10, java.util.concurrent.TimeUnit.SECONDS));
            others.submit(() -> stages.call(() -> 0, Deadline.after(Duration.ofSeconds(30))));
            long until = System.currentTimeMillis() + 5000;
            while (stages.stats().queued() < 1 && System.currentTimeMillis() < until) {
                Thread.sleep(1);
            }
            long t0 = System.nanoTime();
            Recommendation r = rec.recommend(request(2));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 1_000, "waited " + ms + " ms of a 10 s budget");
            assertArrayEquals(new int[] {5}, r.itemIndices());
            assertTrue(r.notes().get(0).startsWith("recall: c: rejected: stage executor 'tiny' is saturated"), r.notes().toString());
        } finally {
            release.countDown();
            others.shutdownNow();
            stages.close();
        }
    }

    @Test
    void badConfigurationIsNamed() {
        ListSource c = new ListSource("c");
        assertEquals("recall", assertThrows(NullPointerException.class, () -> Recommender.builder("x", null).build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Recommender.builder("x", c).withRecallLimit(0).build())
                .getMessage().startsWith("recallLimit: 0"));
        assertThrows(IllegalArgumentException.class, () -> Recommender.builder("x", c).withBudget(Stage.RANK, Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> Recommender.builder("x", c).withCache(0, Duration.ofSeconds(1)).build());
        assertThrows(IllegalArgumentException.class, () -> Recommender.builder(" ", c).build());
        assertThrows(IllegalArgumentException.class, () -> Recommender.builder("x", c).withFallbackReserve(0.95).build());
        assertThrows(IllegalArgumentException.class, () -> Recommender.builder("x", c).withFallbackReserve(-0.1).build());
        assertDoesNotThrow(() -> Recommender.builder("x", c).withRecallLimit(0).withFallbackReserve(2).addReranker(null),
                "setters only store; build() checks");
    }

    @Test
    void experimentAssignsUsersDeterministicallyByWeight() {
        try (Recommender a = Recommender.builder("a", new ListSource("c", 1)).withRecallLimit(10).build();
             Recommender b = Recommender.builder("b", new ListSource("c", 2)).withRecallLimit(10).build()) {
            Experiment ab = Experiment.builder("test-1").addVariant(a, 30).addVariant(b, 70).build();
            int toA = 0;
            for (int u = 0; u < 20_000; u++) {
                Recommender v = ab.variantFor("user" + u);
                assertEquals(v, ab.variantFor("user" + u));
                if (v == a) {
                    toA++;
                }
            }
            assertEquals(0.30, toA / 20_000.0, 0.015);
            Experiment other = Experiment.builder("test-2").addVariant(a, 30).addVariant(b, 70).build();
            int same = 0;
            for (int u = 0; u < 20_000; u++) {
                if (ab.variantFor("user" + u) == other.variantFor("user" + u)) {
                    same++;
                }
            }
            // independent salts: P(same) = 0.3² + 0.7² = 0.58
            assertEquals(0.58, same / 20_000.0, 0.02);
            Recommendation r = ab.recommend(RecRequest.builder(1).withUser("user7", 3).build());
            assertEquals(ab.variantFor("user7").name(), r.variant());
            assertEquals(1, ab.metrics().get(r.variant()).requests());
            assertThrows(IllegalArgumentException.class, () -> Experiment.builder("x").addVariant(a, 1).addVariant(a, 1).build());
            assertThrows(IllegalArgumentException.class, () -> Experiment.builder("x").addVariant(a, 0).build());
            assertThrows(IllegalArgumentException.class, () -> Experiment.builder("x").build());
        }
    }
}
