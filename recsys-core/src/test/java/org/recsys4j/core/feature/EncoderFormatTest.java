package org.recsys4j.core.feature;

import org.recsys4j.core.data.DataFileException;

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
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
            assertArrayEquals(Files.readAllBytes(file), out.toByteArray(), "stream and file bytes agree");
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
        assertEquals(11 + 9 + 4, b.length);        // header, double + boolean, CRC32
        ByteBuffer buf = ByteBuffer.wrap(b);
        assertEquals("R4JF", new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, buf.getShort(4));
        assertEquals(EncoderKind.LABEL_THRESHOLD.code(), buf.get(6));
        assertEquals(9, buf.getInt(7));
        assertEquals(3.5, buf.getDouble(11));
        assertEquals(1, buf.get(19));
        CRC32 crc = new CRC32();
        crc.update(b, 0, 20);
        assertEquals((int) crc.getValue(), buf.getInt(20));
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
        assertEquals(f + ": version=3: format version 3, this reader supports at most 1", e.getMessage());
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
        byte[] file = EncoderFormat.container(EncoderKind.VOCABULARY, p.array());
        DataFileException e = assertThrows(DataFileException.class,
                () -> EncoderFormat.read(new ByteArrayInputStream(file), "hand.r4jf"));
        assertEquals("hand.r4jf: payload=VOCABULARY: corrupt: vocabulary ids not strictly ascending at position 1",
                e.getMessage());
        byte[] shortPayload = EncoderFormat.container(EncoderKind.MIN_MAX, new byte[] {1, 2, 3});
        e = assertThrows(DataFileException.class, () -> EncoderFormat.read(new ByteArrayInputStream(shortPayload), "s"));
        assertEquals("s: payload=MIN_MAX: corrupt: ends too early", e.getMessage());
    }
}
