package org.recsys4j.recall.index;

import org.recsys4j.core.data.DataFormatException;
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
     * Reads and verifies {@code file}: magic and checksum.
     *
     * @throws DataFormatException naming the file if it is too short, not an index file, or corrupt
     * @throws IOException         if it cannot be read
     */
    public static Opened open(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name = String.valueOf(file.getFileName());
        if (bytes.length < 4 + 2 + 4 + 8) {
            throw new DataFormatException(name, 0, "length", Integer.toString(bytes.length),
                    "too short for an index file (truncated?)");
        }
        if (ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
            throw new DataFormatException(name, 0, "magic", Integer.toHexString(ByteBuffer.wrap(bytes).getInt(0)),
                    "not a Recsys4J index file");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).getLong(bytes.length - 8);
        if (stored != crc.getValue()) {
            throw new DataFormatException(name, 0, "checksum", Long.toHexString(stored), "does not match the computed "
                    + Long.toHexString(crc.getValue()) + ": the file is corrupt or truncated");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 4, bytes.length - 12));
        String kind = in.readUTF();
        int version = in.readInt();
        return new Opened(kind, version, in);
    }
}
