package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFormatException;

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
        ItemNeighbors cf = ItemNeighbors.coOccurrence(LOG, 3, ItemNeighbors.Similarity.COSINE, 1);
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

    @Test
    void corruptOrTruncatedFilesAreNamedErrors() throws Exception {
        ItemNeighbors cf = ItemNeighbors.coOccurrence(LOG, 3, ItemNeighbors.Similarity.COUNT, 1);
        Path file = dir.resolve("cf.bin");
        cf.save(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Path flipped = dir.resolve("flipped.bin");
        Files.write(flipped, bytes);
        DataFormatException e = assertThrows(DataFormatException.class, () -> ItemNeighbors.read(flipped));
        assertTrue(e.getMessage().contains("flipped.bin") && e.getMessage().contains("checksum"), e.getMessage());
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(file), 9));
        assertThrows(DataFormatException.class, () -> ItemNeighbors.read(cut));
        Path other = dir.resolve("other.bin");
        org.recsys4j.recall.index.IndexFile.write(other, "brute-force", 1, out -> out.writeInt(0));
        e = assertThrows(DataFormatException.class, () -> ItemNeighbors.read(other));
        assertTrue(e.getMessage().contains("kind"), e.getMessage());
    }
}
