package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.recsys4j.core.data.EmbeddingFormats.Format;
import org.recsys4j.core.data.EmbeddingFormats.IdKind;
import org.recsys4j.core.testing.Golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingFormatsTest {
    /** Awkward floats: subnormal, extremes, negative zero, values without a short decimal form. */
    private static final float[] AWKWARD = {Float.MIN_VALUE, -Float.MAX_VALUE, -0.0f, 0.1f, 1f / 3, 16777217f,
            1.17549435E-38f, (float) Math.PI, -2.5e-7f, 123456.78f, Float.MIN_NORMAL, 1e30f};

    private static EmbeddingTable random(IdIndex ids, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[ids.size() * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < AWKWARD.length ? AWKWARD[i] : (float) r.nextGaussian();
        }
        return EmbeddingTable.of(ids, dim, v);
    }

    static void assertSameTable(EmbeddingTable expected, EmbeddingTable actual) {
        assertEquals(expected.ids(), actual.ids());
        assertEquals(expected.dim(), actual.dim());
        for (int i = 0; i < expected.size(); i++) {
            float[] a = expected.vector(i);
            float[] b = actual.vector(i);
            for (int j = 0; j < a.length; j++) {
                assertEquals(Float.floatToRawIntBits(a[j]), Float.floatToRawIntBits(b[j]),
                        "row " + i + " column " + j + ": " + a[j] + " vs " + b[j]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void roundTripsNumericAndTextIdsBitForBit(Format format, @TempDir Path dir) throws IOException {
        EmbeddingTable numeric = random(IdIndex.ofLongs(50, 7, -3, Long.MAX_VALUE, Long.MIN_VALUE, 0), 3, 1);
        EmbeddingTable text = random(IdIndex.ofStrings("the", "königin", "007", "a-b", "x_1"), 4, 2);
        Path f = dir.resolve("t." + format);
        EmbeddingFormats.save(numeric, f, format);
        EmbeddingTable back = EmbeddingFormats.load(f, format);
        assertTrue(back.ids().isNumeric());
        assertSameTable(numeric, back);

        EmbeddingFormats.save(text, f, format);
        back = EmbeddingFormats.load(f, format);
        assertFalse(back.ids().isNumeric(), "\"007\" is not a canonical long, so the ids stay text");
        assertSameTable(text, back);

        EmbeddingFormats.save(numeric, f, format);
        back = EmbeddingFormats.load(f, format, IdKind.TEXT);
        assertFalse(back.ids().isNumeric());
        assertEquals("50", back.ids().id(0));
        assertEquals(numeric.size(), back.size());

        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file is left behind");
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void roundTripsALargerTableAndAnEmptyOne(Format format, @TempDir Path dir) throws IOException {
        long[] ids = new long[5_000];
        Arrays.setAll(ids, i -> 1000L + 3L * i);
        EmbeddingTable t = random(IdIndex.ofLongs(ids), 33, 3);   // spans many 64 KiB buffers
        Path f = dir.resolve("big");
        EmbeddingFormats.save(t, f, format);
        assertSameTable(t, EmbeddingFormats.load(f, format));

        EmbeddingTable empty = EmbeddingTable.builder(format == Format.SPARROW ? 1 : 5).build();
        EmbeddingFormats.save(empty, f, format);
        EmbeddingTable back = EmbeddingFormats.load(f, format);
        assertEquals(0, back.size());
        assertEquals(empty.dim(), back.dim());
    }

    @Test
    void textFormatsLookAsTheirToolsWriteThem(@TempDir Path dir) throws IOException {
        EmbeddingTable t = EmbeddingTable.builder(2).add(1, new float[] {0.1f, -2}).add(296, new float[] {3, 1e-5f}).build();
        Path f = dir.resolve("t.txt");
        EmbeddingFormats.save(t, f, Format.WORD2VEC);
        assertEquals("2 2\n1 0.1 -2.0\n296 3.0 1.0E-5\n", Files.readString(f));
        EmbeddingFormats.save(t, f, Format.SPARROW);
        assertEquals("1:0.1 -2.0\n296:3.0 1.0E-5\n", Files.readString(f));
    }

    @Test
    void idsThatCannotBeWrittenAreRefused(@TempDir Path dir) {
        EmbeddingTable spaced = EmbeddingTable.builder(1).add("new york", new float[] {1}).build();
        assertThrows(IllegalArgumentException.class, () -> EmbeddingFormats.save(spaced, dir.resolve("a"), Format.WORD2VEC));
        EmbeddingTable colon = EmbeddingTable.builder(1).add("a:b", new float[] {1}).build();
        assertThrows(IllegalArgumentException.class, () -> EmbeddingFormats.save(colon, dir.resolve("a"), Format.SPARROW));
        assertFalse(Files.exists(dir.resolve("a")));
    }

    // ---- files written by other tools (ours are in EmbeddingFormatsGoldenTest) ---------------------

    private static Path resource(String name) {
        try {
            return Path.of(EmbeddingFormatsTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsAWord2vecCFileWithTrailingSpaces() throws IOException {
        EmbeddingTable t = EmbeddingFormats.load(resource("word2vec-c.txt"), Format.WORD2VEC);
        assertFalse(t.ids().isNumeric());
        assertEquals(3, t.size());
        assertEquals(4, t.dim());
        assertEquals("</s>", t.ids().id(0));
        assertArrayEquals(new float[] {0.004003f, 0.004419f, -0.003830f, -0.003278f}, t.vector(0));
        assertArrayEquals(new float[] {-0.124f, 0.5f, 1.0E-5f, 2f}, t.vector(t.ids().indexOf("the")));
        assertArrayEquals(new float[] {1, -2.5f, 3.25f, 0}, t.vector(2));
    }

    @Test
    void readsAGensimFileWithHeaderAndNumericIds() throws IOException {
        EmbeddingTable t = EmbeddingFormats.load(resource("gensim-header.txt"), Format.WORD2VEC);
        assertTrue(t.ids().isNumeric());
        assertArrayEquals(new long[] {1, 50, 7}, t.ids().longIds());
        assertArrayEquals(new float[] {0.1f, -0.2f}, t.vector(0));
        assertArrayEquals(new float[] {3.0f, 4.5f}, t.vector(t.ids().indexOf(50)));
        assertArrayEquals(new float[] {1e-3f, -0.0f}, t.vector(2));
    }

    @Test
    void readsASparrowRecsysItemFile() throws IOException {
        EmbeddingTable t = EmbeddingFormats.load(resource("sparrow-items.txt"), Format.SPARROW);
        assertTrue(t.ids().isNumeric());
        assertEquals(3, t.dim());
        assertArrayEquals(new long[] {1, 2, 296}, t.ids().longIds());
        assertArrayEquals(new float[] {-0.013f, 0.75f, 12.5f}, t.vector(t.ids().require(296)));
    }

    // ---- corruption: each names the file, the line and the field -----------------------------------

    private static String textError(Path dir, Format format, String content) throws IOException {
        Path f = dir.resolve("emb.txt");
        Files.writeString(f, content);
        return assertThrows(DataFileException.class, () -> EmbeddingFormats.load(f, format)).getMessage();
    }

    @Test
    void badWord2vecFilesNameFileLineAndField(@TempDir Path dir) throws IOException {
        assertEquals("emb.txt:3: vector=1 2 3: 3 components, expected 2 (the header's dim)",
                textError(dir, Format.WORD2VEC, "2 2\na 1 2\nb 1 2 3\n"));
        assertEquals("emb.txt:2: v2=x: not a number", textError(dir, Format.WORD2VEC, "1 2\na 1 x\n"));
        assertEquals("emb.txt:2: v1=Infinity: not finite", textError(dir, Format.WORD2VEC, "1 2\na Infinity 1\n"));
        assertEquals("emb.txt:3: id=a: duplicate id, first on line 2", textError(dir, Format.WORD2VEC, "2 1\na 1\na 2\n"));
        assertEquals("emb.txt:1: header=3 2: announces 3 vectors, the file has 2",
                textError(dir, Format.WORD2VEC, "3 2\na 1 2\nb 3 4\n"));
        assertEquals("emb.txt:1: header=a 1 2: expected 'count dim', two integers",
                textError(dir, Format.WORD2VEC, "a 1 2\nb 3 4\n"));
        assertEquals("emb.txt:1: header=2 0: count must be >= 0 and dim >= 1", textError(dir, Format.WORD2VEC, "2 0\n"));
        assertEquals("emb.txt: header=: empty file, expected a 'count dim' header line",
                textError(dir, Format.WORD2VEC, ""));
    }

    @Test
    void badSparrowFilesNameFileLineAndField(@TempDir Path dir) throws IOException {
        assertEquals("emb.txt:2: vector=1 2: 2 components, expected 3",
                textError(dir, Format.SPARROW, "a:1 2 3\nb:1 2\n"));
        assertEquals("emb.txt:1: v3=x: not a number", textError(dir, Format.SPARROW, "a:1 2 x\n"));
        assertEquals("emb.txt:1: v1=NaN: not finite", textError(dir, Format.SPARROW, "a:NaN 2 3\n"));
        assertEquals("emb.txt:1: line=1 2 3: expected id:v1 v2 ...", textError(dir, Format.SPARROW, "1 2 3\n"));
        assertEquals("emb.txt:1: id=: empty id", textError(dir, Format.SPARROW, ":1 2 3\n"));
        assertEquals("emb.txt:1: vector=: 0 components", textError(dir, Format.SPARROW, "a:\n"));
        assertEquals("emb.txt:4: id=7: duplicate id, first on line 1",
                textError(dir, Format.SPARROW, "7:1\n# comment\n\n7 : 2\n"));
    }

    private static String binaryError(Path dir, byte[] bytes) throws IOException {
        Path f = dir.resolve("emb.r4je");
        Files.write(f, bytes);
        return assertThrows(DataFileException.class, () -> EmbeddingFormats.load(f, Format.BINARY)).getMessage();
    }

    /** Sets a little-endian int at {@code at} and recomputes the trailing checksum. */
    private static byte[] patched(byte[] good, int at, int value) {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    @Test
    void badBinaryFilesNameTheFileAndTheProblem(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(Golden.file("embeddings/embeddings-v1.r4je"));
        assertEquals(16 + 3 * 8 + 9 * 4 + 4, good.length);

        assertEquals("emb.r4je: length=68: truncated: 3 rows × dim 3 need 80 bytes, the file has 68",
                binaryError(dir, Arrays.copyOf(good, good.length - 12)));
        assertEquals("emb.r4je: length=10: truncated: a binary embedding file has at least 20 bytes",
                binaryError(dir, Arrays.copyOf(good, 10)));
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertEquals("emb.r4je: magic=0x58344A45: not a Recsys4J embedding file, expected 0x52344A45 (\"R4JE\")",
                binaryError(dir, magic));
        byte[] text = "1:0.5 0.25\n".getBytes(StandardCharsets.UTF_8);
        assertTrue(binaryError(dir, text).startsWith("emb.r4je: magic=0x313A302E: not a Recsys4J embedding file"));
        byte[] version = good.clone();
        version[4] = 3;
        assertEquals("emb.r4je: version=3: unsupported format version, this reader supports 1 to 2",
                binaryError(dir, version));
        byte[] flipped = good.clone();
        flipped[good.length - 10] ^= 0x10;   // one bit of the last float
        String crc = binaryError(dir, flipped);
        assertTrue(crc.startsWith("emb.r4je: checksum=0x") && crc.endsWith(" (file corrupted)")
                && crc.contains("checksum mismatch, computed 0x"), crc);
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertEquals("emb.r4je: length=83: 3 unexpected bytes after the checksum", binaryError(dir, longer));
        byte[] kind = good.clone();
        kind[6] = 9;
        assertEquals("emb.r4je: idKind=9: unknown id kind, expected 0 or 1", binaryError(dir, kind));
        assertEquals("emb.r4je: id=: duplicate id 1 at positions 1 and 2",
                binaryError(dir, patched(patched(good, 32, 1), 36, 0)));
        assertEquals("emb.r4je: header=3 × 0: count must be >= 0, dim >= 1 and count × dim fit one array (file corrupted?)",
                binaryError(dir, patched(good, 12, 0)));

        Path missing = dir.resolve("missing.r4je");
        assertThrows(IOException.class, () -> EmbeddingFormats.load(missing, Format.BINARY));
    }

    @Test
    void aTruncatedTextIdBinaryFileIsReportedAsTruncated(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(Golden.file("embeddings/embeddings-v1-text.r4je"));
        String m = binaryError(dir, Arrays.copyOf(good, good.length - 5));
        assertTrue(m.startsWith("emb.r4je: length=" + (good.length - 5) + ": truncated"), m);
    }

    @Test
    void sparrowRowsStreamWithAFixedOrInferredDimension(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("v.txt");
        Files.writeString(f, "# comment\na:1 2 3\n\nb :\t4.5  -5 6e-1\n");
        List<Map.Entry<String, float[]>> rows = new ArrayList<>();
        try (EmbeddingFormats.RowReader in = EmbeddingFormats.openSparrow(f, -1)) {
            in.forEachRemaining(rows::add);
            assertEquals(3, in.dim());
        }
        assertEquals(List.of("a", "b"), rows.stream().map(Map.Entry::getKey).toList());
        assertArrayEquals(new float[] {4.5f, -5, 0.6f}, rows.get(1).getValue());
        try (EmbeddingFormats.RowReader in = EmbeddingFormats.openSparrow(f, 4)) {
            UncheckedIOException u = assertThrows(UncheckedIOException.class, in::next);
            DataFileException e = (DataFileException) u.getCause();
            assertEquals(e.getMessage(), u.getMessage());
            assertEquals(2, e.line());
            assertEquals("vector", e.field());
        }
    }

    @Test
    void streamedTextFilesDropABomRejectRepeatedIdsAndCheckTheHeaderCount(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("v.txt");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        // a BOM would otherwise become part of the first id ("\uFEFFa"), silently another key
        Files.write(f, concat(bom, "a:1 2\rb:3 4\r\n".getBytes(StandardCharsets.UTF_8)));
        List<String> ids = new ArrayList<>();
        try (EmbeddingFormats.RowReader in = EmbeddingFormats.open(f, Format.SPARROW, -1)) {
            in.forEachRemaining(r -> ids.add(r.getKey()));
            assertEquals(2, in.rowsRead());
        }
        assertEquals(List.of("a", "b"), ids);
        assertEquals("a", EmbeddingFormats.load(f, Format.SPARROW, IdKind.TEXT).ids().id(0));
        Files.write(f, concat(bom, "2 2\n7 1 2\n8 3 4\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(7L, EmbeddingFormats.load(f, Format.WORD2VEC).ids().longId(0));

        // a repeated id names both lines, streamed or loaded, whatever lies between
        StringBuilder sb = new StringBuilder("# ids\n");
        for (int i = 0; i < 5000; i++) {
            sb.append("id").append(i).append(':').append(i).append(" 1\n");
        }
        sb.append("\n id17 : 9 9\n");
        Files.writeString(f, sb);
        try (EmbeddingFormats.RowReader in = EmbeddingFormats.open(f, Format.SPARROW, 2)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> in.forEachRemaining(r -> { }));
            assertEquals("v.txt:5003: id=id17: duplicate id, first on line 19", e.getMessage());
            assertTrue(e.getCause() instanceof DataFileException);
            assertEquals(5000, in.rowsRead());
        }
        assertEquals("emb.txt:5003: id=id17: duplicate id, first on line 19", textError(dir, Format.SPARROW, sb.toString()));

        // word2vec, streamed: the header's dim must match a given one; its count is checked at the end
        Files.writeString(f, "3 2\na 1 2\nb 3 4\n");
        try (EmbeddingFormats.RowReader in = EmbeddingFormats.open(f, Format.WORD2VEC, -1)) {
            assertEquals(2, in.dim());
            in.next();
            assertEquals("b", in.nextRow().orElseThrow().getKey(), "the checked way to read");
            DataFileException e = assertThrows(DataFileException.class, in::nextRow);
            assertEquals("v.txt:1: header=3 2: announces 3 vectors, the file has 2", e.getMessage());
        }
        DataFileException e = assertThrows(DataFileException.class, () -> EmbeddingFormats.open(f, Format.WORD2VEC, 5));
        assertEquals("v.txt:1: header=3 2: dim 2, expected 5", e.getMessage());
        Files.writeString(f, "0 8\n");
        try (EmbeddingFormats.RowReader in = EmbeddingFormats.open(f, Format.WORD2VEC, 8)) {
            assertFalse(in.hasNext());
        }
        assertThrows(IllegalArgumentException.class, () -> EmbeddingFormats.open(f, Format.BINARY, 8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
