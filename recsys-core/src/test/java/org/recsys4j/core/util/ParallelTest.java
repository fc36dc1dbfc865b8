package org.recsys4j.core.util;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {

    @Test
    void everyIndexRunsExactlyOnceForAnyThreadCountAndChunk() {
        for (int threads : new int[]{1, 2, 5}) {
            for (int chunk : new int[]{1, 3, 1000}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(101);
                Parallel.forRange(101, threads, chunk, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < 101; i++) {
                    assertEquals(1, seen.get(i), "index " + i + ", threads " + threads + ", chunk " + chunk);
                }
            }
        }
        Parallel.forRange(0, 2, 1, (from, to) -> {
            throw new AssertionError("no work for n = 0");
        });
    }

    @Test
    void eachWorkerCreatesItsStateOnce() {
        AtomicInteger states = new AtomicInteger();
        AtomicInteger chunks = new AtomicInteger();
        Parallel.forRange(50, 3, 1, () -> new int[]{states.incrementAndGet()}, (s, from, to) -> chunks.incrementAndGet());
        assertEquals(50, chunks.get());
        assertTrue(states.get() >= 1 && states.get() <= 3, "states: " + states.get());
    }

    @Test
    void theFirstFailureIsRethrownAndThreadsAreChecked() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(10, 2, 1, (from, to) -> {
            if (from == 7) {
                throw new IllegalStateException("boom at 7");
            }
        }));
        assertEquals("boom at 7", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parallel.checkThreads(0));
    }

    @org.junit.jupiter.api.Test
    void teamRunsManyLoopsEachIndexOnceAndRethrows() {
        try (Parallel.Team team = Parallel.team(3)) {
            org.junit.jupiter.api.Assertions.assertEquals(3, team.threads());
            for (int round = 0; round < 2000; round++) {
                int n = 1 + round % 97;
                java.util.concurrent.atomic.AtomicIntegerArray hits = new java.util.concurrent.atomic.AtomicIntegerArray(n);
                team.forRange(n, 1 + round % 5, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    org.junit.jupiter.api.Assertions.assertEquals(1, hits.get(i), "round " + round + " index " + i);
                }
            }
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> team.forRange(100, 1, (from, to) -> {
                        if (from == 57) {
                            throw new IllegalStateException("boom 57");
                        }
                    }));
            org.junit.jupiter.api.Assertions.assertEquals("boom 57", e.getMessage());
            int[] after = new int[1];
            team.forRange(10, 1, (from, to) -> {
                synchronized (after) {
                    after[0] += to - from;
                }
            });
            org.junit.jupiter.api.Assertions.assertEquals(10, after[0], "usable after a failure");
        }
    }
}
