package org.recsys4j.recall.index;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.util.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
 * The one container format of saved indexes and neighbour tables: magic {@code R4JI}, the kind (a short name
 * such as {@code brute-force}), the kind's format version, from version 2 on the artifact's
 * {@link ArtifactInfo} block ({@code int32} length, then the block), the kind's body, then a CRC32 of
 * everything before it (8 bytes, big-endian long). Written to a temporary file and moved into place; read back
 * only after the checksum matched, so a truncated or corrupt file is a clear error, never a half-built index.
 *
 * <p>Version 2 of every kind is its version-1 body preceded by the info block (the item-neighbour table's
 * body also gained its ids). The info records the rows, the fingerprint of their ids, the fingerprint of the
 * content (SHA-256 of the ids' canonical encoding followed by the body's bytes, see
 * {@link Fingerprints#of(IdIndex, byte[])}) and the provenance, e.g. the fingerprint of the vectors an index
 * was built from (input {@code vectors}). {@link ArtifactInfo#read(Path)} reads it without the body.
 */
public final class IndexFile {
    /** The file magic, "R4JI". */
    public static final int MAGIC = 0x52344A49;
    /** The newest kind format version this library reads; versions from 2 on carry an info block. */
    public static final int MAX_VERSION = 2;

    private IndexFile() {
    }

    /** Writes an index body. */
    @FunctionalInterface
    public interface Body {
        /** Writes the body (big-endian {@link DataOutputStream} conventions). */
        void writeTo(DataOutputStream out) throws IOException;
    }

    /**
     * An opened, checksum-verified index file positioned at the start of its body.
     *
     * @param kind    the kind
     * @param version the kind's format version
     * @param info    the recorded info (version 2 on), or {@link ArtifactInfo#unrecorded} (version 1)
     * @param body    the body
     */
    public record Opened(String kind, int version, ArtifactInfo info, DataInputStream body) {
    }

    /**
     * Writes {@code file} atomically in format version {@code version} (at least 2) with an info block: the
     * provenance given, identified by the ids and the body's bytes (the body is written to memory first, to
     * digest it before the header is written).
     *
     * @param file       the destination
     * @param version    the kind's format version, at least 2
     * @param provenance the provenance; its kind is the file's kind
     * @param ids        the ids of the artifact's rows
     * @param body       writes the body
     * @return the info written (provenance and identity)
     * @throws IOException if writing fails (the target is then unchanged)
     */
    public static ArtifactInfo write(Path file, int version, ArtifactInfo provenance, IdIndex ids, Body body)
            throws IOException {
        if (version < 2) {
            throw new IllegalArgumentException("version: " + version + ", an info block needs version >= 2");
        }
        byte[] bytes = bodyBytes(body);
        ArtifactInfo info = identify(provenance, ids, bytes);
        byte[] block = info.toBytes();
        write(file, info.kind(), version, out -> {
            out.writeInt(block.length);
            out.write(block);
            out.write(bytes);
        });
        return info;
    }

    /**
     * Returns the provenance identified by an artifact's ids and body, as {@link #write(Path, int, ArtifactInfo,
     * IdIndex, Body)} records it: to compute the info of an artifact that was not saved.
     *
     * @param provenance the provenance
     * @param ids        the ids of the rows
     * @param body       writes the body
     * @return the info with rows, ids and content fingerprints
     */
    public static ArtifactInfo identify(ArtifactInfo provenance, IdIndex ids, Body body) {
        try {
            return identify(provenance, ids, bodyBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    private static ArtifactInfo identify(ArtifactInfo provenance, IdIndex ids, byte[] body) {
        return provenance.identified(ids.size(), Fingerprints.ids(ids), Fingerprints.of(ids, body));
    }

    private static byte[] bodyBytes(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        DataOutputStream out = new DataOutputStream(bytes);
        body.writeTo(out);
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * Checks that what a kind's reader built from a version-2 file has the recorded rows and ids fingerprint
     * (a cheap digest of the ids, not of the payload); nothing to check for version 1.
     *
     * @param opened the opened file
     * @param ids    the ids the reader built
     * @param source the file the error names
     * @throws DataFileException naming the file if the rows or ids differ from the recorded ones
     */
    public static void requireRecordedIds(Opened opened, IdIndex ids, String source) throws DataFileException {
        ArtifactInfo info = opened.info();
        if (!info.recorded()) {
            return;
        }
        if (info.rows() != ids.size()) {
            throw new DataFileException(source, 0, "info", "rows=" + info.rows(), "the info block records "
                    + info.rows() + " rows, the body has " + ids.size() + " (file corrupted or crafted)");
        }
        String fp = Fingerprints.ids(ids);
        if (!fp.equals(info.idsFingerprint().orElse(""))) {
            throw new DataFileException(source, 0, "ids", Fingerprints.abbreviate(fp), "the ids read do not have the"
                    + " recorded ids fingerprint " + Fingerprints.abbreviate(info.idsFingerprint().orElse(""))
                    + " (file corrupted or crafted)");
        }
    }

    /**
     * Writes {@code file} atomically with the given kind, version and body as they are (no info block is
     * added: for version 1 files, and for tests that craft files).
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
        String kind;
        int version;
        try {
            kind = in.readUTF();
            version = in.readInt();
        } catch (java.io.UTFDataFormatException | java.io.EOFException e) {
            throw new DataFileException(name, 0, "kind", "", "not a valid kind name and version ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (version < 2) {
            return new Opened(kind, version, ArtifactInfo.unrecorded(kind, -1), in);
        }
        if (version > MAX_VERSION) {
            throw new DataFileException(name, 0, "version", Integer.toString(version), "'" + kind + "' format version "
                    + version + " is newer than this library reads (1 to " + MAX_VERSION + ")");
        }
        int length = in.readInt();
        if (length < 14 || length > in.available()) {
            throw new DataFileException(name, 0, "info", "length " + length, "impossible info block length");
        }
        byte[] block = new byte[length];
        in.readFully(block);
        ArtifactInfo info = ArtifactInfo.fromBytes(block, name);
        if (!info.kind().equals(kind)) {
            throw new DataFileException(name, 0, "info", info.kind(), "the info block names another kind than the"
                    + " file's '" + kind + "' (file crafted?)");
        }
        return new Opened(kind, version, info, in);
    }
}
