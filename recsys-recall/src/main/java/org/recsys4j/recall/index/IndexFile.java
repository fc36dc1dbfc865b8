package org.recsys4j.recall.index;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.util.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The one container format of saved indexes: magic {@code R4JI}, the index kind (a short name such as
 * {@code brute-force}), the kind's format version, the kind's body, then a CRC32 of everything before it
 * (8 bytes, big-endian long). Written to a temporary file and moved into place; read back only after
 * the checksum matched, so a truncated or corrupt file is a clear error, never a half-built index.
 */
public final class IndexFile {
    /** The file magic, "R4JI". */
    public static final int MAGIC = 0x52344A49;

    private IndexFile() {
    }

    /** Writes an index body. */
    @FunctionalInterface
    public interface Body {
        /** Writes the body (big-endian {@link DataOutputStream} conventions). */
        void writeTo(DataOutputStream out) throws IOException;
    }

    /** An opened, checksum-verified index file positioned at the start of its body. */
    public record Opened(String kind, int version, DataInputStream body) {
    }

    /**
     * Writes {@code file} atomically.
     *
     * @throws IOException if writing fails (the target is then unchanged)
     */
    public static void write(Path file, String kind, int version, Body body) throws IOException {
        AtomicFiles.write(file, raw -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
            out.writeInt(MAGIC);
            out.writeUTF(kind);
            out.writeInt(version);
            body.writeTo(out);
            out.flush();
            new DataOutputStream(raw).writeLong(crc.getValue());
            raw.flush();
        });
    }

    /**
     * Checks, before an array is allocated for them, that a body still holds {@code count} elements of at
     * least {@code bytesEach} bytes: a count in a damaged or crafted file (whose checksum matches) is then an
     * error naming the field, not an attempt to allocate gigabytes.
     *
     * @param body      the body being read ({@link Opened#body()})
     * @param source    what the error names as the file
     * @param field     the field holding the elements
     * @param count     the number of elements the file claims
     * @param bytesEach the fewest bytes one element takes in the file
     * @throws DataFileException if the count is negative, too large for an array, or more than the body holds
     * @throws IOException         if the body cannot be read
     */
    public static void requireRemaining(DataInputStream body, String source, String field, long count, int bytesEach)
            throws IOException {
        if (count < 0 || count > Integer.MAX_VALUE - 8 || count * bytesEach > body.available()) {
            throw new DataFileException(source, 0, field, Long.toString(count), "elements of " + bytesEach
                    + " bytes do not fit the " + body.available() + " bytes left in the body (inconsistent sizes)");
        }
    }

    /**
     * Checks that a body was read to its end.
     *
     * @param body   the body, after its reader finished
     * @param source what the error names as the file
     * @param what   what the body holds, e.g. {@code hnsw index}
     * @throws DataFileException if bytes are left over
     * @throws IOException         if the body cannot be read
     */
    public static void requireEnd(DataInputStream body, String source, String what) throws IOException {
        if (body.available() > 0) {
            throw new DataFileException(source, 0, "body", body.available() + " bytes",
                    "trailing data after the " + what + " (inconsistent sizes)");
        }
    }

    /**
     * Reads and verifies {@code file}: magic and checksum.
     *
     * @throws DataFileException naming the file if it is too short, not an index file, or corrupt
     * @throws IOException         if it cannot be read
     */
    public static Opened open(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name = String.valueOf(file.getFileName());
        if (bytes.length < 4 + 2 + 4 + 8) {
            throw new DataFileException(name, 0, "length", Integer.toString(bytes.length),
                    "too short for an index file (truncated?)");
        }
        if (ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
            throw new DataFileException(name, 0, "magic", Integer.toHexString(ByteBuffer.wrap(bytes).getInt(0)),
                    "not a Recsys4J index file");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).getLong(bytes.length - 8);
        if (stored != crc.getValue()) {
            throw new DataFileException(name, 0, "checksum", Long.toHexString(stored), "does not match the computed "
                    + Long.toHexString(crc.getValue()) + ": the file is corrupt or truncated");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 4, bytes.length - 12));
        try {
            String kind = in.readUTF();
            int version = in.readInt();
            return new Opened(kind, version, in);
        } catch (java.io.UTFDataFormatException | java.io.EOFException e) {
            throw new DataFileException(name, 0, "kind", "", "not a valid kind name and version ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
