package org.recsys4j.recall.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every index kind saves and comes back through the one loader with the same answers. */
class VectorIndexesTest {
    @Test
    void everyKindRoundTripsThroughLoad(@TempDir Path dir) throws IOException {
        EmbeddingTable t = AnnTestData.clustered(2000, 16, 20, 3);
        float[][] queries = AnnTestData.queries(t, 20, 5);
        List<VectorIndex> indexes = List.of(
                BruteForceIndex.of(t, Metric.L2),
                HnswIndex.builder(t, Metric.COSINE).withM(8).withEfConstruction(64).withEf(32).withSeed(1).build(),
                IvfFlatIndex.builder(t, Metric.INNER_PRODUCT).withNlist(16).withNprobe(4).withSeed(1).build(),
                E2LshIndex.builder(t, Metric.L2).withWidth(4).withProjections(4).withTables(8).withSeed(1).build(),
                SignLshIndex.builder(t).withBits(8).withTables(8).withSeed(1).build());
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

    /** A copy of an index file with its body changed and the checksum recomputed, as a crafted file would be. */
    private static byte[] withValidChecksum(byte[] withoutChecksum) {
        CRC32 crc = new CRC32();
        crc.update(withoutChecksum);
        byte[] out = Arrays.copyOf(withoutChecksum, withoutChecksum.length + 8);
        ByteBuffer.wrap(out).putLong(withoutChecksum.length, crc.getValue());
        return out;
    }

    @Test
    void craftedFilesWithAValidChecksumFailCleanly(@TempDir Path dir) throws IOException {
        EmbeddingTable t = AnnTestData.clustered(60, 4, 3, 3);
        List<VectorIndex> indexes = List.of(
                BruteForceIndex.of(t, Metric.L2),
                HnswIndex.builder(t, Metric.COSINE).withM(4).withEfConstruction(16).withEf(8).withSeed(1).build(),
                IvfFlatIndex.builder(t, Metric.INNER_PRODUCT).withNlist(4).withNprobe(2).withSeed(1).build(),
                E2LshIndex.builder(t, Metric.L2).withWidth(4).withProjections(2).withTables(2).withSeed(1).build(),
                SignLshIndex.builder(t).withBits(4).withTables(2).withSeed(1).build());
        int n = 0;
        for (VectorIndex index : indexes) {
            Path good = dir.resolve("good-" + n + ".r4ji");
            index.save(good);
            byte[] bytes = Files.readAllBytes(good);
            byte[] body = Arrays.copyOf(bytes, bytes.length - 8);
            String kind = index.getClass().getSimpleName();
            // trailing bytes
            Path file = dir.resolve("crafted-" + n++ + ".r4ji");
            Files.write(file, withValidChecksum(Arrays.copyOf(body, body.length + 5)));
            DataFileException e = assertThrows(DataFileException.class, () -> VectorIndexes.load(file), kind);
            assertTrue(e.getMessage().contains(file.getFileName().toString()) && e.getMessage().matches(".*(trailing|expected).*"),
                    e.getMessage());
            // every int of the body in turn set to a huge or a negative count: a clear error or a valid index,
            // never an attempt to allocate gigabytes or another exception
            int rejected = 0;
            for (int at = 10; at + 4 <= body.length; at++) {
                for (int value : new int[] {0x7FFF_FFF0, -7}) {
                    byte[] crafted = body.clone();
                    ByteBuffer.wrap(crafted).putInt(at, value);
                    Files.write(file, withValidChecksum(crafted));
                    try {
                        VectorIndexes.load(file);
                    } catch (DataFileException expected) {
                        assertTrue(expected.getMessage().contains(file.getFileName().toString()), expected.getMessage());
                        rejected++;
                    } catch (Throwable other) {
                        fail(kind + ": offset " + at + " set to " + value + " gave " + other, other);
                    }
                }
            }
            assertTrue(rejected > body.length / 2, kind + ": only " + rejected + " crafted files rejected");
        }
    }

    @Test
    void anUnknownKindIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.r4ji");
        IndexFile.write(file, "annoy", 1, out -> out.writeInt(7));
        DataFileException e = assertThrows(DataFileException.class, () -> VectorIndexes.load(file));
        assertTrue(e.getMessage().contains("kind=annoy"), e.getMessage());
    }
}
