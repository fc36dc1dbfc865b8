package org.recsys4j.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Returns the fingerprints that {@link ArtifactInfo} records: SHA-256 digests, as 64 lowercase hex digits,
 * of a canonical little-endian encoding of the content, so that a fingerprint does not depend on the file
 * format the content was read from or written to.
 *
 * <ul>
 *   <li>{@link #ids(IdIndex) ids}: one byte for the id kind (0 numeric, 1 text), the count as int32, then
 *       each id as an int64 (numeric) or as an int32 UTF-8 length and the bytes (text), in row order: the id
 *       section of the binary embedding format. A numeric id and its decimal text are different ids here.</li>
 *   <li>{@link #table(EmbeddingTable) table}: the ids' encoding, the dimension as int32, then the row-major
 *       values as float32 (bit for bit).</li>
 *   <li>{@link #interactions(Interactions) interactions}: the user ids' and the item ids' encodings, the count
 *       as int32, then each row's user and item index (int32), value (float32) and timestamp (int64).</li>
 * </ul>
 *
 * <p>Why SHA-256 (the JDK's {@link MessageDigest}, no dependency): a fingerprint decides whether two artifacts
 * may be served together, and artifacts are files a person can replace by hand, so it must not collide even for
 * files made to collide, which a fast non-cryptographic hash (CRC-32, xxHash) does not promise; and with the
 * SHA extensions the JDK's intrinsic digests about 1.3 GB/s on this project's machines (2 ms for
 * ml-latest-small's largest table), once, when the artifact is built or saved, and again for a loaded embedding
 * table or encoder file, whose recorded content fingerprint is not trusted (a table digests its vectors on first
 * use, an encoder file at load); a loaded index keeps its recorded one (its content binds nothing; its input
 * {@code vectors} is a claim no digest of the index can check). It is also the digest the demo's work folder keys
 * files by.
 */
public final class Fingerprints {
    private static final int CHUNK = 1 << 15;
    private static final HexFormat HEX = HexFormat.of();

    private Fingerprints() {
    }

    /**
     * Returns the fingerprint of an id index (ids in row order).
     *
     * @param ids the ids
     * @return 64 hex digits
     */
    public static String ids(IdIndex ids) {
        Objects.requireNonNull(ids, "ids");
        Digest d = new Digest();
        d.ids(ids);
        return d.hex();
    }

    /**
     * Returns the content fingerprint of a table (ids, dimension, values), as {@link EmbeddingTable#info()}
     * records it.
     *
     * @param table the table
     * @return 64 hex digits
     */
    public static String table(EmbeddingTable table) {
        Objects.requireNonNull(table, "table");
        Digest d = new Digest();
        d.ids(table.ids());
        d.putInt(table.dim());
        d.floats(table.values());
        return d.hex();
    }

    /**
     * Returns the fingerprint of an interaction log (ids, rows, values, timestamps), e.g. to record the training
     * data of a model as its {@code data} input.
     *
     * @param log the interactions
     * @return 64 hex digits
     */
    public static String interactions(Interactions log) {
        Objects.requireNonNull(log, "log");
        Digest d = new Digest();
        d.ids(log.users());
        d.ids(log.items());
        int n = log.size();
        d.putInt(n);
        for (int k = 0; k < n; k++) {
            d.need(20);
            d.buf.putInt(log.user(k)).putInt(log.item(k)).putFloat(log.value(k)).putLong(log.timestamp(k));
        }
        return d.hex();
    }

    /**
     * Returns the fingerprint of an artifact whose content is ids and a serialised payload: the SHA-256 of the
     * ids' encoding followed by the payload's bytes (how saved indexes and neighbour tables are identified).
     *
     * @param ids     the ids of the artifact's rows
     * @param payload the rest of its content as saved
     * @return 64 hex digits
     */
    public static String of(IdIndex ids, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        Digest d = new Digest();
        d.ids(Objects.requireNonNull(ids, "ids"));
        d.flush();
        d.md.update(payload);
        return d.hex();
    }

    /**
     * Returns the fingerprint of token sequences over a vocabulary (e.g. a training corpus, to record as a
     * model's {@code data} input): the vocabulary's ids encoding, the number of sequences (int32), each
     * sequence's length (int32), then the tokens (int32), digested in chunks (no copy of the tokens).
     *
     * @param vocabulary the ids the tokens index
     * @param lengths    the length of each sequence
     * @param tokens     the tokens of the sequences, one after the other (at least the sum of the lengths)
     * @return 64 hex digits
     * @throws IllegalArgumentException if the lengths are negative or add up to more tokens than given
     */
    public static String sequences(IdIndex vocabulary, int[] lengths, int[] tokens) {
        Objects.requireNonNull(vocabulary, "vocabulary");
        Digest d = new Digest();
        d.ids(vocabulary);
        d.putInt(lengths.length);
        long total = 0;
        for (int len : lengths) {
            if (len < 0) {
                throw new IllegalArgumentException("lengths: " + len + ", must be >= 0");
            }
            d.putInt(len);
            total += len;
        }
        if (total > tokens.length) {
            throw new IllegalArgumentException("tokens: " + tokens.length + ", the lengths add up to " + total);
        }
        for (int k = 0; k < total; k++) {
            d.putInt(tokens[k]);
        }
        return d.hex();
    }

    /**
     * Returns the SHA-256 of bytes, e.g. of encoders saved to memory, as 64 hex digits.
     *
     * @param bytes the bytes
     * @return 64 hex digits
     */
    public static String bytes(byte[] bytes) {
        return HEX.formatHex(sha256().digest(bytes));
    }

    /**
     * Returns a new streaming digest, for the fingerprint of content this class has no method for (e.g. encoded
     * training rows): SHA-256 over the values put, little-endian, in the order put.
     *
     * @return the digest
     */
    public static Digest digest() {
        return new Digest();
    }

    /** Returns true if {@code s} is a fingerprint: 64 lowercase hex digits. */
    public static boolean isFingerprint(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Returns the first 12 hex digits of a fingerprint, as messages show it ({@code "(none)"} for empty). */
    public static String abbreviate(String fingerprint) {
        return fingerprint == null || fingerprint.isEmpty() ? "(none)"
                : fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint;
    }

    static void check(String what, String fingerprint) {
        if (!isFingerprint(fingerprint)) {
            throw new IllegalArgumentException(what + ": " + fingerprint + ", not a fingerprint (64 lowercase hex digits)");
        }
    }

    /** Returns a new SHA-256 digest. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * A SHA-256 fed through a little-endian buffer ({@link Fingerprints#digest()}): each {@code put} appends a value's
     * canonical encoding; {@link #hex()} returns the fingerprint. Not thread-safe; one fingerprint per digest.
     */
    public static final class Digest {
        final MessageDigest md = sha256();
        final ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);

        Digest() {
        }

        /**
         * Appends an int (4 bytes).
         *
         * @param v the value
         * @return this digest
         */
        public Digest putInt(int v) {
            need(4);
            buf.putInt(v);
            return this;
        }

        /**
         * Appends a text: its UTF-8 length as an int, then its bytes.
         *
         * @param s the text
         * @return this digest
         */
        public Digest putString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putInt(b.length);
            flush();
            md.update(b);
            return this;
        }

        /**
         * Appends {@code a[from .. to-1]}, 4 bytes each (not their count: put it first where it matters).
         *
         * @param a    the ints
         * @param from the first index
         * @param to   the end index (exclusive)
         * @return this digest
         */
        public Digest putInts(int[] a, int from, int to) {
            for (int k = from; k < to; k++) {
                need(4);
                buf.putInt(a[k]);
            }
            return this;
        }

        /**
         * Appends floats bit for bit, 4 bytes each (not their count).
         *
         * @param v the floats
         * @return this digest
         */
        public Digest putFloats(float[] v) {
            floats(v);
            return this;
        }

        /**
         * Appends ids as {@link Fingerprints#ids} encodes them.
         *
         * @param ids the ids
         * @return this digest
         */
        public Digest putIds(IdIndex ids) {
            ids(ids);
            return this;
        }

        void need(int n) {
            if (buf.remaining() < n) {
                flush();
            }
        }

        void flush() {
            md.update(buf.array(), 0, buf.position());
            buf.clear();
        }

        void ids(IdIndex ids) {
            int n = ids.size();
            need(5);
            buf.put((byte) (ids.isNumeric() ? 0 : 1)).putInt(n);
            for (int i = 0; i < n; i++) {
                if (ids.isNumeric()) {
                    need(8);
                    buf.putLong(ids.longId(i));
                } else {
                    byte[] b = ids.id(i).getBytes(StandardCharsets.UTF_8);
                    putInt(b.length);
                    flush();
                    md.update(b);
                }
            }
        }

        void floats(float[] v) {
            for (int off = 0; off < v.length; ) {
                need(4);
                int k = Math.min(v.length - off, buf.remaining() / 4);
                buf.asFloatBuffer().put(v, off, k);
                buf.position(buf.position() + 4 * k);
                off += k;
            }
        }

        /**
         * Returns the fingerprint of everything put: 64 lowercase hex digits. The digest is then reset.
         *
         * @return the fingerprint
         */
        public String hex() {
            flush();
            return HEX.formatHex(md.digest());
        }
    }
}
