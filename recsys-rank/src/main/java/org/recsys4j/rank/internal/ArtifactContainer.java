package org.recsys4j.rank.internal;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.util.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The framing of rank's binary model files ({@code R4JC} CTR models, {@code R4JS} sequence models), written and
 * checked in one place. Big-endian:
 *
 * <pre>
 * int32 magic      int32 format version
 * (from version {@code infoSince}) int32 length L, L bytes: the artifact's {@link ArtifactInfo} block
 * the payload (the format's own: spec, ids, parameters...)
 * int32 CRC-32 of every byte before it
 * </pre>
 *
 * Reading checks, in order, the length, the magic (naming the Recsys4J artifact a file of another kind is), the
 * version, the checksum and the info block (its kind); each failure is a {@link DataFileException} naming the
 * source, the part ({@code length}, {@code magic}, {@code version}, {@code checksum}, {@code info}) and the problem.
 * The format then reads its payload from {@link Frame#payload()} and calls {@link #requireEnd}. Immutable.
 */
public final class ArtifactContainer {
    private final int magic;
    private final String what;
    private final int version;
    private final int infoSince;
    private final String kind;

    /**
     * Returns the container of one file format.
     *
     * @param magic     the four-byte magic number (e.g. {@code 0x52344A43}, "R4JC")
     * @param what      what such a file holds, for messages ("CTR model")
     * @param version   the format version written; versions 1 to it are read
     * @param infoSince the first version whose files carry an info block
     * @param kind      the artifact kind of the info block ({@link ArtifactInfo#CTR_MODEL}...)
     */
    public ArtifactContainer(int magic, String what, int version, int infoSince, String kind) {
        this.magic = magic;
        this.what = Objects.requireNonNull(what, "what");
        this.version = version;
        this.infoSince = infoSince;
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A checked file: its format version, its info block (empty before {@code infoSince}) and its payload. */
    public record Frame(int version, Optional<ArtifactInfo> info, DataInputStream payload) {
    }

    /** Returns the framed bytes of {@code payload} with the (identified) {@code info} block, at the current version. */
    public byte[] toBytes(ArtifactInfo info, byte[] payload) {
        byte[] block = info.toBytes();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + block.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            out.writeInt(version);
            out.writeInt(block.length);
            out.write(block);
            out.write(payload);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes {@link #toBytes} to {@code file} atomically.
     *
     * @throws IOException if writing fails; the previous file, if any, is then unchanged
     */
    public void write(Path file, ArtifactInfo info, byte[] payload) throws IOException {
        AtomicFiles.write(file, toBytes(info, payload));
    }

    /**
     * Checks the frame of {@code b} and returns its version, info block and payload (without the checksum).
     *
     * @param b      the whole file
     * @param source the file (or source) the messages name
     * @throws DataFileException naming the part that is wrong
     */
    public Frame open(byte[] b, String source) throws DataFileException {
        if (b.length < 12) {
            throw new DataFileException(source, 0, "length", Integer.toString(b.length),
                    "only " + b.length + " bytes, not a " + what + " file");
        }
        ByteBuffer head = ByteBuffer.wrap(b);
        if (head.getInt(0) != magic) {
            throw new DataFileException(source, 0, "magic", String.format("0x%08X", head.getInt(0)),
                    String.format("expected 0x%08X ('%s'): not a %s file", magic, tag(), what) + found(source));
        }
        int v = head.getInt(4);
        if (v < 1 || v > version) {
            throw new DataFileException(source, 0, "version", Integer.toString(v), what + " format version "
                    + v + ", this library reads versions 1 to " + version);
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        int stored = head.getInt(b.length - 4);
        if ((int) crc.getValue() != stored) {
            throw new DataFileException(source, 0, "checksum", String.format("0x%08X", stored),
                    String.format("does not match the computed 0x%08X: the file is corrupted or truncated",
                            (int) crc.getValue()));
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, 8, b.length - 12));
        if (v < infoSince) {
            return new Frame(v, Optional.empty(), in);
        }
        try {
            int length = in.readInt();
            if (length < 14 || length > in.available()) {
                throw new DataFileException(source, 8, "info", "length " + length, "impossible info block length");
            }
            byte[] block = new byte[length];
            in.readFully(block);
            return new Frame(v, Optional.of(ArtifactInfo.fromBytes(block, source).requireKind(kind, source)), in);
        } catch (DataFileException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFileException(source, 8, "info", "", "the file ends inside the info block", e);
        }
    }

    /** Reads and checks the whole file: {@link #open} of its bytes. */
    public Frame open(Path file) throws IOException {
        return open(Files.readAllBytes(file), file.toString());
    }

    /**
     * Throws unless the payload was read to its end.
     *
     * @throws DataFileException (part {@code body}) naming the bytes left after {@code after}
     */
    public static void requireEnd(DataInputStream payload, String source, String after) throws IOException {
        if (payload.available() != 0) {
            throw new DataFileException(source, 0, "body", payload.available() + " bytes",
                    "unexpected bytes after the " + after);
        }
    }

    private String tag() {
        char[] c = new char[4];
        for (int k = 0; k < 4; k++) {
            c[k] = (char) ((magic >>> (24 - 8 * k)) & 0xFF);
        }
        return new String(c);
    }

    /** Returns, for a file of another kind, what it is (naming another Recsys4J artifact). */
    private static String found(String source) {
        try {
            Path p = Path.of(source);
            return Files.isRegularFile(p) ? ArtifactInfo.identify(p).map(d -> "; found: " + d).orElse("") : "";
        } catch (RuntimeException e) {
            return ""; // a source that is not a path
        }
    }
}
