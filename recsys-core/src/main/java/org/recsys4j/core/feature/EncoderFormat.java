package org.recsys4j.core.feature;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.util.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Returns encoders read from, and writes them to, the versioned binary encoder format; never Java
 * serialization.
 *
 * <p>Layout of version {@value #VERSION} (all integers big-endian):
 * <pre>
 * offset    size  field
 * 0         4     magic "R4JF" (0x52 0x34 0x4A 0x46)
 * 4         2     format version, unsigned (2)
 * 6         1     kind code ({@link EncoderKind#code()})
 * 7         4     info block length I
 * 11        I     the artifact's {@link ArtifactInfo} block (kind {@value ArtifactInfo#ENCODER}, or
 *                 {@value ArtifactInfo#FEATURE_SCHEMA} for a whole schema; producer, settings, library version,
 *                 creation time, rows = features, content fingerprint = SHA-256 of the payload)
 * 11+I      4     payload length L, signed int &gt;= 0
 * 15+I      L     payload (per kind, see docs/features.md)
 * 15+I+L    4     CRC32 of every byte before it
 * </pre>
 * Version 1, still read, has no info block (the payload length at offset 7, the payload at 11). Strings inside
 * payloads are an int byte length followed by UTF-8 bytes. A whole fitted schema uses the same container with
 * kind {@link EncoderKind#SCHEMA}.
 *
 * <p>Reading checks, in this order: the file is at least 15 bytes, the magic, the version
 * ("version 3, this reader supports 1 to 2"), the kind, the lengths (truncated or trailing
 * bytes), the checksum ("checksum mismatch in FILE"), the info block (its own checksum, its kind), that the
 * payload has the recorded content fingerprint (re-digested: a payload is small and already in memory, so a
 * header that claims other content is refused), and finally that the payload parses completely. Every failure
 * is a {@link DataFileException} naming the file. {@link ArtifactInfo#read(Path)} reads the info without the
 * payload.
 */
public final class EncoderFormat {
    /** The magic bytes, "R4JF", as a big-endian int. */
    public static final int MAGIC = 0x52344A46;
    /** The format version this class writes and the newest it reads. */
    public static final int VERSION = 2;
    /** The bytes before the payload of a version-1 file (version 2 adds the info block and its length). */
    static final int HEADER_BYTES = 11;
    static final int TRAILER_BYTES = 4;
    private static final int MAX_STRING_BYTES = 1 << 20;

    private EncoderFormat() {
    }

    /**
     * Writes an encoder to a file through a temporary file in the same directory and an atomic move,
     * so a reader never sees a half-written file.
     *
     * @param encoder the encoder
     * @param file    the destination; replaced if it exists
     * @throws IOException if writing fails
     */
    public static void save(Encoder encoder, Path file) throws IOException {
        writeAtomically(container(encoder.kind(), payload(encoder), provenance(encoder), 1), file);
    }

    /**
     * Writes an encoder to a file with the given provenance (a name, settings, the fingerprint of what it was
     * fitted on, a pinned creation time), atomically like {@link #save(Encoder, Path)}; the file records it with the
     * encoder's identity (rows 1, the content fingerprint of its payload).
     *
     * @param encoder    the encoder
     * @param file       the destination; replaced if it exists
     * @param provenance the provenance, of kind {@value ArtifactInfo#ENCODER}
     * @throws IllegalArgumentException if the provenance is of another kind
     * @throws IOException              if writing fails
     */
    public static void save(Encoder encoder, Path file, ArtifactInfo provenance) throws IOException {
        Objects.requireNonNull(provenance, "provenance");
        if (!ArtifactInfo.ENCODER.equals(provenance.kind())) {
            throw new IllegalArgumentException("provenance: kind " + provenance.kind() + ", must be " + ArtifactInfo.ENCODER);
        }
        writeAtomically(container(encoder.kind(), payload(encoder), provenance, 1), file);
    }

    /**
     * Returns the info a saved encoder records: its default provenance (producer = its class, setting
     * {@code encoder} = its kind) and its identity (rows 1, the content fingerprint of its payload).
     *
     * @param encoder the encoder
     * @return the info
     */
    public static ArtifactInfo info(Encoder encoder) {
        return identified(provenance(encoder), 1, payload(encoder));
    }

    private static ArtifactInfo provenance(Encoder encoder) {
        return ArtifactInfo.builder(ArtifactInfo.ENCODER).withProducer(encoder.getClass().getName())
                .withSetting("encoder", encoder.kind().name()).build();
    }

    static ArtifactInfo identified(ArtifactInfo provenance, int rows, byte[] payload) {
        return provenance.identified(rows, "", Fingerprints.bytes(payload));
    }

    /**
     * Writes an encoder to a stream (the stream is not closed).
     *
     * @param encoder the encoder
     * @param out     the stream
     * @throws IOException if writing fails
     */
    public static void write(Encoder encoder, OutputStream out) throws IOException {
        out.write(container(encoder.kind(), payload(encoder), provenance(encoder), 1));
    }

    /**
     * Returns the encoder stored in a file.
     *
     * @param file the file
     * @throws DataFileException if the file is not a valid encoder file (the message names it)
     * @throws IOException            if reading fails
     */
    public static Encoder load(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /**
     * Returns the encoder stored in a file, which must be of the given type.
     *
     * @param file the file
     * @param type the expected encoder class, e.g. {@code Vocabulary.class}
     * @throws DataFileException if the file is invalid or holds another kind of encoder
     * @throws IOException            if reading fails
     */
    public static <E extends Encoder> E load(Path file, Class<E> type) throws IOException {
        Encoder e = load(file);
        if (!type.isInstance(e)) {
            throw new DataFileException(file.toString(), 0, "kind", e.kind().name(),
                    "holds a " + e.kind() + " encoder, expected " + type.getSimpleName());
        }
        return type.cast(e);
    }

    /**
     * Returns the encoder read from a stream, which must hold exactly one encoder file and nothing else.
     *
     * @param in     the stream (read to its end, not closed)
     * @param source the name used in error messages, e.g. a file or resource name
     * @throws DataFileException if the bytes are not a valid encoder file
     * @throws IOException            if reading fails
     */
    public static Encoder read(InputStream in, String source) throws IOException {
        return read(in.readAllBytes(), source);
    }

    static Encoder read(byte[] bytes, String source) throws IOException {
        Container c = open(bytes, source);
        if (c.kind == EncoderKind.SCHEMA) {
            throw new DataFileException(source, 0, "kind", c.kind.name(),
                    "holds a whole feature schema; load it with FeatureSchema.load");
        }
        return parse(c, source, in -> readPayload(c.kind, in));
    }

    // ---- container ---------------------------------------------------------------------------

    static final class Container {
        final EncoderKind kind;
        final byte[] bytes;
        final int payloadOffset;
        final int payloadLength;
        /** The recorded info (version 2), or the unrecorded info of a version-1 file. */
        final ArtifactInfo info;

        Container(EncoderKind kind, byte[] bytes, int payloadOffset, int payloadLength, ArtifactInfo info) {
            this.kind = kind;
            this.bytes = bytes;
            this.payloadOffset = payloadOffset;
            this.payloadLength = payloadLength;
            this.info = info;
        }
    }

    interface PayloadReader<R> {
        R read(DataInputStream in) throws IOException;
    }

    /**
     * Returns the bytes of a version-{@value #VERSION} file: the provenance recorded with the identity of the
     * payload ({@code rows}: 1 for an encoder, the number of features for a schema; the payload's SHA-256).
     */
    static byte[] container(EncoderKind kind, byte[] payload, ArtifactInfo provenance, int rows) {
        return containerBytes(kind, payload, identified(provenance, rows, payload).toBytes());
    }

    private static byte[] containerBytes(EncoderKind kind, byte[] payload, byte[] info) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 4 + info.length + payload.length + TRAILER_BYTES);
        b.putInt(MAGIC).putShort((short) VERSION).put((byte) kind.code()).putInt(info.length).put(info)
                .putInt(payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Returns the bytes of a version-1 file (no info block): for tests that keep writing the old format. */
    static byte[] containerV1(EncoderKind kind, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length + TRAILER_BYTES);
        b.putInt(MAGIC).putShort((short) 1).put((byte) kind.code()).putInt(payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, HEADER_BYTES + payload.length);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static Container open(byte[] bytes, String source) throws DataFileException {
        if (bytes.length >= 4) {
            int magic = ByteBuffer.wrap(bytes).getInt(0);
            if (magic != MAGIC) {
                throw new DataFileException(source, 0, "magic", "0x" + String.format("%08X", magic),
                        "not a Recsys4J feature file, expected 0x" + String.format("%08X", MAGIC) + " (\"R4JF\")");
            }
        }
        if (bytes.length < HEADER_BYTES + TRAILER_BYTES) {
            throw new DataFileException(source, 0, "length", bytes.length + " bytes",
                    "truncated: a feature file has at least " + (HEADER_BYTES + TRAILER_BYTES));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int version = Short.toUnsignedInt(b.getShort(4));
        if (version > VERSION || version < 1) {
            throw new DataFileException(source, 0, "version", Integer.toString(version),
                    "format version " + version + ", this reader supports 1 to " + VERSION);
        }
        int code = Byte.toUnsignedInt(b.get(6));
        EncoderKind kind = EncoderKind.ofCode(code);
        if (kind == null) {
            throw new DataFileException(source, 0, "kind", Integer.toString(code), "unknown encoder kind code");
        }
        int infoLength = 0;
        int lengthAt = 7;
        if (version >= 2) {
            infoLength = b.getInt(7);
            if (infoLength < 14 || (long) HEADER_BYTES + 4 + infoLength + TRAILER_BYTES > bytes.length) {
                throw new DataFileException(source, 0, "info", "length " + infoLength,
                        "impossible info block length for a file of " + bytes.length + " bytes (truncated or corrupted)");
            }
            lengthAt = HEADER_BYTES + infoLength;
        }
        int payloadOffset = lengthAt + 4;
        int length = b.getInt(lengthAt);
        long expected = (long) payloadOffset + length + TRAILER_BYTES;
        if (length < 0 || expected > bytes.length) {
            throw new DataFileException(source, 0, "length", length + " payload bytes", "truncated: the header announces "
                    + length + " payload bytes, so " + expected + " bytes in all, but the file has " + bytes.length);
        }
        if (expected < bytes.length) {
            throw new DataFileException(source, 0, "length", bytes.length + " bytes",
                    (bytes.length - expected) + " unexpected bytes after the checksum");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, payloadOffset + length);
        int stored = b.getInt(payloadOffset + length);
        if (stored != (int) crc.getValue()) {
            throw new DataFileException(source, 0, "checksum", "0x" + String.format("%08X", stored),
                    "checksum mismatch: computed 0x" + String.format("%08X", (int) crc.getValue()) + " (file corrupted)");
        }
        String expectedKind = kind == EncoderKind.SCHEMA ? ArtifactInfo.FEATURE_SCHEMA : ArtifactInfo.ENCODER;
        if (version < 2) {
            return new Container(kind, bytes, payloadOffset, length, ArtifactInfo.unrecorded(expectedKind, -1));
        }
        ArtifactInfo info = ArtifactInfo.fromBytes(Arrays.copyOfRange(bytes, HEADER_BYTES, HEADER_BYTES + infoLength), source)
                .requireKind(expectedKind, source);
        String content = Fingerprints.bytes(Arrays.copyOfRange(bytes, payloadOffset, payloadOffset + length));
        if (!content.equals(info.contentFingerprint().orElse(""))) {
            throw new DataFileException(source, 0, "content", Fingerprints.abbreviate(content), "the payload read does"
                    + " not have the recorded content fingerprint " + Fingerprints.abbreviate(info.contentFingerprint()
                    .orElse("")) + " (file corrupted or crafted)");
        }
        return new Container(kind, bytes, payloadOffset, length, info);
    }

    static <R> R parse(Container c, String source, PayloadReader<R> reader) throws DataFileException {
        ByteArrayInputStream bin = new ByteArrayInputStream(c.bytes, c.payloadOffset, c.payloadLength);
        DataInputStream in = new DataInputStream(bin);
        try {
            R r = reader.read(in);
            if (bin.available() != 0) {
                throw new IOException(bin.available() + " bytes left over after the payload");
            }
            return r;
        } catch (EOFException e) {
            throw new DataFileException(source, 0, "payload", c.kind.name(), "corrupt: ends too early", e);
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(source, 0, "payload", c.kind.name(), "corrupt: " + e.getMessage(), e);
        }
    }

    static void writeAtomically(byte[] bytes, Path file) throws IOException {
        AtomicFiles.write(file, bytes);
    }

    // ---- payloads ----------------------------------------------------------------------------

    static byte[] payload(Encoder encoder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            writePayload(encoder, out);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    static void writePayload(Encoder encoder, DataOutput out) throws IOException {
        if (encoder instanceof Vocabulary v) {
            v.writePayload(out);
        } else if (encoder instanceof MultiHot m) {
            m.writePayload(out);
        } else if (encoder instanceof MinMaxScaler s) {
            s.writePayload(out);
        } else if (encoder instanceof StandardScaler s) {
            s.writePayload(out);
        } else if (encoder instanceof QuantileBuckets q) {
            q.writePayload(out);
        } else if (encoder instanceof LabelThreshold l) {
            l.writePayload(out);
        } else if (encoder instanceof HashedCross h) {
            h.writePayload(out);
        } else if (encoder instanceof TimeContext t) {
            t.writePayload(out);
        } else {
            throw new IllegalArgumentException("unknown encoder " + encoder);
        }
    }

    static Encoder readPayload(EncoderKind kind, DataInput in) throws IOException {
        return switch (kind) {
            case VOCABULARY -> Vocabulary.readPayload(in);
            case MULTI_HOT -> MultiHot.readPayload(in);
            case MIN_MAX -> MinMaxScaler.readPayload(in);
            case STANDARD -> StandardScaler.readPayload(in);
            case QUANTILE_BUCKETS -> QuantileBuckets.readPayload(in);
            case LABEL_THRESHOLD -> LabelThreshold.readPayload(in);
            case HASHED_CROSS -> HashedCross.readPayload(in);
            case TIME_CONTEXT -> TimeContext.readPayload(in);
            case SCHEMA -> throw new IOException("a schema cannot be nested in a schema");
        };
    }

    static void writeString(DataOutput out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING_BYTES) {
            throw new IOException("string length " + n + " out of range 0.." + MAX_STRING_BYTES);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static int readCount(DataInput in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 28)) {
            throw new IOException(what + " " + n + " out of range");
        }
        return n;
    }
}
