package org.recsys4j.core.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageExecutorTest {
    /** Scheduling slack of a loaded two-core machine. */
    static final long SLACK_MS = 400;

    /** Returns the live threads whose names start with the prefix. */
    static int liveThreads(String prefix) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) && t.isAlive()) {
                n++;
            }
        }
        return n;
    }

    /** Sleeps {@code millis} without reacting to interruption or any deadline (a stuck native call). */
    static void stubbornly(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() - end < 0) {
            LockSupport.parkNanos(Math.max(1, end - System.nanoTime()));
        }
    }

    @Test
    void aTaskSucceedsFailsOrIsCutAtItsDeadline() {
        StageExecutor ex = StageExecutor.builder("basic").withThreads(2).build();
        try {
            StageExecutor.Result<String> ok = ex.call(() -> "v", Deadline.after(Duration.ofSeconds(5)));
            assertTrue(ok.ok());
            assertEquals("v", ok.value().orElseThrow());
            assertTrue(ok.error().isEmpty());

            StageExecutor.Result<String> failed = ex.call(() -> {
                throw new IllegalStateException("store down");
            }, Deadline.after(Duration.ofSeconds(5)));
            assertEquals(StageExecutor.Status.FAILED, failed.status());
            assertEquals("IllegalStateException: store down", failed.describe());

            AtomicBoolean interrupted = new AtomicBoolean();
            long t0 = System.nanoTime();
            StageExecutor.Result<String> late = ex.call(() -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                return "late";
            }, Deadline.after(Duration.ofMillis(100)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(StageExecutor.Status.TIMED_OUT, late.status());
            assertTrue(ms >= 95 && ms < 100 + SLACK_MS, "returned after " + ms + " ms");
            assertTrue(late.error().orElseThrow() instanceof DeadlineExceededException);
            long until = System.currentTimeMillis() + 2000;
            while (!interrupted.get() && System.currentTimeMillis() < until) {
                Thread.onSpinWait();
            }
            assertTrue(interrupted.get() || late.describe().contains("not started"), late.describe());

            // a task that gives up at its own deadline check is a time-out, not a failure
            StageExecutor.Result<String> gaveUp = ex.call(() -> {
                throw new DeadlineExceededException("hnsw search: deadline passed 0.1 ms ago");
            }, Deadline.after(Duration.ofSeconds(5)));
            assertEquals(StageExecutor.Status.TIMED_OUT, gaveUp.status());
            assertEquals("hnsw search: deadline passed 0.1 ms ago", gaveUp.describe());
        } finally {
            ex.close();
        }
    }

    @Test
    void aPassedDeadlineNeverRunsTheTask() {
        AtomicInteger runs = new AtomicInteger();
        StageExecutor.Result<Integer> r = StageExecutor.common().call(runs::incrementAndGet, Deadline.after(Duration.ofMillis(-1)));
        assertEquals(StageExecutor.Status.TIMED_OUT, r.status());
        assertTrue(r.describe().contains("no time left"), r.describe());
        List<StageExecutor.Result<Integer>> all = StageExecutor.common().callAll(
                List.of(runs::incrementAndGet, runs::incrementAndGet), Deadline.after(Duration.ZERO));
        assertEquals(2, all.size());
        all.forEach(x -> assertEquals(StageExecutor.Status.TIMED_OUT, x.status()));
        assertEquals(0, runs.get());
    }

    @Test
    void aTaskThatEndedHasFreedItsPlaceBeforeItsCallerSeesTheValue() {
        // one thread and one queue slot: a burst of two right after the last answers must find both places free
        StageExecutor ex = StageExecutor.builder("back-to-back").withThreads(1).withQueueCapacity(1).build();
        try {
            for (int i = 0; i < 2_000; i++) {
                int v = i;
                List<StageExecutor.Result<Integer>> r = ex.callAll(List.of(() -> v, () -> -v),
                        Deadline.after(Duration.ofSeconds(10)));
                assertEquals(List.of(v, -v), r.stream().map(x -> x.value().orElseThrow()).toList(),
                        "burst " + i + ": " + r.get(1).describe());
            }
            assertEquals(0, ex.stats().rejected());
        } finally {
            ex.close();
        }
    }

    @Test
    void aSaturatedExecutorQueuesThenRejectsAtOnceAndQueuedTasksNeverStart() throws Exception {
        StageExecutor ex = StageExecutor.builder("saturated").withThreads(2).withQueueCapacity(1).build();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(2);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<StageExecutor.Result<String>>> blockers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                blockers.add(callers.submit(() -> ex.call(() -> {
                    busy.countDown();
                    release.await();
                    return "done";
                }, Deadline.after(Duration.ofSeconds(20)))));
            }
            assertTrue(busy.await(10, TimeUnit.SECONDS));
            // the third waits in the queue
            AtomicInteger queuedRuns = new AtomicInteger();
            Future<StageExecutor.Result<Integer>> queued = callers.submit(() -> ex.call(queuedRuns::incrementAndGet,
                    Deadline.after(Duration.ofMillis(600))));
            long until = System.currentTimeMillis() + 5000;
            while (ex.stats().queued() < 1 && System.currentTimeMillis() < until) {
                Thread.sleep(1);
            }
            assertEquals(1, ex.stats().queued(), ex.stats().toString());
            // the fourth finds threads and queue full: rejected at once, not after its 10 s deadline
            long t0 = System.nanoTime();
            StageExecutor.Result<String> rejected = ex.call(() -> "never", Deadline.after(Duration.ofSeconds(10)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(StageExecutor.Status.REJECTED, rejected.status());
            assertTrue(ms < SLACK_MS, "rejected after " + ms + " ms");
            assertTrue(rejected.describe().contains("saturated (2 of 2 threads busy, 1 of 1 queue slots taken)"),
                    rejected.describe());
            // the queued one times out without ever running, and leaves the queue
            StageExecutor.Result<Integer> q = queued.get(10, TimeUnit.SECONDS);
            assertEquals(StageExecutor.Status.TIMED_OUT, q.status());
            assertTrue(q.describe().contains("not started"), q.describe());
            assertEquals(0, ex.stats().queued());
            release.countDown();
            for (Future<StageExecutor.Result<String>> b : blockers) {
                assertEquals("done", b.get(10, TimeUnit.SECONDS).value().orElseThrow());
            }
            assertEquals(0, queuedRuns.get(), "a task removed from the queue never runs");
            // every place is free again: a burst as large as threads + queue is taken whole
            List<Callable<Integer>> burst = List.of(() -> 1, () -> 2, () -> 3);
            List<StageExecutor.Result<Integer>> all = ex.callAll(burst, Deadline.after(Duration.ofSeconds(10)));
            assertEquals(List.of(1, 2, 3), all.stream().map(r -> r.value().orElseThrow()).toList());
            StageExecutor.Stats s = ex.stats();
            assertEquals(1, s.rejected());
            assertEquals(1, s.timedOut());
            assertEquals(2, s.maxThreads());
        } finally {
            release.countDown();
            callers.shutdownNow();
            ex.close();
        }
    }

    @Test
    void callsFromInsideAStageRunOnTheStageThreadInsteadOfStarving() {
        // one thread: a stage that fans out to three tasks would wait for itself forever on a plain pool
        StageExecutor ex = StageExecutor.builder("nested").withThreads(1).withQueueCapacity(1).build();
        try {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            StageExecutor.Result<List<String>> r = ex.call(() -> {
                List<Callable<String>> parts = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int part = i;
                    parts.add(() -> {
                        threads.add(Thread.currentThread().getName());
                        return "part" + part;
                    });
                }
                List<StageExecutor.Result<String>> rs = ex.callAll(parts, Deadline.after(Duration.ofSeconds(10)));
                return rs.stream().map(x -> x.value().orElseThrow()).toList();
            }, Deadline.after(Duration.ofSeconds(10)));
            assertTrue(r.ok(), r.describe());
            assertEquals(List.of("part0", "part1", "part2"), r.value().orElseThrow());
            assertEquals(1, threads.size(), threads.toString());
            assertTrue(threads.iterator().next().startsWith(ex.threadNamePrefix()), threads.toString());
            assertEquals(0, ex.stats().rejected());
        } finally {
            ex.close();
        }
    }

    @Test
    void stubbornTasksUnderLoadNeverRaiseTheThreadCount() throws Exception {
        StageExecutor ex = StageExecutor.builder("stubborn").withThreads(4).withQueueCapacity(8).build();
        ExecutorService callers = Executors.newFixedThreadPool(32);
        AtomicInteger maxThreads = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                maxThreads.accumulateAndGet(liveThreads(ex.threadNamePrefix()), Math::max);
                LockSupport.parkNanos(2_000_000);
            }
        });
        sampler.start();
        try {
            List<Future<long[]>> fs = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                fs.add(callers.submit(() -> {
                    long worst = 0;
                    long timedOut = 0;
                    for (int i = 0; i < 5; i++) {
                        long t0 = System.nanoTime();
                        StageExecutor.Result<Integer> r = ex.call(() -> {
                            stubbornly(150);   // ignores its deadline and interruption
                            return 1;
                        }, Deadline.after(Duration.ofMillis(30)));
                        worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
                        timedOut += r.ok() ? 0 : 1;
                    }
                    return new long[] {worst, timedOut};
                }));
            }
            long notOk = 0;
            for (Future<long[]> f : fs) {
                long[] w = f.get(60, TimeUnit.SECONDS);
                assertTrue(w[0] < 30 + SLACK_MS, "a caller waited " + w[0] + " ms with a 30 ms deadline");
                notOk += w[1];
            }
            // a task cannot finish within 30 ms; only a caller descheduled past its end (a loaded machine) may
            // find its answer ready and take it
            assertTrue(notOk >= 150, notOk + " of 160 calls not answered in time");
        } finally {
            sampling.set(false);
            sampler.join();
            callers.shutdownNow();
        }
        assertTrue(maxThreads.get() <= 4, "threads: " + maxThreads.get());
        assertTrue(ex.stats().threads() <= 4, ex.stats().toString());
        assertTrue(ex.stats().rejected() > 0, "a saturated pool rejects: " + ex.stats());
        ex.close();
    }

    @Test
    void aClosedExecutorRejectsAndTheCommonOneIgnoresClose() {
        StageExecutor ex = StageExecutor.builder("closing").build();
        ex.close();
        assertEquals(StageExecutor.Status.REJECTED, ex.call(() -> 1, Deadline.after(Duration.ofSeconds(1))).status());
        StageExecutor.common().close();
        assertTrue(StageExecutor.common().call(() -> 1, Deadline.after(Duration.ofSeconds(10))).ok());
        assertEquals(StageExecutor.DEFAULT_THREADS, StageExecutor.common().maxThreads());
        assertEquals("recsys4j-stage-common-", StageExecutor.common().threadNamePrefix());
    }

    @Test
    void badConfigurationIsNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StageExecutor.builder("a b").build()).getMessage()
                .contains("name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StageExecutor.builder("x").withThreads(0).build())
                .getMessage().contains("threads: 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StageExecutor.builder("x").withQueueCapacity(0).build())
                .getMessage().contains("queueCapacity: 0"));
        assertThrows(NullPointerException.class, () -> StageExecutor.builder(null).build());
        assertThrows(IllegalArgumentException.class,
                () -> new StageExecutor.Result<>(StageExecutor.Status.FAILED, null, null, 0));
        assertFalse(new StageExecutor.Result<>(StageExecutor.Status.OK, 1, null, 0).describe().isEmpty());
    }
}
