package org.recsys4j.recall.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BruteForceIndexTest {
    /** Five rows of dim 2: (1,0) (0,1) (2,0) (1,1) (-1,0). */
    private static EmbeddingTable tiny() {
        return EmbeddingTable.of(IdIndex.ofLongs(10, 11, 12, 13, 14), 2,
                new float[] {1, 0, 0, 1, 2, 0, 1, 1, -1, 0});
    }

    private static final float[] Q = {1, 0};

    @Test
    void l2KnownAnswerBreaksTiesByLowerRow() {
        Neighbors n = BruteForceIndex.of(tiny(), Metric.L2).search(Q, 5);
        assertArrayEquals(new int[] {0, 2, 3, 1, 4}, n.rows());
        assertArrayEquals(new float[] {0, -1, -1, -2, -4}, n.scores(), 1e-6f);
    }

    @Test
    void innerProductKnownAnswer() {
        Neighbors n = BruteForceIndex.of(tiny(), Metric.INNER_PRODUCT).search(Q, 5);
        assertArrayEquals(new int[] {2, 0, 3, 1, 4}, n.rows());
        assertArrayEquals(new float[] {2, 1, 1, 0, -1}, n.scores(), 1e-6f);
    }

    @Test
    void cosineKnownAnswerNormalisesRowsAndQuery() {
        BruteForceIndex index = BruteForceIndex.of(tiny(), Metric.COSINE);
        Neighbors n = index.search(new float[] {3, 0}, 5);
        assertArrayEquals(new int[] {0, 2, 3, 1, 4}, n.rows());
        assertArrayEquals(new float[] {1, 1, (float) Math.sqrt(0.5), 0, -1}, n.scores(), 1e-6f);
    }

    @Test
    void filterExcludesRowsAndStillReturnsK() {
        Neighbors n = BruteForceIndex.of(tiny(), Metric.L2).search(Q, 3, r -> r != 0 && r != 2);
        assertArrayEquals(new int[] {3, 1, 4}, n.rows());
    }

    @Test
    void kLargerThanSizeReturnsEveryAcceptedRow() {
        BruteForceIndex index = BruteForceIndex.of(tiny(), Metric.L2);
        assertEquals(5, index.search(Q, 100).size());
        assertEquals(2, index.search(Q, 100, r -> r >= 3).size());
    }

    @Test
    void badArgumentsNameTheArgument() {
        BruteForceIndex index = BruteForceIndex.of(tiny(), Metric.L2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> index.search(new float[] {1, 2, 3}, 5));
        assertTrue(e.getMessage().startsWith("query: dimension 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> index.search(Q, 0));
        assertTrue(e.getMessage().startsWith("k: 0"), e.getMessage());
    }

    private static EmbeddingTable random(int n, int dim, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
        }
        return EmbeddingTable.of(IdIndex.ofLongs(ids), dim, v);
    }

    private static float[][] queries(int n, int dim, long seed) {
        Random rnd = new Random(seed);
        float[][] q = new float[n][dim];
        for (float[] row : q) {
            for (int j = 0; j < dim; j++) {
                row[j] = (float) rnd.nextGaussian();
            }
        }
        return q;
    }

    @Test
    void concurrentSearchesGiveIdenticalAnswers() throws Exception {
        BruteForceIndex index = BruteForceIndex.of(random(2000, 16, 1), Metric.COSINE);
        float[][] qs = queries(40, 16, 2);
        Neighbors[] expected = new Neighbors[qs.length];
        for (int i = 0; i < qs.length; i++) {
            expected[i] = index.search(qs[i], 10);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Neighbors[]>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    Neighbors[] got = new Neighbors[qs.length];
                    for (int i = 0; i < qs.length; i++) {
                        got[i] = index.search(qs[i], 10);
                    }
                    return got;
                }));
            }
            for (Future<Neighbors[]> f : futures) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(expected, VectorIndexes.searchAll(index, qs, 10, 2));
    }

    @Test
    void searchBatchGivesTheSameAnswersAsOneQueryAtATime() {
        float[][] qs = queries(45, 16, 6);
        for (Metric m : Metric.values()) {
            BruteForceIndex index = BruteForceIndex.of(random(1500, 16, 7), m);
            Neighbors[] expected = new Neighbors[qs.length];
            for (int i = 0; i < qs.length; i++) {
                expected[i] = index.search(qs[i], 12);
            }
            assertArrayEquals(expected, index.searchBatch(qs, 12, 1), m.toString());
            assertArrayEquals(expected, index.searchBatch(qs, 12, 2), m.toString());
        }
        BruteForceIndex index = BruteForceIndex.of(tiny(), Metric.L2);
        assertEquals(5, index.searchBatch(new float[][] {Q}, 50, 1)[0].size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> index.searchBatch(new float[][] {Q, {1}}, 3, 1));
        assertTrue(e.getMessage().startsWith("queries[1]: query: dimension 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> index.searchBatch(new float[][] {Q}, 3, 0));
        assertTrue(e.getMessage().startsWith("threads: 0"), e.getMessage());
    }

    @Test
    void saveAndLoadRoundTripForEveryMetricAndIdKind(@TempDir Path dir) throws IOException {
        EmbeddingTable numeric = random(300, 8, 3);
        float[] values = new float[300 * 8];
        String[] names = new String[300];
        for (int r = 0; r < 300; r++) {
            numeric.row(r, new float[8]);
            System.arraycopy(numeric.vector(r), 0, values, r * 8, 8);
            names[r] = "item-" + r;
        }
        EmbeddingTable text = EmbeddingTable.of(IdIndex.ofStrings(names), 8, values);
        float[][] qs = queries(20, 8, 4);
        for (EmbeddingTable table : List.of(numeric, text)) {
            for (Metric m : Metric.values()) {
                BruteForceIndex index = BruteForceIndex.of(table, m);
                Path file = dir.resolve(m + "-" + table.ids().isNumeric() + ".r4ji");
                index.save(file);
                VectorIndex loaded = VectorIndexes.load(file);
                assertEquals(m, loaded.metric());
                assertEquals(8, loaded.dim());
                assertEquals(table.ids(), loaded.ids());
                for (float[] q : qs) {
                    assertEquals(index.search(q, 7), loaded.search(q, 7));
                }
            }
        }
    }

    @Test
    void corruptTruncatedOrUnknownFilesAreDataFormatErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("i.r4ji");
        BruteForceIndex.of(random(50, 4, 5), Metric.L2).save(file);
        byte[] bytes = Files.readAllBytes(file);

        byte[] corrupt = bytes.clone();
        corrupt[bytes.length / 2] ^= 0x10;
        Path c = dir.resolve("corrupt.r4ji");
        Files.write(c, corrupt);
        DataFileException e = assertThrows(DataFileException.class, () -> VectorIndexes.load(c));
        assertTrue(e.getMessage().startsWith("corrupt.r4ji"), e.getMessage());

        Path t = dir.resolve("truncated.r4ji");
        Files.write(t, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        e = assertThrows(DataFileException.class, () -> VectorIndexes.load(t));
        assertTrue(e.getMessage().startsWith("truncated.r4ji"), e.getMessage());

        Path u = dir.resolve("unknown.r4ji");
        IndexFile.write(u, "no-such-kind", 1, out -> out.writeInt(1));
        e = assertThrows(DataFileException.class, () -> VectorIndexes.load(u));
        assertTrue(e.getMessage().contains("no-such-kind") && e.getMessage().contains("unknown index kind"),
                e.getMessage());

        Path v = dir.resolve("version.r4ji");
        IndexFile.write(v, BruteForceIndex.KIND, 99, out -> out.writeInt(1));
        e = assertThrows(DataFileException.class, () -> VectorIndexes.load(v));
        assertTrue(e.getMessage().contains("version=99"), e.getMessage());
    }

    @Test
    void exactOnProtocolASetForTheFirst100Queries() throws IOException {
        Path set = SharedData.path("bench/ann/base.fvecs").getParent();
        EmbeddingTable base = Texmex.readFvecs(set.resolve("base.fvecs")).toTable();
        Texmex.Vecs queries = Texmex.readFvecs(set.resolve("query.fvecs"));
        for (String m : new String[] {"l2", "cos"}) {
            int[][] gt = Texmex.readIvecs(set.resolve("gt_" + m + ".ivecs"));
            BruteForceIndex index = BruteForceIndex.of(base, m.equals("l2") ? Metric.L2 : Metric.COSINE);
            float[][] qs = new float[100][];
            for (int i = 0; i < 100; i++) {
                qs[i] = queries.row(i);
            }
            Neighbors[] got = VectorIndexes.searchAll(index, qs, 10, 2);
            for (int i = 0; i < 100; i++) {
                Set<Integer> truth = new HashSet<>();
                for (int j = 0; j < 10; j++) {
                    truth.add(gt[i][j]);
                }
                for (int r : got[i].rows()) {
                    assertTrue(truth.contains(r), m + " query " + i + ": row " + r + " not in the true top 10");
                }
                assertEquals(10, got[i].size());
            }
        }
    }
}
