package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingFormats.Format;
import org.recsys4j.core.testing.Golden;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden files of the embedding formats ({@link Golden}): what this version writes, byte for byte, and
 * that the committed files load with their known vectors. Binary format version
 * {@value EmbeddingFormats#VERSION}; the text formats have no version (other tools read them), so their
 * bytes must never change.
 */
class EmbeddingFormatsGoldenTest {
    /**
     * The table of the binary golden files: floats that test the bits (negative zero, the smallest subnormal,
     * the largest float, values without a short decimal form) and awkward text ids (non-ASCII, a space).
     */
    static EmbeddingTable binaryTable(boolean numeric) {
        EmbeddingTable.Builder b = EmbeddingTable.builder(3);
        float[][] rows = {{1, -0.5f, 0.1f}, {-0.0f, Float.MIN_VALUE, 3.4028235E38f}, {2.5e-7f, 1f / 3, -7}};
        String[] text = {"i1", "königin", "x y"};
        long[] ids = {296, 1, -42};
        for (int i = 0; i < rows.length; i++) {
            if (numeric) {
                b.add(ids[i], rows[i]);
            } else {
                b.add(text[i], rows[i]);
            }
        }
        return b.build();
    }

    /**
     * The table of the text golden files. Its floats print the same on every JDK: {@link Float#toString} gives
     * a shorter text for some values since JDK 19, which would change the bytes (not the values read back).
     */
    static EmbeddingTable textTable(boolean numeric) {
        EmbeddingTable.Builder b = EmbeddingTable.builder(4);
        float[][] rows = {{0.5f, -1.25f, 3, 0}, {0.1f, -0.0f, 1e-3f, 12345.5f}, {-2, 0.75f, 1e10f, -6.5e-5f}};
        String[] text = {"i1", "königin", "x y"};
        long[] ids = {296, 1, -42};
        for (int i = 0; i < rows.length; i++) {
            if (numeric) {
                b.add(ids[i], rows[i]);
            } else {
                b.add(text[i], rows[i]);
            }
        }
        return b.build();
    }

    /** The binary golden tables' provenance, pinned ({@link Golden#info}). */
    static EmbeddingTable pinned(EmbeddingTable t) {
        return t.withInfo(Golden.info(ArtifactInfo.EMBEDDING_TABLE).withName("golden").withProducer("EmbeddingFormatsGoldenTest")
                .withSetting("dim", 3).build());
    }

    @Test
    void binaryWithNumericIds() throws IOException {
        EmbeddingTable t = pinned(binaryTable(true));
        Path golden = Golden.check("embeddings/embeddings-v2.r4je", f -> EmbeddingFormats.save(t, f, Format.BINARY));
        EmbeddingTable back = EmbeddingFormats.load(golden, Format.BINARY);
        EmbeddingFormatsTest.assertSameTable(t, back);
        assertTrue(back.ids().isNumeric());
        assertArrayEquals(new float[] {2.5e-7f, 1f / 3, -7}, back.vector(back.ids().require(-42)));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(back.vector(back.ids().require(1))[0]));
        assertRecorded(t, back, golden);
    }

    @Test
    void binaryWithTextIds() throws IOException {
        EmbeddingTable t = pinned(binaryTable(false));
        Path golden = Golden.check("embeddings/embeddings-v2-text.r4je", f -> EmbeddingFormats.save(t, f, Format.BINARY));
        EmbeddingTable back = EmbeddingFormats.load(golden, Format.BINARY);
        EmbeddingFormatsTest.assertSameTable(t, back);
        assertFalse(back.ids().isNumeric());
        assertArrayEquals(new float[] {-0.0f, Float.MIN_VALUE, Float.MAX_VALUE}, back.vector(back.ids().indexOf("königin")));
        assertRecorded(t, back, golden);
    }

    /** The info read with the table, and from the header alone, is the one saved, with the table's fingerprints. */
    private static void assertRecorded(EmbeddingTable t, EmbeddingTable back, Path golden) throws IOException {
        ArtifactInfo info = back.info();
        assertTrue(info.recorded());
        assertEquals(t.info(), info);
        assertEquals(info, ArtifactInfo.read(golden));
        assertEquals("golden", info.name());
        assertEquals(Golden.CREATED, info.created().orElseThrow());
        assertEquals(Fingerprints.table(back), info.contentFingerprint().orElseThrow());
        assertEquals(Fingerprints.ids(back.ids()), info.idsFingerprint().orElseThrow());
        assertEquals(3, info.rows());
    }

    /** Version-1 files (no info block) still load, with their vectors; they record no provenance. */
    @Test
    void version1FilesStillLoad() throws IOException {
        for (boolean numeric : new boolean[] {true, false}) {
            Path v1 = Golden.file(numeric ? "embeddings/embeddings-v1.r4je" : "embeddings/embeddings-v1-text.r4je");
            EmbeddingTable back = EmbeddingFormats.load(v1, Format.BINARY);
            EmbeddingFormatsTest.assertSameTable(binaryTable(numeric), back);
            ArtifactInfo header = ArtifactInfo.read(v1);
            assertFalse(header.recorded());
            assertEquals(ArtifactInfo.EMBEDDING_TABLE, header.kind());
            assertEquals(3, header.rows());
            // the loaded table computes its fingerprints from its content: the same as the v2 file's
            assertEquals(pinned(binaryTable(numeric)).info().contentFingerprint(), back.info().contentFingerprint());
        }
    }

    @Test
    void word2vecText() throws IOException {
        EmbeddingTable t = textTable(true);
        Path golden = Golden.check("embeddings/word2vec.txt", f -> EmbeddingFormats.save(t, f, Format.WORD2VEC));
        EmbeddingTable back = EmbeddingFormats.load(golden, Format.WORD2VEC);
        EmbeddingFormatsTest.assertSameTable(t, back);
        assertArrayEquals(new long[] {296, 1, -42}, back.ids().longIds());
        assertArrayEquals(new float[] {0.1f, -0.0f, 1e-3f, 12345.5f}, back.vector(back.ids().require(1)));
    }

    @Test
    void sparrowText() throws IOException {
        EmbeddingTable t = textTable(false);
        Path golden = Golden.check("embeddings/sparrow.txt", f -> EmbeddingFormats.save(t, f, Format.SPARROW));
        EmbeddingTable back = EmbeddingFormats.load(golden, Format.SPARROW);
        EmbeddingFormatsTest.assertSameTable(t, back);
        assertArrayEquals(new float[] {-2, 0.75f, 1e10f, -6.5e-5f}, back.vector(back.ids().indexOf("x y")));
    }
}
