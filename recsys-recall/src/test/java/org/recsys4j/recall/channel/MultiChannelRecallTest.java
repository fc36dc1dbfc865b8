package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.Provenance;
import org.recsys4j.core.pipeline.RecRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsys4j.recall.channel.Fixture.CATALOG;
import static org.recsys4j.recall.channel.Fixture.LOG;
import static org.recsys4j.recall.channel.Fixture.items;

/** The merger: quotas, fusion order, provenance, exclusions, time budget, failures, concurrency. */
class MultiChannelRecallTest {
    /** A budget no hand-made channel misses even on a loaded machine: these tests check order, not time. */
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    /** A channel answering a fixed list (scores 100, 99, ...), dropping excluded items as the contract says. */
    private record Fixed(String name, int[] list) implements CandidateSource {
        @Override
        public List<Candidate> recall(RecRequest request, int limit) {
            List<Candidate> out = new ArrayList<>();
            for (int item : list) {
                if (out.size() < limit && !request.excludes(item)) {
                    out.add(Candidate.of(item, name, 100 - out.size(), out.size()));
                }
            }
            return out;
        }
    }

    /** A channel breaking the contract: it returns excluded and repeated items. */
    private record Rogue(String name, int[] list) implements CandidateSource {
        @Override
        public List<Candidate> recall(RecRequest request, int limit) {
            List<Candidate> out = new ArrayList<>();
            for (int r = 0; r < list.length; r++) {
                out.add(Candidate.of(list[r], name, -r, r));
            }
            return out;
        }
    }

    /** A channel that sleeps (interruptibly) and records whether it was interrupted. */
    private static final class Slow implements CandidateSource {
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public List<Candidate> recall(RecRequest request, int limit) {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            return List.of(Candidate.of(77, "slow", 1, 0));
        }
    }

    private static final class Throwing implements CandidateSource {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public List<Candidate> recall(RecRequest request, int limit) {
            throw new IllegalStateException("store down");
        }
    }

    @Test
    void weightedReciprocalRankFusionByHand() {
        try (MultiChannelRecall m = MultiChannelRecall.builder().withRrfK(1).withTimeBudget(GENEROUS)
                .add(new Fixed("a", new int[] {10, 11, 12}), 3, 2)
                .add(new Fixed("b", new int[] {11, 13, 10}), 2, 1)   // quota 2: 10 is not taken from b
                .build()) {
            RecallResult res = m.recallWithReport(RecRequest.builder(10).build(), 10);
            List<Candidate> c = res.candidates();
            // 10: 2/2 = 1; 11: 2/3 + 1/2; 12: 2/4; 13: 1/3
            assertArrayEquals(new int[] {11, 10, 12, 13}, items(c));
            assertArrayEquals(new double[] {2.0 / 3 + 0.5, 1, 0.5, 1.0 / 3}, Fixture.scores(c), 1e-12);
            assertEquals(List.of(new Provenance("a", 99, 1), new Provenance("b", 100, 0)), c.get(0).sources());
            assertEquals(List.of("a"), c.get(1).channels());
            assertEquals(List.of("b"), c.get(3).channels());
            assertEquals(3, res.report().channel("a").candidates());
            assertEquals(2, res.report().channel("b").candidates());
            assertEquals(4, res.report().candidates());
            assertTrue(res.report().complete());
            assertArrayEquals(new int[] {11, 10}, items(m.recall(RecRequest.builder(2).build(), 2)));

            // exclusions reach the channels, and the merged list
            RecRequest ex = RecRequest.builder(10).addExcluded(11).build();
            // a: 10, 12 -> 1, 2/3; b: 13, 10 -> 1/2, 1/3
            List<Candidate> e = m.recall(ex, 10);
            assertArrayEquals(new int[] {10, 12, 13}, items(e));
            assertArrayEquals(new double[] {1 + 1.0 / 3, 2.0 / 3, 0.5}, Fixture.scores(e), 1e-12);
        }
    }

