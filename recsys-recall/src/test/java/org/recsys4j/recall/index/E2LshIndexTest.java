package org.recsys4j.recall.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

class E2LshIndexTest {
    private static final EmbeddingTable TABLE = AnnTestData.clustered(6000, 32, 40, 1);
    private static final float[][] QUERIES = AnnTestData.queries(TABLE, 100, 2);

    private static int[][] run(E2LshIndex index, int probes) {
        int[][] out = new int[QUERIES.length][];
        for (int i = 0; i < QUERIES.length; i++) {
            out[i] = index.search(QUERIES[i], 10, probes, null).rows();
        }
        return out;
    }

    private static E2LshIndex.Builder setting(Metric metric) {
        return E2LshIndex.builder(TABLE, metric).withWidth(metric == Metric.L2 ? 26.5 : 1.5)
                .withProjections(12).withSeed(7);
    }

    @Test
    void recallIsHighAndGrowsWithTablesAndProbes() {
        for (Metric metric : new Metric[] {Metric.L2, Metric.COSINE}) {
            int[][] truth = AnnTestData.truth(TABLE, metric, QUERIES, 10);
            double previous = -1;
            for (int l : new int[] {4, 8, 16}) {
                double r = AnnTestData.recall(truth, run(setting(metric).withTables(l).build(), 4));
                assertTrue(r >= previous, metric + " L=" + l + ": " + r + " < " + previous);
                previous = r;
            }
            assertTrue(previous >= 0.85, metric + " recall@10 at L=16, 4 probes: " + previous);
            E2LshIndex index = setting(metric).withTables(8).build();
            double r0 = AnnTestData.recall(truth, run(index, 0));
            double r4 = AnnTestData.recall(truth, run(index, 4));
            double r8 = AnnTestData.recall(truth, run(index, 8));
            assertTrue(r0 <= r4 && r4 <= r8 && r8 > r0 + 0.1, metric + " probes 0/4/8: " + r0 + " " + r4 + " " + r8);
            assertTrue(index.candidates(QUERIES[0], 0) <= index.candidates(QUERIES[0], 8));
        }
    }

    @Test
    void tuneReachesTheTargetOnTheSample() {
        E2LshIndex.Tuning tuning = E2LshIndex.tune(TABLE, Metric.L2, 0.9, 100, 5);
        assertTrue(tuning.reached() && tuning.recall() >= 0.9, tuning.toString());
        assertTrue(tuning.candidates() < TABLE.size() / 5.0, tuning.toString());
        int[][] truth = AnnTestData.truth(TABLE, Metric.L2, QUERIES, 10);
        double r = AnnTestData.recall(truth, run(tuning.builder(TABLE).build(), tuning.probes()));
        assertTrue(r >= 0.75, "recall@10 of the tuned setting on noisy queries: " + r + ", " + tuning);
    }

    @Test
    void filterAppliesToCandidatesAndKMayExceedThem() {
        E2LshIndex index = setting(Metric.L2).withTables(16).build();
        Neighbors n = index.search(QUERIES[0], 10, 4, r -> r % 2 == 0);
        assertTrue(n.size() > 0);
        for (int r : n.rows()) {
            assertEquals(0, r % 2);
        }
        Neighbors filtered = index.search(QUERIES[0], 10, 4, r -> r % 2 == 0);
        int[] exact = AnnTestData.exact(TABLE, Metric.L2, QUERIES[0], 10, r -> r % 2 == 0);
        int hits = 0;
        for (int a : exact) {
            for (int b : filtered.rows()) {
                hits += a == b ? 1 : 0;
            }
        }
        assertTrue(hits >= 7, "filtered recall " + hits);
        int cand = index.candidates(QUERIES[0], 4);
        Neighbors all = index.search(QUERIES[0], 100_000, 4, null);
        assertEquals(cand, all.size());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.scores()[i] <= all.scores()[i - 1]);
        }
        assertEquals(0, index.search(QUERIES[0], 10, 4, r -> false).size());
    }

    @Test
    void saveLoadSameResultsAndCorruptFileFails(@TempDir Path dir) throws Exception {
        E2LshIndex index = setting(Metric.COSINE).withTables(8).withProbes(3).build();
        Path f = dir.resolve("e2lsh.idx");
        index.save(f);
        E2LshIndex back = E2LshIndex.read(IndexFile.open(f));
        assertEquals(index.ids(), back.ids());
        assertEquals(3, back.probes());
        for (float[] q : QUERIES) {
            assertEquals(index.search(q, 10), back.search(q, 10));
        }
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 3] ^= 4;
        Files.write(f, bytes);
        assertThrows(DataFileException.class, () -> IndexFile.open(f));
        Path ivf = dir.resolve("ivf.idx");
        IvfFlatIndex.builder(TABLE, Metric.L2).withNlist(4).build().save(ivf);
        DataFileException e = assertThrows(DataFileException.class, () -> E2LshIndex.read(IndexFile.open(ivf)));
        assertTrue(e.getMessage().contains("e2lsh"), e.getMessage());
    }

    @Test
    void sameSeedSameResultsOnAnyThreadCountOtherSeedDiffers() {
        E2LshIndex a = setting(Metric.L2).withTables(6).withThreads(1).build();
        E2LshIndex b = setting(Metric.L2).withTables(6).withThreads(2).build();
        E2LshIndex c = setting(Metric.L2).withTables(6).withSeed(8).build();
        boolean differs = false;
        for (float[] q : QUERIES) {
            assertEquals(a.search(q, 10, 2, null), b.search(q, 10, 2, null));
            differs |= a.candidates(q, 2) != c.candidates(q, 2);
        }
        assertTrue(differs);
    }

    @Test
    void concurrentSearchesMatchSequential() throws Exception {
        E2LshIndex index = setting(Metric.L2).withTables(8).build();
        int[][] expected = run(index, 2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[][]>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(pool.submit(() -> run(index, 2)));
            }
            for (Future<int[][]> f : fs) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void badArgumentsNameTheArgument() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> E2LshIndex.builder(TABLE, Metric.L2).withWidth(0).build()).getMessage().startsWith("w"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> E2LshIndex.builder(TABLE, Metric.L2).withWidth(Double.NaN)
                        .build()).getMessage().startsWith("w"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> E2LshIndex.builder(TABLE, Metric.L2).withProjections(0).build()).getMessage().startsWith("k"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> E2LshIndex.builder(TABLE, Metric.L2).withTables(0).build()).getMessage().startsWith("L"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> E2LshIndex.builder(TABLE, Metric.L2).withProbes(-1).build()).getMessage().startsWith("probes"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> E2LshIndex.builder(TABLE, Metric.INNER_PRODUCT).build()).getMessage().startsWith("metric"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> E2LshIndex.tune(TABLE, Metric.L2, 1.5, 10, 1)).getMessage().startsWith("targetRecall"));
        E2LshIndex index = setting(Metric.L2).withTables(2).build();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> index.search(new float[32], 0)).getMessage().startsWith("k"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> index.search(new float[31], 1)).getMessage().startsWith("query"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> index.search(new float[32], 1, 25, null)).getMessage().startsWith("probes"));
    }
}
