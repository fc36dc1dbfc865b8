package org.recsys4j.core.feature;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.Fingerprints;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips of every encoder through the binary format, and every way a file can be bad. */
class EncoderFormatTest {
    @TempDir
    Path dir;

    static List<Encoder> everyEncoder() {
        Vocabulary numeric = Vocabulary.trainer().withMinCount(2).build().fit(new long[] {7, 3, 7, 9, 3, -4, -4});
        Vocabulary strings = Vocabulary.trainer().build().fitStrings(List.of("Drama", "Comédie", "Sci-Fi", ""));
        return List.of(
                numeric,
                strings,
                Vocabulary.trainer().build().fit(new long[0]),
                MultiHot.trainer().withOov(MultiHot.Oov.DROP).build().fitStrings(List.of(List.of("a", "b"), List.of("c"))),
                MultiHot.over(numeric, MultiHot.Oov.KEEP),
                MinMaxScaler.trainer().build().fit(new double[] {-1.5, 3, 8}),
                MinMaxScaler.trainer().withClip(true).build().fit(new double[] {2, 2}),
                StandardScaler.trainer().fit(new double[] {1, 2, 4, 8}),
                QuantileBuckets.trainer().build().fit(new double[] {1990, 1990, 1991, 2000, Double.NaN, 2010}),
                QuantileBuckets.ofCuts(),
                LabelThreshold.atLeast(3.5),
                LabelThreshold.above(0.5),
                HashedCross.of(10_000),
                HashedCross.of(97, 31),
                TimeContext.of(ZoneId.of("Europe/Berlin"), 6),
                TimeContext.of(ZoneId.of("+05:30"), 1));
    }

