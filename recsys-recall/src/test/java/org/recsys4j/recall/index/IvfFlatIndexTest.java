package org.recsys4j.recall.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class IvfFlatIndexTest {
    private static final EmbeddingTable TABLE = AnnTestData.clustered(6000, 32, 40, 1);
    private static final float[][] QUERIES = AnnTestData.queries(TABLE, 100, 2);

    private static int[][] run(IvfFlatIndex index, int nprobe) {
        int[][] out = new int[QUERIES.length][];
        for (int i = 0; i < QUERIES.length; i++) {
            out[i] = index.search(QUERIES[i], 10, nprobe, null).rows();
        }
        return out;
    }

    @Test
    void recallGrowsWithNprobeAndIsExactWithAllLists() {
        for (Metric metric : new Metric[] {Metric.L2, Metric.COSINE}) {
            IvfFlatIndex index = IvfFlatIndex.builder(TABLE, metric).withNlist(64).withSeed(3).build();
            int[][] truth = AnnTestData.truth(TABLE, metric, QUERIES, 10);
            double r1 = AnnTestData.recall(truth, run(index, 1));
            double r4 = AnnTestData.recall(truth, run(index, 4));
            double r16 = AnnTestData.recall(truth, run(index, 16));
            assertTrue(r4 >= r1 - 0.01 && r16 >= r4 - 0.01, metric + ": " + r1 + " " + r4 + " " + r16);
            assertTrue(r16 >= 0.9, metric + " recall@10 at nprobe 16: " + r16);
            assertEquals(1.0, AnnTestData.recall(truth, run(index, 64)), 1e-9, metric + " nprobe = nlist");
        }
    }

    @Test
    void kmeansPlusPlusInitialisationAlsoGivesGoodLists() {
        IvfFlatIndex index = IvfFlatIndex.builder(TABLE, Metric.L2).withNlist(64).withKmeansPlusPlus(true)
                .withSeed(3).build();
        int[][] truth = AnnTestData.truth(TABLE, Metric.L2, QUERIES, 10);
        assertTrue(AnnTestData.recall(truth, run(index, 16)) >= 0.9);
        assertEquals(1.0, AnnTestData.recall(truth, run(index, 64)), 1e-9);
    }

    @Test
    void blockedCentroidDotsEqualOneDotPerCentroid() {
        int k = 37;
        int dim = 11; // not a multiple of 4: the axpy4 sweep and the axpy tail are both used
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
        float[] cent = new float[k * dim];
        float[] x = new float[3 + dim];
        for (int i = 0; i < cent.length; i++) {
            cent[i] = (float) rnd.nextDouble(-1, 1);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        float[] got = new float[k];
        IvfFlatIndex.centroidDots(IvfFlatIndex.transpose(cent, k, dim), x, 3, got);
        for (int c = 0; c < k; c++) {
            double want = 0;
            for (int d = 0; d < dim; d++) {
                want += (double) cent[c * dim + d] * x[3 + d];
            }
            assertEquals(want, got[c], 1e-5, "centroid " + c);
        }
    }

    @Test
    void innerProductIsExactWithAllListsAndGoodWithSome() {
        IvfFlatIndex index = IvfFlatIndex.builder(TABLE, Metric.INNER_PRODUCT).withNlist(32).withSeed(4).build();
        int[][] truth = AnnTestData.truth(TABLE, Metric.INNER_PRODUCT, QUERIES, 10);
        assertEquals(1.0, AnnTestData.recall(truth, run(index, 32)), 1e-9);
        assertTrue(AnnTestData.recall(truth, run(index, 8)) >= 0.7);
    }

    @Test
    void filterAppliesDuringSearchAndKMayExceedCandidates() {
        IvfFlatIndex index = IvfFlatIndex.builder(TABLE, Metric.L2).withNlist(32).build();
        Neighbors n = index.search(QUERIES[0], 10, 32, r -> r % 2 == 0);
        assertEquals(10, n.size());
        assertArrayEquals(AnnTestData.exact(TABLE, Metric.L2, QUERIES[0], 10, r -> r % 2 == 0), n.rows());
        Neighbors few = index.search(QUERIES[0], 10, 32, r -> r < 3);
        assertEquals(3, few.size());
        Neighbors all = index.search(QUERIES[0], 100_000, 1, null);
        assertTrue(all.size() < TABLE.size() && all.size() > 0);
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.scores()[i] <= all.scores()[i - 1]);
        }
    }

    @Test
    void saveLoadSameResultsAndCorruptFileFails(@TempDir Path dir) throws Exception {
        IvfFlatIndex index = IvfFlatIndex.builder(TABLE, Metric.COSINE).withNlist(50).withNprobe(5).build();
        Path f = dir.resolve("ivf.idx");
        index.save(f);
        IvfFlatIndex back = IvfFlatIndex.read(IndexFile.open(f));
        assertEquals(index.ids(), back.ids());
        assertEquals(5, back.nprobe());
        for (float[] q : QUERIES) {
            assertEquals(index.search(q, 10), back.search(q, 10));
        }
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 1;
        Files.write(f, bytes);
        assertThrows(DataFileException.class, () -> IndexFile.open(f));
        Path other = dir.resolve("other.idx");
        IndexFile.write(other, "something-else", 1, out -> out.writeInt(1));
        DataFileException e = assertThrows(DataFileException.class, () -> IvfFlatIndex.read(IndexFile.open(other)));
        assertTrue(e.getMessage().contains("ivf-flat"), e.getMessage());
    }

    @Test
    void sameSeedSameIndexOnAnyThreadCount() {
        IvfFlatIndex a = IvfFlatIndex.builder(TABLE, Metric.L2).withNlist(40).withSeed(9).withThreads(1).build();
        IvfFlatIndex b = IvfFlatIndex.builder(TABLE, Metric.L2).withNlist(40).withSeed(9).withThreads(2).build();
        for (float[] q : QUERIES) {
            assertEquals(a.search(q, 10, 3, null), b.search(q, 10, 3, null));
        }
    }

    @Test
    void concurrentSearchesMatchSequential() throws Exception {
        IvfFlatIndex index = IvfFlatIndex.builder(TABLE, Metric.L2).withNlist(40).build();
        int[][] expected = run(index, 4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[][]>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(pool.submit(() -> run(index, 4)));
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
        EmbeddingTable small = AnnTestData.clustered(20, 4, 2, 1);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> IvfFlatIndex.builder(small, Metric.L2).withNlist(21).build()).getMessage().startsWith("nlist"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> IvfFlatIndex.builder(TABLE, Metric.L2).withNlist(0).build()).getMessage().startsWith("nlist"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> IvfFlatIndex.builder(TABLE, Metric.L2).withNprobe(0)
                        .build()).getMessage().startsWith("nprobe"));
        IvfFlatIndex index = IvfFlatIndex.builder(small, Metric.L2).withNlist(4).build();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> index.search(new float[4], 0)).getMessage().startsWith("k"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> index.search(new float[3], 1)).getMessage().startsWith("query"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> index.search(new float[4], 1, 0, null)).getMessage().startsWith("nprobe"));
    }
}