    @Test
    void tiesGoToTheBestPositionThenTheFirstChannelThenTheLowerItem() {
        try (MultiChannelRecall m = MultiChannelRecall.builder().withTimeBudget(GENEROUS)
                .add(new Fixed("c", new int[] {31, 40}), 5, 1)
                .add(new Fixed("d", new int[] {30, 41}), 5, 1)
                .build()) {
            assertArrayEquals(new int[] {31, 30, 40, 41}, items(m.recall(RecRequest.builder(4).build(), 4)));
        }
        try (MultiChannelRecall m = MultiChannelRecall.builder().withRrfK(0).withTimeBudget(GENEROUS)
                .add(new Fixed("e", new int[] {5, 6}), 5, 1)      // 5: 1, 6: 1/2
                .add(new Fixed("f", new int[] {8, 7}), 5, 0.5)    // 8: 1/2, 7: 1/4
                .build()) {
            // 6 and 8 tie at 1/2: 8 is at position 0, 6 at position 1
            assertArrayEquals(new int[] {5, 8, 6, 7}, items(m.recall(RecRequest.builder(4).build(), 4)));
        }
    }

    @Test
    void rogueChannelOutputIsCleaned() {
        try (MultiChannelRecall m = MultiChannelRecall.builder().withTimeBudget(GENEROUS)
                .add(new Rogue("rogue", new int[] {1, 2, 1, 3, 4}), 2, 1).build()) {
            RecRequest r = RecRequest.builder(5).addExcluded(2).build();
            RecallResult res = m.recallWithReport(r, 5);
            assertArrayEquals(new int[] {1, 3}, items(res.candidates())); // 2 excluded, the second 1 dropped, quota 2
            assertEquals(2, res.report().channel("rogue").candidates());
        }
    }

