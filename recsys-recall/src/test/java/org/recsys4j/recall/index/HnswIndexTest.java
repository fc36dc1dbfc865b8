package org.recsys4j.recall.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.testing.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HnswIndexTest {
    private static final int DIM = 16;
    private static final int N = 5000;
    private static final int QUERIES = 100;
    private static final float[] BASE = AnnTestData.clusteredValues(N, DIM, 40, 7);
    private static final float[] QS = AnnTestData.clusteredValues(QUERIES, DIM, 40, 7 + 1000);
    private static final EmbeddingTable TABLE = AnnTestData.table(BASE, DIM);

    private static final java.util.Map<Metric, HnswIndex> SHARED = new java.util.EnumMap<>(Metric.class);

    /** An index built once per metric (one thread: deterministic recall) and shared by tests that do not modify it. */
    private static synchronized HnswIndex shared(Metric metric) {
        return SHARED.computeIfAbsent(metric, m -> build(m, 1));
    }

    private static HnswIndex build(Metric metric, int threads) {
        return HnswIndex.builder(TABLE, metric).withM(16).withEfConstruction(100).withEf(64)
                .withThreads(threads).withSeed(42).build();
    }

    private static float[] query(int q) {
        return Arrays.copyOfRange(QS, q * DIM, (q + 1) * DIM);
    }

    private static double recall(HnswIndex index, Metric metric, int ef, IntPredicate accept) {
        double sum = 0;
        for (int q = 0; q < QUERIES; q++) {
            float[] qv = query(q);
            int[] truth = AnnTestData.exact(TABLE, metric, qv, 10, accept);
            Neighbors nb = index.search(qv, 10, ef, accept);
            assertEquals(10, nb.size());
            for (int i = 1; i < nb.size(); i++) {
                assertTrue(nb.scores()[i - 1] >= nb.scores()[i], "scores non-increasing");
            }
            sum += AnnTestData.recall(nb.rows(), truth, 10);
        }
        return sum / QUERIES;
    }

    @Test
    void recallAtTenOnClusteredVectorsForEveryMetric() {
        for (Metric metric : Metric.values()) {
            HnswIndex index = shared(metric);
            // maximum inner product search is harder (the answers concentrate on the long rows): a wider beam
            int ef = metric == Metric.INNER_PRODUCT ? 128 : 64;
            double r = recall(index, metric, ef, null);
            System.out.println(metric + " ef " + ef + " recall@10 " + r);
            assertTrue(r >= 0.95, metric + " recall@10 " + r);
        }
    }

    @Test
    void keepPrunedConnectionsBuildsAGoodGraphToo() {
        HnswIndex index = HnswIndex.builder(TABLE, Metric.L2).withM(8).withEfConstruction(100).withEf(64)
                .withKeepPrunedConnections(true).withSeed(3).build();
        assertTrue(index.keepPrunedConnections());
        double r = recall(index, Metric.L2, 64, null);
        assertTrue(r >= 0.95, "recall@10 " + r);
    }

    @Test
    void tinySetsAreExactAndKLargerThanSizeReturnsAll() {
        float[] v = AnnTestData.clusteredValues(60, 8, 3, 11);
        EmbeddingTable vt = AnnTestData.table(v, 8);
        for (Metric metric : new Metric[] {Metric.L2, Metric.COSINE}) {
            HnswIndex index = HnswIndex.builder(AnnTestData.table(v, 8), metric).withM(4).withEfConstruction(20)
                    .withSeed(1).build();
            for (int q = 0; q < 10; q++) {
                float[] qv = Arrays.copyOfRange(v, q * 8, q * 8 + 8);
                qv[0] += 0.3f;
                int[] truth = AnnTestData.exact(vt, metric, qv, 60, null);
                Neighbors all = index.search(qv, 100, 60, null);
                assertArrayEquals(truth, all.rows(), metric + " query " + q);
                assertArrayEquals(Arrays.copyOf(truth, 5), index.search(qv, 5, 60, null).rows());
            }
        }
        HnswIndex one = HnswIndex.builder(EmbeddingTable.of(IdIndex.ofStrings("a"), 2, new float[] {1, 2}),
                Metric.L2).build();
        Neighbors nb = one.search(new float[] {1, 1}, 3);
        assertArrayEquals(new int[] {0}, nb.rows());
        assertEquals(-1f, nb.scores()[0]);
        HnswIndex empty = HnswIndex.builder(EmbeddingTable.of(IdIndex.ofStrings(), 2, new float[0]), Metric.L2).build();
        assertEquals(0, empty.search(new float[] {1, 1}, 3).size());
    }

    @Test
    void filterIsRespectedAndStillReturnsK() {
        HnswIndex index = shared(Metric.L2);
        IntPredicate thirds = r -> r % 3 == 0;
        for (int q = 0; q < 20; q++) {
            Neighbors nb = index.search(query(q), 10, thirds);
            assertEquals(10, nb.size());
            for (int r : nb.rows()) {
                assertTrue(thirds.test(r));
            }
        }
        double filtered = recall(index, Metric.L2, 64, thirds);
        System.out.println("L2 filter r % 3 == 0, ef 64: recall@10 " + filtered);
        assertTrue(filtered >= 0.9, "recall@10 " + filtered);
        // a filter accepting only 5 rows: all 5 are found
        IntPredicate five = r -> r % 1000 == 0;
        Neighbors nb = index.search(query(0), 10, five);
        assertArrayEquals(AnnTestData.exact(TABLE, Metric.L2, query(0), 10, five), nb.rows());
    }

    @Test
    void tombstonedRowsAreNeverReturned() {
        HnswIndex index = build(Metric.COSINE, 1);
        for (int q = 0; q < QUERIES; q++) {
            for (int r : index.search(query(q), 3).rows()) {
                index.markDeletedAt(r);
            }
        }
        int first = index.search(query(0), 1, 64, r -> true).rows()[0];
        assertFalse(index.isDeletedAt(first));
        assertTrue(index.markDeletedAt(first));
        assertFalse(index.markDeletedAt(first), "a second deletion of the same row reports false");
        int deleted = index.deletedCount();
        assertTrue(deleted > 0);
        for (int q = 0; q < QUERIES; q++) {
            Neighbors nb = index.search(query(q), 10);
            assertEquals(10, nb.size());
            for (int r : nb.rows()) {
                assertFalse(index.isDeletedAt(r), "deleted row " + r + " returned");
            }
        }
        double live = recall(index, Metric.COSINE, 64, r -> !index.isDeletedAt(r));
        System.out.println("COSINE after " + index.deletedCount() + " deletions, ef 64: recall@10 " + live);
        assertTrue(live >= 0.9, "recall@10 " + live);
    }

    @Test
    void saveAndReadRoundTripGiveIdenticalResults(@TempDir Path dir) throws Exception {
        HnswIndex index = build(Metric.COSINE, 1);
        index.markDeletedAt(17);
        Path file = dir.resolve("i.hnsw");
        index.save(file);
        HnswIndex back = HnswIndex.read(file);
        assertEquals(index.ids(), back.ids());
        assertEquals(Metric.COSINE, back.metric());
        assertEquals(16, back.m());
        assertEquals(100, back.efConstruction());
        assertEquals(64, back.ef());
        assertTrue(back.isDeletedAt(17));
        assertEquals(1, back.deletedCount());
        for (int q = 0; q < QUERIES; q++) {
            assertEquals(index.search(query(q), 10), back.search(query(q), 10));
        }
        HnswIndex viaOpened = HnswIndex.read(IndexFile.open(file));
        assertEquals(index.search(query(3), 5), viaOpened.search(query(3), 5));

        HnswIndex strings = HnswIndex.builder(
                EmbeddingTable.of(IdIndex.ofStrings("x", "y", "z"), 2, new float[] {0, 0, 1, 1, 2, 2}), Metric.L2)
                        .withM(2).build();
        strings.save(file);
        assertEquals(strings.ids(), HnswIndex.read(file).ids());
    }

    @Test
    void corruptOrForeignFilesAreClearErrors(@TempDir Path dir) throws Exception {
        HnswIndex index = HnswIndex.builder(AnnTestData.table(AnnTestData.clusteredValues(200, 8, 4, 3), 8), Metric.L2)
                .withM(4).build();
        Path file = dir.resolve("i.hnsw");
        index.save(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Path bad = dir.resolve("bad.hnsw");
        Files.write(bad, bytes);
        DataFileException e = assertThrows(DataFileException.class, () -> HnswIndex.read(bad));
        assertTrue(e.getMessage().contains("bad.hnsw"), e.getMessage());
        Files.write(bad, Arrays.copyOf(Files.readAllBytes(file), 100));
        assertThrows(DataFileException.class, () -> HnswIndex.read(bad));
        IndexFile.write(bad, "brute-force", 1, out -> out.writeInt(3));
        e = assertThrows(DataFileException.class, () -> HnswIndex.read(bad));
        assertTrue(e.getMessage().contains("kind"), e.getMessage());
        IndexFile.write(bad, HnswIndex.KIND, 99, out -> out.writeInt(3));
        e = assertThrows(DataFileException.class, () -> HnswIndex.read(bad));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
        IndexFile.write(bad, HnswIndex.KIND, 1, out -> out.writeUTF("L2"));
        assertThrows(DataFileException.class, () -> HnswIndex.read(bad));
    }

    @Test
    void concurrentSearchesAgreeWithSequentialOnes() throws Exception {
        HnswIndex index = shared(Metric.L2);
        Neighbors[] expected = new Neighbors[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            expected[q] = index.search(query(q), 10, q % 2 == 0 ? null : r -> r % 2 == 0);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int shift = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 3 * QUERIES; i++) {
                        int q = (i + shift * 17) % QUERIES;
                        Neighbors nb = index.search(query(q), 10, q % 2 == 0 ? null : r -> r % 2 == 0);
                        if (!nb.equals(expected[q])) {
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

    @Test
    void singleThreadBuildIsDeterministic() {
        HnswIndex a = build(Metric.INNER_PRODUCT, 1);
        HnswIndex b = build(Metric.INNER_PRODUCT, 1);
        assertEquals(a.maxLevel(), b.maxLevel());
        for (int q = 0; q < QUERIES; q++) {
            assertEquals(a.search(query(q), 10, 16, null), b.search(query(q), 10, 16, null));
        }
    }

    @Test
    void theDefaultBuildIsReproducible(@TempDir Path dir) throws Exception {
        assertEquals(1, HnswIndex.DEFAULT_THREADS, "a parallel build is not reproducible");
        EmbeddingTable t = AnnTestData.table(AnnTestData.clusteredValues(3000, 16, 30, 8), 16);
        // the file records when the index was built: pinned, the rest of the bytes must be the same
        HnswIndex a = HnswIndex.builder(t, Metric.L2).build();
        HnswIndex b = HnswIndex.builder(t, Metric.L2).build();
        assertEquals(a.info().contentFingerprint(), b.info().contentFingerprint());
        a.withInfo(org.recsys4j.core.testing.Golden.pinned(a.info())).save(dir.resolve("a.r4ji"));
        b.withInfo(org.recsys4j.core.testing.Golden.pinned(b.info())).save(dir.resolve("b.r4ji"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.r4ji")), Files.readAllBytes(dir.resolve("b.r4ji")));
        HnswIndex index = HnswIndex.read(dir.resolve("a.r4ji"));
        assertEquals(HnswIndex.DEFAULT_M, index.m());
        assertEquals(HnswIndex.DEFAULT_EF_CONSTRUCTION, index.efConstruction());
        assertEquals(HnswIndex.DEFAULT_EF, index.ef());
        assertEquals(HnswIndex.DEFAULT_KEEP_PRUNED_CONNECTIONS, index.keepPrunedConnections());
    }

    @Test
    void badArgumentsNameTheArgument() {
        EmbeddingTable t = AnnTestData.table(AnnTestData.clusteredValues(50, 8, 2, 5), 8);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HnswIndex.builder(t, Metric.L2)
                .withM(1).build())
                .getMessage().startsWith("m:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HnswIndex.builder(t, Metric.L2)
                .withEf(0).build())
                .getMessage().startsWith("ef:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> HnswIndex.builder(t, Metric.L2).withEfConstruction(0)
                        .build()).getMessage().startsWith("efConstruction:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HnswIndex.builder(t, Metric.L2)
                .withThreads(0).build())
                .getMessage().startsWith("threads:"));
        assertEquals("table", assertThrows(NullPointerException.class, () -> HnswIndex.builder(null, Metric.L2).build())
                .getMessage());
        assertEquals("metric", assertThrows(NullPointerException.class, () -> HnswIndex.builder(t, null).build())
                .getMessage());
        // setters only store: a bad value set and then corrected is never seen
        assertEquals(4, HnswIndex.builder(t, Metric.L2).withM(1).withM(4).build().m());
        HnswIndex index = HnswIndex.builder(t, Metric.L2).withM(4).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> index.search(new float[7], 3)).getMessage()
                .startsWith("query:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> index.search(new float[8], 0)).getMessage()
                .startsWith("k:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> index.search(new float[8], 3, 0, null))
                .getMessage().startsWith("ef:"));
        assertThrows(IndexOutOfBoundsException.class, () -> index.markDeletedAt(50));
    }

    @Test
    void realBenchmarkSetSubsetReachesRecallTarget() throws Exception {
        Path dir = SharedData.path("bench/ann/base.fvecs").getParent();
        int[] dimOut = new int[1];
        float[] base = AnnTestData.fvecs(dir.resolve("base.fvecs"), 20_000, dimOut);
        int dim = dimOut[0];
        float[] queries = AnnTestData.fvecs(dir.resolve("query.fvecs"), 200, dimOut);
        EmbeddingTable table = AnnTestData.table(base, dim);
        HnswIndex index = HnswIndex.builder(table, Metric.L2).withM(16).withEfConstruction(200).withEf(64)
                .withThreads(2).withSeed(42).build();
        double sum = 0;
        int nq = queries.length / dim;
        for (int q = 0; q < nq; q++) {
            float[] qv = Arrays.copyOfRange(queries, q * dim, (q + 1) * dim);
            sum += AnnTestData.recall(index.search(qv, 10).rows(), AnnTestData.exact(table, Metric.L2, qv, 10, null), 10);
        }
        System.out.println("ANN set, 20k subset, L2 ef 64: recall@10 " + sum / nq);
        assertTrue(sum / nq >= 0.95, "recall@10 " + sum / nq);
    }
}
