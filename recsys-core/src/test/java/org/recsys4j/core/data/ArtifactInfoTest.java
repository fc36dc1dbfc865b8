package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EmbeddingFormats.Format;
import org.recsys4j.core.testing.Golden;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ArtifactInfo}, {@link Fingerprints} and {@link IdMapping}: what artifacts say they are, and the checks. */
class ArtifactInfoTest {
    private static EmbeddingTable table(long... ids) {
        float[] v = new float[ids.length * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.25f - 1;
        }
        return EmbeddingTable.of(IdIndex.ofLongs(ids), 2, v);
    }

    @Test
    void infoBlockRoundTripsAndIgnoresUnknownKeys() throws IOException {
        ArtifactInfo info = ArtifactInfo.builder("hnsw").withName("item2vec").withProducer("x.Y").withSetting("m", 16)
                .withInput("vectors", Fingerprints.bytes(new byte[] {1})).withCreated(Instant.parse("2026-02-03T04:05:06Z"))
                .withLibraryVersion("9.9").build().identified(7, Fingerprints.bytes(new byte[] {2}), Fingerprints.bytes(new byte[0]));
        ArtifactInfo back = ArtifactInfo.fromBytes(info.toBytes(), "f");
        assertEquals(info, back);
        assertEquals("16", back.settings().get("m"));
        assertEquals(7, back.rows());
        assertTrue(back.recorded());
        // a damaged block is an error naming the file and the part
        byte[] bad = info.toBytes();
        bad[bad.length / 2] ^= 1;
        DataFileException e = assertThrows(DataFileException.class, () -> ArtifactInfo.fromBytes(bad, "a.hnsw"));
        assertEquals("info", e.field());
        assertTrue(e.getMessage().startsWith("a.hnsw: info="), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArtifactInfo.builder(" ").build());
        assertThrows(IllegalArgumentException.class, () -> ArtifactInfo.builder("k").withInput("data", "not-hex").build());
    }

    @Test
    void contentFingerprintDoesNotDependOnTheFileFormat(@TempDir Path dir) throws IOException {
        EmbeddingTable t = table(10, 20, 30);
        String fp = t.info().contentFingerprint().orElseThrow();
        for (Format f : Format.values()) {
            Path file = dir.resolve("t." + f);
            EmbeddingFormats.save(t, file, f);
            assertEquals(fp, EmbeddingFormats.load(file, f).info().contentFingerprint().orElseThrow(), f.toString());
        }
        // other values, or the same values under other ids, are another content
        assertNotEquals(fp, table(10, 20, 31).info().contentFingerprint().orElseThrow());
        assertEquals(Fingerprints.ids(IdIndex.ofLongs(10, 20, 30)), t.info().idsFingerprint().orElseThrow());
        // a name does not change the identity
        EmbeddingTable named = t.withInfo(ArtifactInfo.builder(ArtifactInfo.EMBEDDING_TABLE).withName("n").build());
        assertEquals(fp, named.info().contentFingerprint().orElseThrow());
        assertEquals("n", named.info().name());
    }

