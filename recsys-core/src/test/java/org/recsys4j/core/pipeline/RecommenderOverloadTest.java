package org.recsys4j.core.pipeline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Overload: 200 requests from 32 threads against a recall source that will not stop when interrupted
 * (one still honours its deadline, one ignores that too). The executor's threads stay bounded, every
 * request returns within the budget plus scheduling slack with the fallback's answer, and the
 * fallback is reported.
 */
class RecommenderOverloadTest {
    private static final int THREADS = 8;
    private static final Duration BUDGET = Duration.ofMillis(100);
    /** Scheduling slack of a loaded two-core machine; a stuck stage would add its 1.5 s instead. */
    private static final long SLACK_MS = 600;

    /** How the slow source misbehaves. */
    enum Slow {
        /** Ignores interruption, stops at its deadline (a loop that checks {@code request.deadline()}). */
        IGNORES_INTERRUPTS,
        /** Ignores interruption and its deadline: runs 1.5 s whatever happens (a stuck native call). */
        IGNORES_BOTH
    }

    private static CandidateSource slowSource(Slow kind, AtomicInteger running) {
        return new CandidateSource() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public List<Candidate> recall(RecRequest request, int limit) {
                running.incrementAndGet();
                try {
                    long end = System.nanoTime() + 1_500_000_000L;
                    while (System.nanoTime() - end < 0) {
                        if (kind == Slow.IGNORES_INTERRUPTS && request.deadline().expired()) {
                            throw new DeadlineExceededException("slow: deadline passed");
                        }
                        LockSupport.parkNanos(1_000_000);   // returns at once when interrupted: a busy loop then
                    }
                    return List.of(Candidate.of(1, name(), 1, 0));
                } finally {
                    running.decrementAndGet();
                }
            }
        };
    }

    private static final CandidateSource POPULAR = new CandidateSource() {
        @Override
        public String name() {
            return "popular";
        }

        @Override
        public List<Candidate> recall(RecRequest request, int limit) {
            List<Candidate> out = new ArrayList<>();
            for (int item : new int[] {7, 8, 9}) {
                if (!request.excludes(item)) {
                    out.add(Candidate.of(item, name(), 10 - item, out.size()));
                }
            }
            return out;
        }
    };

    @ParameterizedTest
    @EnumSource(Slow.class)
    void aNonInterruptibleStageUnderLoadKeepsThreadsBoundedAndAnswersWithinBudget(Slow kind) throws Exception {
        StageExecutor stages = StageExecutor.builder("overload-" + kind.name().toLowerCase()).withThreads(THREADS)
                .withQueueCapacity(16).build();
        AtomicInteger running = new AtomicInteger();
        Recommender rec = Recommender.builder("overloaded", slowSource(kind, running)).withRecallLimit(50).withFallback(POPULAR)
                .withBudget(Stage.RECALL, BUDGET).withExecutor(stages).withCache(1000, Duration.ofMinutes(5)).build();
        AtomicInteger maxThreads = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                maxThreads.accumulateAndGet(StageExecutorTest.liveThreads(stages.threadNamePrefix()), Math::max);
                maxRunning.accumulateAndGet(running.get(), Math::max);
                LockSupport.parkNanos(2_000_000);
            }
        });
        sampler.start();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Future<long[]>> futures = new ArrayList<>();
        List<Recommendation> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            AtomicInteger next = new AtomicInteger();
            for (int c = 0; c < 32; c++) {
                futures.add(clients.submit(() -> {
                    long worst = 0;
                    int i;
                    while ((i = next.getAndIncrement()) < 200) {
                        RecRequest r = RecRequest.builder(2).withUser("u" + (i % 50), i % 50).withHistory(new int[] {8})
                                .withHistoryExcluded(true).build();
                        long t0 = System.nanoTime();
                        answers.add(rec.recommend(r));
                        worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
                    }
                    return new long[] {worst};
                }));
            }
            for (Future<long[]> f : futures) {
                long worst = f.get(120, TimeUnit.SECONDS)[0];
                assertTrue(worst <= BUDGET.toMillis() + SLACK_MS,
                        kind + ": a request took " + worst + " ms with a " + BUDGET.toMillis() + " ms budget; " + stages.stats());
            }
        } finally {
            clients.shutdownNow();
            sampling.set(false);
            sampler.join();
        }
        assertEquals(200, answers.size());
        for (Recommendation r : answers) {
            assertArrayEquals(new int[] {7, 9}, r.itemIndices(), r.notes().toString());
            assertEquals(Set.of(Stage.RECALL), r.fallbacks());
            assertTrue(r.notes().get(0).startsWith("recall: slow: "), r.notes().toString());
            assertTrue(r.notes().get(0).endsWith("used fallback popular"), r.notes().toString());
            assertTrue(!r.cached(), "fallback answers are never cached");
        }
        assertTrue(maxThreads.get() <= THREADS, kind + ": " + maxThreads.get() + " stage threads");
        assertTrue(maxRunning.get() <= THREADS, kind + ": " + maxRunning.get() + " slow calls at once");
        StageExecutor.Stats s = stages.stats();
        assertTrue(s.threads() <= THREADS, s.toString());
        assertEquals(200, rec.metrics().snapshot().stages().get(Stage.RECALL).fallbacks());
        if (kind == Slow.IGNORES_INTERRUPTS) {
            // a stage that honours its deadline frees its thread right after it
            long until = System.currentTimeMillis() + 5_000;
            while (running.get() > 0 && System.currentTimeMillis() < until) {
                Thread.sleep(5);
            }
            assertEquals(0, running.get());
        } else {
            assertTrue(s.rejected() + s.timedOut() >= 200, "stuck threads: later stages queue or are rejected: " + s);
        }
        stages.close();
    }
}
