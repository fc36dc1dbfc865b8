package org.recsys4j.recall.index;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.DeadlineExceededException;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deadline checks in every index's search: a deadline far away changes no answer, a passed deadline
 * stops a search at once, one that passes during a search stops it before it is done, and an interrupted
 * thread stops it too.
 */
class IndexDeadlineTest {
    private static final int DIM = 16;
    private static final int N = 5000;
    private static final EmbeddingTable TABLE = AnnTestData.clustered(N, DIM, 40, 11);
    private static final float[][] QUERIES = AnnTestData.queries(TABLE, 40, 12);
    private static final Map<String, VectorIndex> INDEXES = indexes();

    private static Map<String, VectorIndex> indexes() {
        Map<String, VectorIndex> m = new LinkedHashMap<>();
        m.put("brute-force", BruteForceIndex.of(TABLE, Metric.COSINE));
        m.put("hnsw", HnswIndex.builder(TABLE, Metric.COSINE).withM(16).withEfConstruction(100).withEf(64)
                .withThreads(2).withSeed(5).build());
        m.put("ivf", IvfFlatIndex.builder(TABLE, Metric.COSINE).withNlist(32).withNprobe(8).withSeed(3).build());
        m.put("e2lsh", E2LshIndex.builder(TABLE, Metric.COSINE).withWidth(1.5).withProjections(12)
                .withSeed(7).build());
        m.put("sign-lsh", SignLshIndex.builder(TABLE).withSeed(7).build());
        return m;
    }

    @Test
    void aDeadlineFarAwayChangesNoAnswer() {
        Deadline far = Deadline.after(Duration.ofMinutes(10));
        for (Map.Entry<String, VectorIndex> e : INDEXES.entrySet()) {
            VectorIndex index = e.getValue();
            for (int q = 0; q < QUERIES.length; q++) {
                IntPredicate odd = r -> (r & 1) == 1;
                Neighbors plain = index.search(QUERIES[q], 10, odd);
                Neighbors timed = index.search(QUERIES[q], 10, odd, far);
                assertArrayEquals(plain.rows(), timed.rows(), e.getKey() + " query " + q);
                assertArrayEquals(plain.scores(), timed.scores(), e.getKey() + " query " + q);
                assertArrayEquals(plain.rows(), index.search(QUERIES[q], 10, odd, Deadline.none()).rows());
            }
        }
    }

    @Test
    void aPassedDeadlineOrAnInterruptStopsEverySearchAtOnce() {
        Deadline passed = Deadline.after(Duration.ofMillis(-1));
        for (Map.Entry<String, VectorIndex> e : INDEXES.entrySet()) {
            AtomicInteger tested = new AtomicInteger();
            long t0 = System.nanoTime();
            DeadlineExceededException x = assertThrows(DeadlineExceededException.class,
                    () -> e.getValue().search(QUERIES[0], 10, r -> tested.incrementAndGet() >= 0, passed), e.getKey());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 100, e.getKey());
            assertEquals(0, tested.get(), e.getKey() + " searched after its deadline");
            assertTrue(x.getMessage().contains("deadline passed"), x.getMessage());
            Thread.currentThread().interrupt();
            try {
                assertThrows(CancellationException.class, () -> e.getValue().search(QUERIES[0], 10, null, Deadline.none()),
                        e.getKey());
            } finally {
                Thread.interrupted();
            }
            assertEquals(10, e.getValue().search(QUERIES[0], 10, null, Deadline.none()).size(), e.getKey());
        }
    }

    /** A filter that rejects every row (so a graph search explores everything) and stalls once, early. */
    private static final class StallingFilter implements IntPredicate {
        final AtomicInteger calls = new AtomicInteger();
        final int stallAt;
        final long stallMillis;

        StallingFilter(int stallAt, long stallMillis) {
            this.stallAt = stallAt;
            this.stallMillis = stallMillis;
        }

        @Override
        public boolean test(int row) {
            if (calls.incrementAndGet() == stallAt) {
                try {
                    Thread.sleep(stallMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return false;
        }
    }

    @Test
    void aDeadlinePassingDuringASearchStopsItBeforeTheEnd() {
        for (String kind : new String[] {"hnsw", "brute-force", "ivf"}) {
            VectorIndex index = kind.equals("ivf") ? IvfFlatIndex.builder(TABLE, Metric.COSINE).withNlist(32)
                    .withNprobe(32).withSeed(3).build()
                    : INDEXES.get(kind);
            // with no deadline, a filter rejecting everything makes the search test every row
            StallingFilter full = new StallingFilter(-1, 0);
            assertEquals(0, index.search(QUERIES[1], 10, full, Deadline.none()).size());
            assertTrue(full.calls.get() >= N * 0.95, kind + ": " + full.calls.get() + " rows tested");
            // the deadline passes while the filter stalls early: the search stops at its next check
            StallingFilter stall = new StallingFilter(50, 60);
            Deadline soon = Deadline.after(Duration.ofMillis(20));
            assertThrows(DeadlineExceededException.class, () -> index.search(QUERIES[1], 10, stall, soon), kind);
            assertTrue(stall.calls.get() < full.calls.get(), kind + ": tested " + stall.calls.get() + " of "
                    + full.calls.get() + " rows after its deadline passed");
            assertFalse(Thread.currentThread().isInterrupted());
        }
    }

    @Test
    void theHnswSearchChecksEvery256Expansions() {
        assertEquals(256, HnswIndex.CHECK_EVERY);
        assertEquals(0, HnswIndex.CHECK_EVERY & (HnswIndex.CHECK_EVERY - 1), "a power of two for the mask");
        HnswIndex hnsw = (HnswIndex) INDEXES.get("hnsw");
        // the knob variants check too
        assertThrows(DeadlineExceededException.class,
                () -> hnsw.search(QUERIES[2], 5, 128, null, Deadline.after(Duration.ofMillis(-1))));
        assertEquals(Arrays.toString(hnsw.search(QUERIES[2], 5, 128, null).rows()),
                Arrays.toString(hnsw.search(QUERIES[2], 5, 128, null, Deadline.after(Duration.ofMinutes(1))).rows()));
    }
}
