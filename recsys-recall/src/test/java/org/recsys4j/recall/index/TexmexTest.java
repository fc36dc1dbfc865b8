package org.recsys4j.recall.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TexmexTest {
    @Test
    void roundTripsFvecsAndIvecs(@TempDir Path dir) throws IOException {
        float[] v = {1.5f, -2, 3, 4, 5, 6.25f};
        Path f = dir.resolve("a.fvecs");
        Texmex.writeFvecs(f, 3, v);
        assertEquals(2 * 4 * 4, Files.size(f));
        // little-endian: the first int is 3 in its lowest byte
        assertEquals(3, Files.readAllBytes(f)[0]);
        Texmex.Vecs read = Texmex.readFvecs(f);
        assertEquals(2, read.rows());
        assertEquals(3, read.dim());
        assertArrayEquals(v, read.values());
        assertArrayEquals(new float[] {4, 5, 6.25f}, read.row(1));
        assertEquals(2, read.toTable().size());
        assertEquals("1", read.toTable().ids().id(1));

        int[][] gt = {{5, 1}, {0, 7}, {3, 3}};
        Path i = dir.resolve("g.ivecs");
        Texmex.writeIvecs(i, gt);
        assertArrayEquals(gt, Texmex.readIvecs(i));
    }

    private static Path raw(Path dir, String name, int... ints) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * ints.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : ints) {
            b.putInt(x);
        }
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    @Test
    void badFilesNameFileRecordAndProblem(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("t.fvecs");
        Texmex.writeFvecs(f, 2, new float[] {1, 2, 3, 4});
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length - 3));
        DataFileException e = assertThrows(DataFileException.class, () -> Texmex.readFvecs(f));
        assertTrue(e.getMessage().startsWith("t.fvecs:2: ") && e.getMessage().contains("truncated"), e.getMessage());

        Path g = dir.resolve("short.ivecs");
        Files.write(g, Arrays.copyOf(bytes, bytes.length - 12 + 2));
        e = assertThrows(DataFileException.class, () -> Texmex.readIvecs(g));
        assertTrue(e.getMessage().startsWith("short.ivecs:2: dim=") && e.getMessage().contains("truncated"),
                e.getMessage());

        Path mixed = raw(dir, "mixed.ivecs", 2, 1, 2, 3, 1, 2, 3);
        e = assertThrows(DataFileException.class, () -> Texmex.readIvecs(mixed));
        assertTrue(e.getMessage().startsWith("mixed.ivecs:2: dim=3: ") && e.getMessage().contains("differs"),
                e.getMessage());

        Path neg = raw(dir, "neg.fvecs", -1, 0);
        e = assertThrows(DataFileException.class, () -> Texmex.readFvecs(neg));
        assertTrue(e.getMessage().startsWith("neg.fvecs:1: dim=-1: "), e.getMessage());

        Path empty = dir.resolve("empty.fvecs");
        Files.write(empty, new byte[0]);
        e = assertThrows(DataFileException.class, () -> Texmex.readFvecs(empty));
        assertTrue(e.getMessage().startsWith("empty.fvecs: ") && e.getMessage().contains("empty"), e.getMessage());
    }
}
