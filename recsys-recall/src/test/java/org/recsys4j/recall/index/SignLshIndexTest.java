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

class SignLshIndexTest {
    private static final EmbeddingTable TABLE = AnnTestData.clustered(6000, 32, 40, 1);
    private static final float[][] QUERIES = AnnTestData.queries(TABLE, 100, 2);
    private static final int[][] TRUTH = AnnTestData.truth(TABLE, Metric.COSINE, QUERIES, 10);

    private static int[][] run(SignLshIndex index, int probes) {
        int[][] out = new int[QUERIES.length][];
        for (int i = 0; i < QUERIES.length; i++) {
            out[i] = index.search(QUERIES[i], 10, probes, null).rows();
        }
        return out;
    }

    private static SignLshIndex.Builder setting() {
        return SignLshIndex.builder(TABLE).withBits(16).withSeed(7);
    }

    @Test
    void recallIsHighAndGrowsWithTablesAndProbes() {
        double previous = -1;
        for (int l : new int[] {4, 8, 16}) {
            double r = AnnTestData.recall(TRUTH, run(setting().withTables(l).build(), 4));
            assertTrue(r >= previous, "L=" + l + ": " + r + " < " + previous);
            previous = r;
        }
        assertTrue(previous >= 0.9, "recall@10 at b=16, L=16, 4 probes: " + previous);
        SignLshIndex index = setting().withTables(8).build();
        double r0 = AnnTestData.recall(TRUTH, run(index, 0));
        double r4 = AnnTestData.recall(TRUTH, run(index, 4));
        double r8 = AnnTestData.recall(TRUTH, run(index, 8));
        assertTrue(r0 <= r4 && r4 <= r8 && r8 > r0 + 0.1, "probes 0/4/8: " + r0 + " " + r4 + " " + r8);
        assertTrue(index.candidates(QUERIES[0], 0) <= index.candidates(QUERIES[0], 8));
    }

    @Test
    void filterAppliesToCandidatesAndKMayExceedThem() {
        SignLshIndex index = setting().withTables(16).build();
        Neighbors filtered = index.search(QUERIES[0], 10, 4, r -> r % 2 == 0);
        assertEquals(10, filtered.size());
        int[] exact = AnnTestData.exact(TABLE, Metric.COSINE, QUERIES[0], 10, r -> r % 2 == 0);
        int hits = 0;
        for (int a : exact) {
            for (int b : filtered.rows()) {
                hits += a == b ? 1 : 0;
            }
        }
        assertTrue(hits >= 7, "filtered recall " + hits);
        for (int r : filtered.rows()) {
            assertEquals(0, r % 2);
        }
        int cand = index.candidates(QUERIES[0], 4);
        Neighbors all = index.search(QUERIES[0], 100_000, 4, null);
        assertEquals(cand, all.size());
        assertTrue(cand < TABLE.size());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.scores()[i] <= all.scores()[i - 1]);
        }
    }

    @Test
    void saveLoadSameResultsAndCorruptFileFails(@TempDir Path dir) throws Exception {
        SignLshIndex index = setting().withTables(8).withProbes(2).build();
        Path f = dir.resolve("sign.idx");
        index.save(f);
        SignLshIndex back = SignLshIndex.read(IndexFile.open(f));
        assertEquals(index.ids(), back.ids());
        assertEquals(2, back.probes());
        for (float[] q : QUERIES) {
            assertEquals(index.search(q, 10), back.search(q, 10));
        }
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 20] ^= 8;
        Files.write(f, bytes);
        assertThrows(DataFileException.class, () -> IndexFile.open(f));
        Path e2 = dir.resolve("e2.idx");
        E2LshIndex.builder(TABLE, Metric.COSINE).withTables(1).build().save(e2);
        DataFileException e = assertThrows(DataFileException.class, () -> SignLshIndex.read(IndexFile.open(e2)));
        assertTrue(e.getMessage().contains("sign-lsh"), e.getMessage());
    }

    @Test
    void sameSeedSameResultsOnAnyThreadCount() {
        SignLshIndex a = setting().withTables(6).withThreads(1).build();
        SignLshIndex b = setting().withTables(6).withThreads(2).build();
        SignLshIndex c = setting().withTables(6).withSeed(8).build();
        boolean differs = false;
        for (float[] q : QUERIES) {
            assertEquals(a.search(q, 10, 2, null), b.search(q, 10, 2, null));
            differs |= a.candidates(q, 2) != c.candidates(q, 2);
        }
        assertTrue(differs);
    }

    @Test
    void concurrentSearchesMatchSequential() throws Exception {
        SignLshIndex index = setting().withTables(8).build();
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
                () -> SignLshIndex.builder(TABLE).withBits(0).build()).getMessage().startsWith("b"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SignLshIndex.builder(TABLE).withBits(65).build()).getMessage().startsWith("b"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SignLshIndex.builder(TABLE).withTables(0).build()).getMessage().startsWith("L"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SignLshIndex.builder(TABLE).withBits(4).withProbes(5)
                        .build()).getMessage().startsWith("probes"));
        SignLshIndex index = setting().withTables(2).build();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> index.search(new float[32], 0)).getMessage().startsWith("k"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> index.search(new float[33], 1)).getMessage().startsWith("query"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> index.search(new float[32], 1, 17, null)).getMessage().startsWith("probes"));
    }
}
