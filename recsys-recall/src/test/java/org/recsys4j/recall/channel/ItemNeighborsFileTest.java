package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.testing.Golden;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsys4j.recall.channel.Fixture.LOG;

/** The saved neighbour table: round trip, and clear errors for corrupt, truncated or foreign files. */
class ItemNeighborsFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryListAndWeight() throws Exception {
        ItemNeighbors cf = ItemNeighbors.builder(LOG).withNeighbors(3)
                .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(1).build();
        Path file = dir.resolve("cf.bin");
        cf.save(file);
        ItemNeighbors back = ItemNeighbors.read(file);
        assertEquals(cf.numItems(), back.numItems());
        for (int i = 0; i < cf.numItems(); i++) {
            assertArrayEquals(cf.neighbors(i), back.neighbors(i), "item " + i);
            assertArrayEquals(cf.weights(i), back.weights(i), "item " + i);
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    /** The fixture's table (cosine, top 3) with its creation time and library version pinned. */
    static ItemNeighbors golden() {
        ItemNeighbors cf = ItemNeighbors.builder(LOG).withNeighbors(3)
                .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(1).build();
        return cf.withInfo(Golden.pinned(cf.info()));
    }

    /**
     * Golden files ({@link Golden}): the co-occurrence table of the fixture (cosine, top 3) is written byte for byte
     * as committed in version 2 (info block and item ids), and the committed files of versions 2 and 1 read back
     * with the known neighbours and weights (version 1 without ids).
     */
    @Test
    void theGoldenFilesAreWrittenAsCommittedAndReadWithKnownAnswers() throws Exception {
        ItemNeighbors cf = golden();
        Path v2 = Golden.check("item-neighbors/cosine-top3-v2.nbr", cf::save);
        ItemNeighbors back2 = ItemNeighbors.read(v2);
        assertEquals(LOG.items(), back2.items().orElseThrow());
        assertEquals(cf.info(), back2.info());
        assertEquals(back2.info(), org.recsys4j.core.data.ArtifactInfo.read(v2));
        assertEquals(org.recsys4j.core.data.Fingerprints.interactions(LOG), back2.info().input("data").orElseThrow());
        assertEquals("3", back2.info().settings().get("neighbors"));
        ItemNeighbors back = ItemNeighbors.read(Golden.file("item-neighbors/cosine-top3-v1.nbr"));
        assertTrue(back.items().isEmpty(), "a version-1 file records no ids");
        assertTrue(!back.info().recorded());
        for (int i = 0; i < cf.numItems(); i++) {
            assertArrayEquals(back.neighbors(i), back2.neighbors(i), "item " + i);
            assertArrayEquals(back.weights(i), back2.weights(i), "item " + i);
        }
        assertEquals(6, back.numItems());
        // users' items: {0,1,2}, {0,1,3}, {1,3,4}, {0}; users per item n = 3, 3, 1, 2, 1, 0
        assertArrayEquals(new int[] {1, 2, 3}, back.neighbors(0));
        assertArrayEquals(new float[] {(float) (2 / 3.0), (float) (1 / Math.sqrt(3)), (float) (1 / Math.sqrt(6))},
                back.weights(0), 1e-7f);
        assertArrayEquals(new int[] {1, 4, 0}, back.neighbors(3));
        assertArrayEquals(new float[] {(float) (2 / Math.sqrt(6)), (float) (1 / Math.sqrt(2)), (float) (1 / Math.sqrt(6))},
                back.weights(3), 1e-7f);
        assertArrayEquals(new int[0], back.neighbors(5));
        for (int i = 0; i < cf.numItems(); i++) {
            assertArrayEquals(cf.neighbors(i), back.neighbors(i), "item " + i);
            assertArrayEquals(cf.weights(i), back.weights(i), "item " + i);
        }
    }

    @Test
    void damagedCopiesOfTheGoldenFileNameTheFile() throws Exception {
        byte[] good = Files.readAllBytes(Golden.check("item-neighbors/cosine-top3-v2.nbr", golden()::save));
        byte[][] damaged = {java.util.Arrays.copyOf(good, good.length - 3), flip(good, good.length / 2), flip(good, 2),
                org.recsys4j.recall.index.IndexGoldenTest.withVersion(good, 3)};
        String[] fields = {"checksum", "checksum", "magic", "version"};
        for (int i = 0; i < damaged.length; i++) {
            Path f = dir.resolve("damaged-" + i + ".nbr");
            Files.write(f, damaged[i]);
            DataFileException e = assertThrows(DataFileException.class, () -> ItemNeighbors.read(f));
            assertTrue(e.getMessage().startsWith("damaged-" + i + ".nbr: "), e.getMessage());
            assertEquals(fields[i], e.field(), e.getMessage());
        }
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x08;
        return c;
    }

    @Test
    void corruptOrTruncatedFilesAreNamedErrors() throws Exception {
        ItemNeighbors cf = ItemNeighbors.builder(LOG).withNeighbors(3)
                .withSimilarity(ItemNeighbors.Similarity.COUNT).withThreads(1).build();
        Path file = dir.resolve("cf.bin");
        cf.save(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Path flipped = dir.resolve("flipped.bin");
        Files.write(flipped, bytes);
        DataFileException e = assertThrows(DataFileException.class, () -> ItemNeighbors.read(flipped));
        assertTrue(e.getMessage().contains("flipped.bin") && e.getMessage().contains("checksum"), e.getMessage());
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(file), 9));
        assertThrows(DataFileException.class, () -> ItemNeighbors.read(cut));
        Path other = dir.resolve("other.bin");
        org.recsys4j.recall.index.IndexFile.write(other, "brute-force", 1, out -> out.writeInt(0));
        e = assertThrows(DataFileException.class, () -> ItemNeighbors.read(other));
        assertTrue(e.getMessage().contains("kind"), e.getMessage());
    }
}