    @Test
    void slowChannelIsDroppedAndFailingChannelReported() throws Exception {
        Slow slow = new Slow();
        Duration budget = Duration.ofMillis(300);
        try (MultiChannelRecall m = MultiChannelRecall.builder().withTimeBudget(budget)
                .add(new Fixed("fast", new int[] {1, 2}), 5, 1)
                .add(slow, 5, 5)
                .add(new Throwing(), 5, 1)
                .add(new Fixed("nothing", new int[0]), 5, 1)
                .build()) {
            long t0 = System.nanoTime();
            RecallResult res = m.recallWithReport(RecRequest.builder(5).build(), 5);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < budget.toMillis() + 250, "took " + ms + " ms with a budget of " + budget.toMillis());
            assertTrue(ms >= budget.toMillis() - 5, "returned after " + ms + " ms, before the budget");
            assertArrayEquals(new int[] {1, 2}, items(res.candidates()));
            RecallReport rep = res.report();
            assertEquals(List.of("fast", "slow", "broken", "nothing"),
                    rep.channels().stream().map(ChannelReport::channel).toList());
            assertEquals(ChannelStatus.OK, rep.channel("fast").status());
            assertTrue(rep.channel("fast").error().isEmpty());
            assertEquals(ChannelStatus.TIMED_OUT, rep.channel("slow").status());
            assertEquals(0, rep.channel("slow").candidates());
            assertTrue(rep.channel("slow").latency().toMillis() >= budget.toMillis() - 5);
            assertEquals(ChannelStatus.FAILED, rep.channel("broken").status());
            assertTrue(rep.channel("broken").error().orElseThrow().contains("store down"),
                    rep.channel("broken").error().toString());
            assertEquals(ChannelStatus.EMPTY, rep.channel("nothing").status());
            assertTrue(!rep.complete());
            assertTrue(slow.interrupted.await(2, TimeUnit.SECONDS), "the slow channel was not interrupted");
        }
    }

    @Test
    void manyThreadsGetTheAnswersOfOneThread() throws Exception {
        ItemNeighbors table = ItemNeighbors.builder(LOG).withNeighbors(3)
                .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(1).build();
        try (MultiChannelRecall m = MultiChannelRecall.builder().withTimeBudget(Duration.ofSeconds(10))
                .add(NeighborChannel.builder(table).withName("cf").build(), 4, 2)
                .add(CategoryChannel.builder(CATALOG, "genres", LOG).build(), 4, 1)
                .add(TopRated.builder(10).build().fit(LOG), 4, 1)
                .add(ContentChannel.builder(CATALOG).addAttribute("genres").addBuckets("year", 10).build(), 4, 1.5)
                .add(PopularityChannel.builder(LOG).build(), 2, 0.5)
                .build()) {
            List<RecRequest> requests = new ArrayList<>();
            for (int a = 0; a < 6; a++) {
                for (int b = 0; b < 6; b++) {
                    requests.add(RecRequest.builder(4).withHistory(new int[] {a, b}).withHistoryExcluded(true).build());
                }
            }
            List<List<Candidate>> expected = new ArrayList<>();
            for (RecRequest r : requests) {
                expected.add(m.recall(r, 6));
            }
            assertTrue(expected.get(7).size() > 0);
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    futures.add(callers.submit(() -> {
                        for (int rep = 0; rep < 10; rep++) {
                            for (int i = 0; i < requests.size(); i++) {
                                if (!m.recall(requests.get(i), 6).equals(expected.get(i))) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : futures) {
                    assertTrue(f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    /** A channel that records the deadline it was given and answers one item. */
    private static final class Watching implements CandidateSource {
        final String name;
        volatile org.recsys4j.core.pipeline.Deadline seen;
        final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Watching(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Candidate> recall(RecRequest request, int limit) {
            seen = request.deadline();
            threads.add(Thread.currentThread().getName());
            return List.of(Candidate.of(name.length(), name, 1, 0));
        }
    }

    @Test
    void channelsSeeTheEarlierOfTheBudgetAndTheRequestDeadline() {
        Watching a = new Watching("a");
        try (MultiChannelRecall m = MultiChannelRecall.builder().add(a, 5, 1)
                .withTimeBudget(Duration.ofMillis(500)).build()) {
            m.recall(RecRequest.builder(1).build(), 5);
            assertTrue(a.seen.isBounded() && a.seen.remainingNanos() <= 500_000_000L, a.seen.toString());
            org.recsys4j.core.pipeline.Deadline soon = org.recsys4j.core.pipeline.Deadline.after(Duration.ofMillis(50));
            m.recall(RecRequest.builder(1).withDeadline(soon).build(), 5);
            assertEquals(soon, a.seen);
            // a request already late: no channel runs, each is reported late against the request's deadline
            RecallResult late = m.recallWithReport(RecRequest.builder(1)
                    .withDeadline(org.recsys4j.core.pipeline.Deadline.after(Duration.ofMillis(-1))).build(), 5);
            assertEquals(ChannelStatus.TIMED_OUT, late.report().channel("a").status());
            assertTrue(late.report().channel("a").error().orElseThrow()
                            .startsWith("no answer within the request's deadline"),
                    late.report().channel("a").error().toString());
        }
    }

    @Test
    void aSaturatedSharedExecutorRejectsChannelsAtOnce() throws Exception {
        org.recsys4j.core.pipeline.StageExecutor stages = org.recsys4j.core.pipeline.StageExecutor.builder("recall-test")
                .withThreads(1).withQueueCapacity(1).build();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        ExecutorService others = Executors.newFixedThreadPool(2);
        try (MultiChannelRecall m = MultiChannelRecall.builder().withExecutor(stages)
                .withTimeBudget(Duration.ofSeconds(10))
                .add(new Fixed("x", new int[] {1}), 5, 1).add(new Fixed("y", new int[] {2}), 5, 1).build()) {
            others.submit(() -> stages.call(() -> {
                busy.countDown();
                release.await();
                return 0;
            }, org.recsys4j.core.pipeline.Deadline.after(Duration.ofSeconds(30))));
            assertTrue(busy.await(10, TimeUnit.SECONDS));
            // x takes the one queue slot and waits; y is rejected at once
            long t0 = System.nanoTime();
            Future<RecallResult> pending = others.submit(() -> m.recallWithReport(
                    RecRequest.builder(1).withDeadline(org.recsys4j.core.pipeline.Deadline.after(Duration.ofMillis(300))).build(), 5));
            RecallResult r = pending.get(10, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 300 + 400, "took " + ms + " ms");
            assertEquals(ChannelStatus.TIMED_OUT, r.report().channel("x").status());
            assertEquals(ChannelStatus.REJECTED, r.report().channel("y").status());
            assertTrue(r.report().channel("y").error().orElseThrow().contains("saturated"),
                    r.report().channel("y").error().toString());
            assertEquals(0, r.candidates().size());
            assertTrue(!r.report().complete());
        } finally {
            release.countDown();
            others.shutdownNow();
            stages.close();
        }
    }

    @Test
    void insideAPipelineStageChannelsRunOnTheStageThreadWhenThePoolIsBusy() {
        // one thread shared by the pipeline and the merger: the recall stage holds it, its channels still run
        org.recsys4j.core.pipeline.StageExecutor stages = org.recsys4j.core.pipeline.StageExecutor.builder("shared-one")
                .withThreads(1).withQueueCapacity(4).build();
        Watching a = new Watching("a");
        Watching bb = new Watching("bb");
        try (MultiChannelRecall m = MultiChannelRecall.builder().withExecutor(stages)
                .withTimeBudget(Duration.ofSeconds(10))
                .add(a, 5, 1).add(bb, 5, 1).build()) {
            org.recsys4j.core.pipeline.Recommender rec = org.recsys4j.core.pipeline.Recommender.builder("p", m).withRecallLimit(5)
                    .withExecutor(stages).withBudget(org.recsys4j.core.pipeline.Stage.RECALL, Duration.ofSeconds(10)).build();
            org.recsys4j.core.pipeline.Recommendation r = rec.recommend(RecRequest.builder(2).build());
            assertEquals(List.of(1, 2), java.util.Arrays.stream(r.itemIndices()).boxed().sorted().toList());
            assertTrue(!r.usedFallback(), r.notes().toString());
            assertEquals(1, a.threads.size());
            assertEquals(a.threads, bb.threads);
            assertTrue(a.threads.iterator().next().startsWith(stages.threadNamePrefix()), a.threads.toString());
        } finally {
            stages.close();
        }
    }

    @Test
    void badArguments() {
        Fixed a = new Fixed("a", new int[] {1});
        // add only stores; build() names the bad channel
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MultiChannelRecall.builder().add(a, 0, 1).build())
                .getMessage().startsWith("quota of 'a': 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MultiChannelRecall.builder().add(a, 1, 0).build())
                .getMessage().startsWith("weight of 'a': 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MultiChannelRecall.builder().add(a, 1, Double.NaN)
                .build()).getMessage().startsWith("weight of 'a': NaN"));
        assertEquals("channel name 'a' added twice", assertThrows(IllegalArgumentException.class,
                () -> MultiChannelRecall.builder().add(a, 1, 1).add(a, 1, 1).build()).getMessage());
        assertEquals("channel 1", assertThrows(NullPointerException.class,
                () -> MultiChannelRecall.builder().add(a, 1, 1).add(null, 1, 1).build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MultiChannelRecall.builder().add(a, 1, 1).withTimeBudget(Duration.ZERO).build()).getMessage()
                .startsWith("timeBudget:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MultiChannelRecall.builder().add(a, 1, 1).withRrfK(-1)
                        .build()).getMessage().startsWith("rrfK:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MultiChannelRecall.builder().build()).getMessage()
                .startsWith("channels:"));
        try (MultiChannelRecall m = MultiChannelRecall.builder().add(a, 1, 1).withTimeBudget(GENEROUS).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.recall(RecRequest.builder(1).build(), 0));
            assertTrue(e.getMessage().contains("limit"), e.getMessage());
        }
    }
}
