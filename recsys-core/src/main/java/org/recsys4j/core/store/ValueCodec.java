package org.recsys4j.core.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Returns stored values encoded to, and decoded from, the feature store's binary value format; both
 * stores keep values in this form, so a value written through Redis by another client is checked the
 * same way. Never Java serialization.
 *
 * <p>Layout (all numbers little-endian, so e.g. NumPy can read the floats with
 * {@code numpy.frombuffer(b, '<f4', count=n, offset=8)}):
 * <pre>
 * offset  size  field
 * 0       2     magic "RV" (0x52 0x56)
 * 2       1     format version, unsigned (currently 1)
 * 3       1     kind: 1 = float32 vector, 2 = byte blob
 * 4       4     count n, signed int &gt;= 0: the vector dimension, or the blob length in bytes
 * 8       P     payload: n IEEE-754 float32 (P = 4n) or n bytes (P = n)
 * 8+P     4     CRC32 of bytes 0 .. 8+P-1
 * </pre>
 * A value is therefore exactly {@code 12 + P} bytes. Decoding checks, in this order: at least 12
 * bytes, the magic, the version ("version 3, this reader supports at most 1"), the kind (a blob where
 * a vector is expected, or the reverse), the length, the checksum and, for vectors of a namespace
 * with a declared dimension, the dimension. Every failure is a {@link CorruptValueException} naming
 * where the value came from.
 */
public final class ValueCodec {
    /** The first magic byte, 'R'. */
    public static final byte MAGIC_0 = 0x52;
    /** The second magic byte, 'V'. */
    public static final byte MAGIC_1 = 0x56;
    /** The format version this class writes and the newest it reads. */
    public static final int VERSION = 1;
    /** The kind code of a float32 vector. */
    public static final int KIND_VECTOR = 1;
    /** The kind code of a byte blob. */
    public static final int KIND_BLOB = 2;
    /** Header bytes before the payload. */
    public static final int HEADER_BYTES = 8;
    /** Trailer bytes after the payload (the CRC32). */
    public static final int TRAILER_BYTES = 4;

    private ValueCodec() {
    }

    /**
     * Returns the encoding of a vector.
     *
     * @param vector the components, copied
     */
    public static byte[] encodeVector(float[] vector) {
        ByteBuffer b = header(KIND_VECTOR, vector.length, 4 * vector.length);
        for (float f : vector) {
            b.putFloat(f);
        }
        return trailer(b);
    }

    /**
     * Returns the encoding of a blob.
     *
     * @param blob the bytes, copied
     */
    public static byte[] encodeBlob(byte[] blob) {
        ByteBuffer b = header(KIND_BLOB, blob.length, blob.length);
        b.put(blob);
        return trailer(b);
    }

    /**
     * Returns the vector encoded in {@code bytes}.
     *
     * @param bytes     an encoded value
     * @param dimension the required dimension, or 0 for any
     * @param where     names the value in error messages, e.g. "namespace 'item' version 3 key 'i42'"
     * @throws CorruptValueException if the bytes are not a valid vector of that dimension
     */
    public static float[] decodeVector(byte[] bytes, int dimension, String where) {
        ByteBuffer b = open(bytes, KIND_VECTOR, where);
        int n = b.getInt(4);
        if (dimension != 0 && n != dimension) {
            throw new CorruptValueException(where + ": stored vector has dimension " + n
                    + ", the namespace declares " + dimension);
        }
        float[] v = new float[n];
        b.position(HEADER_BYTES);
        for (int i = 0; i < n; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }

    /**
     * Returns the blob encoded in {@code bytes}.
     *
     * @param bytes an encoded value
     * @param where names the value in error messages
     * @throws CorruptValueException if the bytes are not a valid blob
     */
    public static byte[] decodeBlob(byte[] bytes, String where) {
        ByteBuffer b = open(bytes, KIND_BLOB, where);
        byte[] out = new byte[b.getInt(4)];
        b.position(HEADER_BYTES);
        b.get(out);
        return out;
    }

    private static ByteBuffer header(int kind, int count, int payloadBytes) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payloadBytes + TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC_0).put(MAGIC_1).put((byte) VERSION).put((byte) kind).putInt(count);
        return b;
    }

    private static byte[] trailer(ByteBuffer b) {
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private static String kindName(int kind) {
        return kind == KIND_VECTOR ? "a vector" : kind == KIND_BLOB ? "a blob" : "kind " + kind;
    }

    private static ByteBuffer open(byte[] bytes, int expectedKind, String where) {
        if (bytes.length < HEADER_BYTES + TRAILER_BYTES) {
            throw new CorruptValueException(where + ": stored value has " + bytes.length
                    + " bytes, expected " + kindName(expectedKind) + " of at least " + (HEADER_BYTES + TRAILER_BYTES)
                    + " bytes (corrupt or not written by Recsys4J)");
        }
        if (bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            throw new CorruptValueException(where + ": stored value starts with 0x" + String.format("%02X%02X", bytes[0], bytes[1])
                    + ", expected magic 0x5256 (\"RV\"); corrupt or not written by Recsys4J");
        }
        int version = Byte.toUnsignedInt(bytes[2]);
        if (version < 1 || version > VERSION) {
            throw new CorruptValueException(where + ": value format version " + version
                    + ", this reader supports at most " + VERSION);
        }
        int kind = Byte.toUnsignedInt(bytes[3]);
        if (kind != expectedKind) {
            throw new CorruptValueException(where + ": stored value is " + kindName(kind) + ", expected " + kindName(expectedKind));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getInt(4);
        long payload = kind == KIND_VECTOR ? 4L * n : n;
        long expected = HEADER_BYTES + payload + TRAILER_BYTES;
        if (n < 0 || expected != bytes.length) {
            throw new CorruptValueException(where + ": header announces " + n + (kind == KIND_VECTOR ? " floats" : " bytes")
                    + ", so " + expected + " bytes in all, but the stored value has " + bytes.length);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - TRAILER_BYTES);
        int stored = b.getInt(bytes.length - TRAILER_BYTES);
        if (stored != (int) crc.getValue()) {
            throw new CorruptValueException(where + ": checksum mismatch, stored 0x" + String.format("%08X", stored)
                    + ", computed 0x" + String.format("%08X", (int) crc.getValue()) + " (value corrupted)");
        }
        return b;
    }
}
