package org.recsys4j.recall.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFormatException;
import org.recsys4j.core.data.EmbeddingTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every index kind saves and comes back through the one loader with the same answers. */
class VectorIndexesTest {
    @Test
    void everyKindRoundTripsThroughLoad(@TempDir Path dir) throws IOException {
        EmbeddingTable t = AnnTestData.clustered(2000, 16, 20, 3);
        float[][] queries = AnnTestData.queries(t, 20, 5);
        List<VectorIndex> indexes = List.of(
                BruteForceIndex.build(t, Metric.L2),
                HnswIndex.builder().m(8).efConstruction(64).ef(32).seed(1).build(t, Metric.COSINE),
                IvfFlatIndex.builder(Metric.INNER_PRODUCT).nlist(16).nprobe(4).seed(1).build(t),
                E2LshIndex.builder(Metric.L2).width(4).projections(4).tables(8).seed(1).build(t),
                SignLshIndex.builder().bits(8).tables(8).seed(1).build(t));
        int n = 0;
        for (VectorIndex index : indexes) {
            Path file = dir.resolve("index-" + n++ + ".r4ji");
            index.save(file);
            VectorIndex back = VectorIndexes.load(file);
            assertEquals(index.getClass(), back.getClass());
            assertEquals(index.metric(), back.metric());
            assertEquals(index.size(), back.size());
            for (float[] q : queries) {
                Neighbors a = index.search(q, 10);
                Neighbors b = back.search(q, 10);
                assertArrayEquals(a.rows(), b.rows(), index.getClass().getSimpleName());
                assertArrayEquals(a.scores(), b.scores(), index.getClass().getSimpleName());
            }
        }
    }

    @Test
    void anUnknownKindIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.r4ji");
        IndexFile.write(file, "annoy", 1, out -> out.writeInt(7));
        DataFormatException e = assertThrows(DataFormatException.class, () -> VectorIndexes.load(file));
        assertTrue(e.getMessage().contains("kind=annoy"), e.getMessage());
    }
}