    @Test
    void everyEncoderRoundTripsThroughAFileAndAStream() throws IOException {
        int i = 0;
        for (Encoder e : everyEncoder()) {
            Path file = dir.resolve("enc" + i++ + ".r4jf");
            EncoderFormat.save(e, file);
            Encoder back = EncoderFormat.load(file);
            assertEquals(e, back, e.toString());
            assertEquals(e.kind(), back.kind());
            assertSame(e.getClass(), back.getClass());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EncoderFormat.write(e, out);
            // the same payload; the info blocks differ only by their creation time
            assertArrayEquals(afterInfo(Files.readAllBytes(file)), afterInfo(out.toByteArray()), "stream and file agree");
            assertEquals(ArtifactInfo.read(file).contentFingerprint(), EncoderFormat.info(e).contentFingerprint());
            assertEquals(e, EncoderFormat.read(new ByteArrayInputStream(out.toByteArray()), "mem"));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".tmp")).toList(), "no temp file left");
        }
    }

    @Test
    void loadedEncodersBehaveLikeTheOriginals() throws IOException {
        Vocabulary v = Vocabulary.trainer().withMinCount(2).build().fit(new long[] {7, 3, 7, 9, 3});
        Path f = dir.resolve("v.r4jf");
        EncoderFormat.save(v, f);
        Vocabulary back = EncoderFormat.load(f, Vocabulary.class);
        for (long id = 0; id < 12; id++) {
            assertEquals(v.index(id), back.index(id));
        }
        assertEquals(2, back.minCount());
        QuantileBuckets q = QuantileBuckets.trainer().build().fit(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        EncoderFormat.save(q, f);       // replaces the file
        QuantileBuckets qb = EncoderFormat.load(f, QuantileBuckets.class);
        for (double x = 0; x < 12; x += 0.5) {
            assertEquals(q.bucket(x), qb.bucket(x));
        }
    }

    @Test
    void theHeaderHasTheDocumentedLayout() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncoderFormat.write(LabelThreshold.atLeast(3.5), out);
        byte[] b = out.toByteArray();
        ByteBuffer buf = ByteBuffer.wrap(b);
        assertEquals("R4JF", new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(2, buf.getShort(4));
        assertEquals(EncoderKind.LABEL_THRESHOLD.code(), buf.get(6));
        int infoLength = buf.getInt(7);
        assertEquals(11 + infoLength + 4 + 9 + 4, b.length);   // header, info, payload length, double + boolean, CRC32
        assertEquals(ArtifactInfo.BLOCK_MAGIC, buf.getInt(11));
        ArtifactInfo info = ArtifactInfo.fromBytes(Arrays.copyOfRange(b, 11, 11 + infoLength), "b");
        assertEquals(ArtifactInfo.ENCODER, info.kind());
        assertEquals(1, info.rows());
        assertEquals(LabelThreshold.class.getName(), info.producer());
        assertEquals("LABEL_THRESHOLD", info.settings().get("encoder"));
        assertEquals(9, buf.getInt(11 + infoLength));
        assertEquals(3.5, buf.getDouble(15 + infoLength));
        assertEquals(1, buf.get(23 + infoLength));
        // the content fingerprint is the SHA-256 of the payload
        assertEquals(Optional.of(Fingerprints.bytes(Arrays.copyOfRange(b, 15 + infoLength, 24 + infoLength))),
                info.contentFingerprint());
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        assertEquals((int) crc.getValue(), buf.getInt(b.length - 4));

        // version 1, still read: no info block
        byte[] v1 = EncoderFormat.containerV1(EncoderKind.LABEL_THRESHOLD, Arrays.copyOfRange(b, 15 + infoLength,
                24 + infoLength));
        assertEquals(11 + 9 + 4, v1.length);
        assertEquals(1, ByteBuffer.wrap(v1).getShort(4));
        assertEquals(9, ByteBuffer.wrap(v1).getInt(7));
        assertEquals(LabelThreshold.atLeast(3.5), EncoderFormat.read(new ByteArrayInputStream(v1), "v1"));
    }

    @Test
    void theInfoIsReadableWithoutThePayloadAndAClaimOfOtherContentIsRefused() throws IOException {
        Vocabulary v = Vocabulary.ofLongs(3, 5, 8);
        Path f = dir.resolve("v.r4jf");
        EncoderFormat.save(v, f);
        ArtifactInfo info = ArtifactInfo.read(f);
        assertEquals(ArtifactInfo.ENCODER, info.kind());
        assertEquals(EncoderFormat.info(v).contentFingerprint(), info.contentFingerprint());
        assertEquals(EncoderFormat.info(v).contentFingerprint(), EncoderFormat.info(Vocabulary.ofLongs(3, 5, 8))
                .contentFingerprint(), "the fingerprint is the encoder's, not the file's or the time's");
        assertNotEquals(EncoderFormat.info(v).contentFingerprint(), EncoderFormat.info(Vocabulary.ofLongs(3, 5, 9))
                .contentFingerprint());
        // a named provenance is kept; a provenance of another kind is refused
        EncoderFormat.save(v, f, ArtifactInfo.builder(ArtifactInfo.ENCODER).withName("user ids").build());
        assertEquals("user ids", ArtifactInfo.read(f).name());
        assertEquals(v, EncoderFormat.load(f));
        assertThrows(IllegalArgumentException.class,
                () -> EncoderFormat.save(v, f, ArtifactInfo.builder(ArtifactInfo.FEATURE_SCHEMA).build()));

        // crafted: the info block of another vocabulary's file over this payload, every checksum recomputed
        Path other = dir.resolve("other.r4jf");
        EncoderFormat.save(Vocabulary.ofLongs(3, 5, 9), other);
        byte[] mine = Files.readAllBytes(f);
        byte[] theirs = Files.readAllBytes(other);
        int myInfo = ByteBuffer.wrap(mine).getInt(7);
        int theirInfo = ByteBuffer.wrap(theirs).getInt(7);
        ByteBuffer crafted = ByteBuffer.allocate(mine.length - myInfo + theirInfo);
        crafted.put(mine, 0, 7).putInt(theirInfo).put(theirs, 11, theirInfo)
                .put(mine, 11 + myInfo, mine.length - 11 - myInfo - 4);
        CRC32 crc = new CRC32();
        crc.update(crafted.array(), 0, crafted.position());
        crafted.putInt((int) crc.getValue());
        Files.write(f, crafted.array());
        DataFileException e = assertThrows(DataFileException.class, () -> EncoderFormat.load(f));
        assertEquals("content", e.field());
        assertTrue(e.getMessage().contains("does not have the recorded content fingerprint "
                + ArtifactInfo.read(other).contentFingerprint().orElseThrow().substring(0, 12)), e.getMessage());
    }

    /** Returns the bytes of a version-2 file after its info block, without the checksum: payload length, payload. */
    private static byte[] afterInfo(byte[] file) {
        return Arrays.copyOfRange(file, 11 + ByteBuffer.wrap(file).getInt(7), file.length - 4);
    }

    private Path written(Encoder e) throws IOException {
        Path f = dir.resolve("bad.r4jf");
        EncoderFormat.save(e, f);
        return f;
    }

    @Test
    void aTruncatedFileFails() throws IOException {
        Path f = written(QuantileBuckets.ofCuts(1, 2, 3));
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 5));
        DataFileException e = assertThrows(DataFileException.class, () -> EncoderFormat.load(f));
        assertTrue(e.getMessage().startsWith(f + ": length=28 payload bytes: truncated: the header announces 28 payload bytes"),
                e.getMessage());
        assertEquals(f.toString(), e.file());
        assertEquals("length", e.field());
        Files.write(f, Arrays.copyOf(b, 6));
        e = assertThrows(DataFileException.class, () -> EncoderFormat.load(f));
        assertEquals(f + ": length=6 bytes: truncated: a feature file has at least 15", e.getMessage());
        Files.write(f, new byte[0]);
        assertThrows(DataFileException.class, () -> EncoderFormat.load(f));
    }

    @Test
    void aCorruptedByteFailsTheChecksum() throws IOException {
        Path f = written(Vocabulary.ofLongs(1, 2, 3));
        byte[] b = Files.readAllBytes(f);
        b[b.length - 7] ^= 0x10;           // inside the payload
        Files.write(f, b);
        DataFileException e = assertThrows(DataFileException.class, () -> EncoderFormat.load(f));
        assertTrue(e.getMessage().startsWith(f + ": checksum=0x"), e.getMessage());
        assertTrue(e.problem().startsWith("checksum mismatch: computed 0x"), e.problem());
    }

    @Test
    void aWrongMagicFails() throws IOException {
        Path f = dir.resolve("text.r4jf");
        Files.writeString(f, "movieId,title,genres\n1,Toy Story (1995),Animation\n");
        DataFileException e = assertThrows(DataFileException.class, () -> EncoderFormat.load(f));
        assertEquals(f + ": magic=0x6D6F7669: not a Recsys4J feature file, expected 0x52344A46 (\"R4JF\")",
                e.getMessage());
    }

    @Test
    void aNewerVersionFailsWithBothVersions() throws IOException {
        Path f = written(HashedCross.of(10));
        byte[] b = Files.readAllBytes(f);
        b[5] = 3;
        Files.write(f, b);
        DataFileException e = assertThrows(DataFileException.class, () -> EncoderFormat.load(f));
        assertEquals(f + ": version=3: format version 3, this reader supports 1 to 2", e.getMessage());
    }

    @Test
    void trailingBytesAndUnknownKindsAndWrongTypesFail() throws IOException {
        Path f = written(HashedCross.of(10));
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length + 2));
        assertEquals(f + ": length=" + (b.length + 2) + " bytes: 2 unexpected bytes after the checksum",
                assertThrows(DataFileException.class, () -> EncoderFormat.load(f)).getMessage());
        byte[] k = b.clone();
        k[6] = 99;
        Files.write(f, k);
        assertEquals(f + ": kind=99: unknown encoder kind code",
                assertThrows(DataFileException.class, () -> EncoderFormat.load(f)).getMessage());
        Files.write(f, b);
        assertEquals(f + ": kind=HASHED_CROSS: holds a HASHED_CROSS encoder, expected Vocabulary",
                assertThrows(DataFileException.class, () -> EncoderFormat.load(f, Vocabulary.class)).getMessage());
    }

    @Test
    void aPayloadThatDoesNotParseFailsEvenWithAValidChecksum() throws IOException {
        // a hand-made file with a valid checksum whose vocabulary ids are not ascending
        ByteBuffer p = ByteBuffer.allocate(1 + 4 + 4 + 16);
        p.put((byte) 1).putInt(1).putInt(2).putLong(5).putLong(3);
        byte[] file = EncoderFormat.container(EncoderKind.VOCABULARY, p.array(),
                ArtifactInfo.builder(ArtifactInfo.ENCODER).build(), 1);
        DataFileException e = assertThrows(DataFileException.class,
                () -> EncoderFormat.read(new ByteArrayInputStream(file), "hand.r4jf"));
        assertEquals("hand.r4jf: payload=VOCABULARY: corrupt: vocabulary ids not strictly ascending at position 1",
                e.getMessage());
        byte[] shortPayload = EncoderFormat.containerV1(EncoderKind.MIN_MAX, new byte[] {1, 2, 3});
        e = assertThrows(DataFileException.class, () -> EncoderFormat.read(new ByteArrayInputStream(shortPayload), "s"));
        assertEquals("s: payload=MIN_MAX: corrupt: ends too early", e.getMessage());
    }
}