    @Test
    void headerIsReadWithoutThePayloadAndDamagedHeadersNameTheFile(@TempDir Path dir) throws IOException {
        EmbeddingTable t = table(1, 2, 3).withInfo(Golden.info(ArtifactInfo.EMBEDDING_TABLE).withName("item2vec").build());
        Path f = dir.resolve("item2vec.emb");
        EmbeddingFormats.save(t, f, Format.BINARY);
        assertEquals(t.info(), ArtifactInfo.read(f));
        byte[] good = Files.readAllBytes(f);
        // truncated inside the header
        Path cut = dir.resolve("cut.emb");
        Files.write(cut, Arrays.copyOf(good, 30));
        DataFileException e = assertThrows(DataFileException.class, () -> ArtifactInfo.read(cut));
        assertEquals("cut.emb", e.file());
        assertThrows(DataFileException.class, () -> EmbeddingFormats.load(cut, Format.BINARY));
        // a text file is not a binary artifact
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "3 2\n");
        assertTrue(assertThrows(DataFileException.class, () -> ArtifactInfo.read(text)).getMessage()
                .contains("not a Recsys4J binary artifact"));
        assertTrue(ArtifactInfo.identify(text).isEmpty());
    }

    /**
     * Writes to {@code out} the binary table file {@code onto} with the info block of {@code from} (of the same
     * length) in place of its own, the file's CRC-32 recomputed: only the fingerprints can tell.
     */
    private static Path infoBlockOver(Path from, Path onto, Path out) throws IOException {
        byte[] fa = Files.readAllBytes(from);
        byte[] crafted = Files.readAllBytes(onto);
        int len = ByteBuffer.wrap(fa).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
        assertEquals(len, ByteBuffer.wrap(crafted).order(ByteOrder.LITTLE_ENDIAN).getInt(16));
        System.arraycopy(fa, 20, crafted, 20, len);
        CRC32 crc = new CRC32();
        crc.update(crafted, 0, crafted.length - 4);
        ByteBuffer.wrap(crafted).order(ByteOrder.LITTLE_ENDIAN).putInt(crafted.length - 4, (int) crc.getValue());
        Files.write(out, crafted);
        return out;
    }

    /**
     * A crafted file whose info block claims other ids than it holds (both checksums recomputed, so only the
     * fingerprint check can see it) is refused.
     */
    @Test
    void craftedInfoBlockWithOtherIdsIsRefused(@TempDir Path dir) throws IOException {
        EmbeddingTable t = table(1, 2, 3);
        EmbeddingTable other = table(1, 2, 4).withInfo(t.info().toBuilder().build());
        Path a = dir.resolve("a.emb");
        Path b = dir.resolve("b.emb");
        EmbeddingFormats.save(t, a, Format.BINARY);
        EmbeddingFormats.save(other, b, Format.BINARY);
        Path c = infoBlockOver(a, b, dir.resolve("crafted.emb"));   // a's info block over b's ids and vectors
        DataFileException e = assertThrows(DataFileException.class, () -> EmbeddingFormats.load(c, Format.BINARY));
        assertEquals("ids", e.field());
        assertTrue(e.getMessage().contains("recorded ids fingerprint"), e.getMessage());
    }

    /**
     * A crafted file whose info block claims another content over the same ids (another table's block, both
     * checksums recomputed): the ids pass, but the loaded table's identity is digested from the vectors it holds, so
     * the claim binds nothing (an index of the claimed vectors is refused with it); only the header says otherwise.
     */
    @Test
    void craftedInfoBlockClaimingOtherContentOverTheSameIdsBindsNothing(@TempDir Path dir) throws IOException {
        EmbeddingTable t = table(1, 2, 3);
        EmbeddingTable other = EmbeddingTable.of(IdIndex.ofLongs(1, 2, 3), 2, new float[] {9, 8, 7, 6, 5, 4})
                .withInfo(t.info().toBuilder().build());
        Path a = dir.resolve("a.emb");
        Path b = dir.resolve("b.emb");
        EmbeddingFormats.save(t, a, Format.BINARY);
        EmbeddingFormats.save(other, b, Format.BINARY);
        Path c = infoBlockOver(a, b, dir.resolve("crafted.emb"));   // a's content claimed over b's vectors
        assertEquals(t.info().contentFingerprint(), ArtifactInfo.read(c).contentFingerprint(), "the header's claim");
        EmbeddingTable loaded = EmbeddingFormats.load(c, Format.BINARY);
        assertEquals(Fingerprints.table(other), loaded.info().contentFingerprint().orElseThrow(), "the content's truth");
        assertNotEquals(t.info().contentFingerprint(), loaded.info().contentFingerprint());
        assertEquals(t.info().name(), loaded.info().name(), "the provenance is the file's");
        // an artifact built from a's vectors is refused with the loaded table, naming both fingerprints
        ArtifactInfo builtFromA = ArtifactInfo.builder("hnsw").withInput("vectors",
                t.info().contentFingerprint().orElseThrow()).build();
        DataFileException e = assertThrows(DataFileException.class, () -> builtFromA.requireInput("vectors",
                loaded.info().contentFingerprint().orElseThrow(), "a.hnsw"));
        assertTrue(e.getMessage().contains(Fingerprints.abbreviate(t.info().contentFingerprint().orElseThrow()))
                && e.getMessage().contains(Fingerprints.abbreviate(Fingerprints.table(other))), e.getMessage());
    }

    @Test
    void idMappingCountsAndNamesBothFingerprints() throws DataFileException {
        IdIndex saved = IdIndex.ofLongs(1, 2, 3, 4);
        IdIndex now = IdIndex.ofLongs(1, 5, 2, 3, 6);    // two SKUs added, 4 removed
        IdMapping m = IdMapping.of(saved, now);
        assertEquals(3, m.mapped());
        assertEquals(2, m.missing());
        assertEquals(1, m.unmatched());
        assertEquals(2, m.rowAt(3));
        assertEquals(-1, m.rowAt(1));
        assertEquals(-1, m.targetAt(3));
        assertFalse(m.isIdentity());
        assertEquals(2 + 1 + 2, m.differing());       // 2 missing, 1 unmatched, ids 2 and 3 moved
        DataFileException e = assertThrows(DataFileException.class, () -> m.requireIdentity("item-cf.nbr"));
        assertTrue(e.getMessage().startsWith("item-cf.nbr: ids="), e.getMessage());
        assertTrue(e.getMessage().contains(Fingerprints.abbreviate(Fingerprints.ids(saved)))
                && e.getMessage().contains(Fingerprints.abbreviate(Fingerprints.ids(now)))
                && e.getMessage().contains("5 differ"), e.getMessage());
        assertTrue(IdMapping.of(saved, IdIndex.ofLongs(1, 2, 3, 4)).isIdentity());
        // text ids of the same decimal form match numeric ones
        assertEquals(4, IdMapping.of(saved, IdIndex.ofStrings("4", "3", "2", "1")).mapped());
        // no ids recorded: sizes only, and no remapping
        assertThrows(DataFileException.class, () -> IdMapping.requireSizeOnly(4, now, IdMatch.EXACT, "old.nbr"));
        assertThrows(DataFileException.class, () -> IdMapping.requireSizeOnly(5, now, IdMatch.BY_ID, "old.nbr"));
        IdMapping.requireSizeOnly(5, now, IdMatch.EXACT, "old.nbr");
    }

    @Test
    void libraryVersionComesFromTheBuild() {
        assertFalse(ArtifactInfo.LIBRARY_VERSION.isBlank());
        assertNotEquals("unknown", ArtifactInfo.LIBRARY_VERSION);
        assertFalse(ArtifactInfo.LIBRARY_VERSION.contains("${"));
        assertEquals(ArtifactInfo.LIBRARY_VERSION, table(1).info().libraryVersion());
    }
}
