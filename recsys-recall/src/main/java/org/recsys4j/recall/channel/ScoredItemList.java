package org.recsys4j.recall.channel;

import org.recsys4j.core.store.CorruptValueException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A list of (external item id, score) pairs, best first, as stored offline for one user (the source
 * system's "store the results offline" option), and its byte codec. Immutable.
 *
 * <p>Layout of {@link #encode()} (little-endian), stored as the payload of a feature-store blob (the
 * store adds its own magic, version and CRC32 around it, see {@code ValueCodec}):
 * <pre>
 * offset  size  field
 * 0       2     magic "SL" (0x53 0x4C)
 * 2       1     format version, unsigned (currently 1)
 * 3       1     reserved, 0
 * 4       4     count n, signed int &gt;= 0
 * 8       12n   n entries: item id (int64), score (float32)
 * </pre>
 * so a list is exactly {@code 8 + 12n} bytes. Scores are finite and non-increasing; ids are distinct.
 * {@link #decode} checks all of it and throws a {@link CorruptValueException} naming where the bytes came
 * from.
 *
 * @param ids    external item ids, best first
 * @param scores their scores, non-increasing
 */
public record ScoredItemList(long[] ids, float[] scores) {
    /** The first magic byte, 'S'. */
    public static final byte MAGIC_0 = 0x53;
    /** The second magic byte, 'L'. */
    public static final byte MAGIC_1 = 0x4C;
    /** The format version written, and the newest read. */
    public static final int VERSION = 1;
    /** Bytes before the entries. */
    public static final int HEADER_BYTES = 8;
    /** Bytes per entry. */
    public static final int ENTRY_BYTES = 12;

    /**
     * Checks and copies the arrays.
     *
     * @throws IllegalArgumentException if the lengths differ, a score is not finite, scores increase or
     *                                  an id repeats (naming the position)
     */
    public ScoredItemList {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(scores, "scores");
        if (ids.length != scores.length) {
            throw new IllegalArgumentException("ids: " + ids.length + " entries, scores: " + scores.length);
        }
        ids = ids.clone();
        scores = scores.clone();
        String problem = problem(ids, scores);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Returns the list of the given pairs sorted best first (ties keep their given order).
     *
     * @param ids    external item ids, distinct
     * @param scores their scores, finite
     */
    public static ScoredItemList sorted(long[] ids, float[] scores) {
        if (ids.length != scores.length) {
            throw new IllegalArgumentException("ids: " + ids.length + " entries, scores: " + scores.length);
        }
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        long[] i2 = new long[ids.length];
        float[] s2 = new float[ids.length];
        for (int i = 0; i < order.length; i++) {
            i2[i] = ids[order[i]];
            s2[i] = scores[order[i]];
        }
        return new ScoredItemList(i2, s2);
    }

    private static String problem(long[] ids, float[] scores) {
        it.unimi.dsi.fastutil.longs.LongOpenHashSet seen = new it.unimi.dsi.fastutil.longs.LongOpenHashSet();
        for (int i = 0; i < ids.length; i++) {
            if (!Float.isFinite(scores[i])) {
                return "scores[" + i + "]: " + scores[i] + ", must be finite";
            }
            if (i > 0 && scores[i] > scores[i - 1]) {
                return "scores[" + i + "]: " + scores[i] + " > scores[" + (i - 1) + "] " + scores[i - 1]
                        + ", must be non-increasing (best first)";
            }
            if (!seen.add(ids[i])) {
                return "ids[" + i + "]: " + ids[i] + " repeats";
            }
        }
        return null;
    }

    /** Returns a copy of the item ids, best first. */
    @Override
    public long[] ids() {
        return ids.clone();
    }

    /** Returns a copy of the scores, non-increasing. */
    @Override
    public float[] scores() {
        return scores.clone();
    }

    /** Returns the number of entries. */
    public int size() {
        return ids.length;
    }

    /** Returns the bytes of the list in the format of the class comment. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + ENTRY_BYTES * ids.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC_0).put(MAGIC_1).put((byte) VERSION).put((byte) 0).putInt(ids.length);
        for (int i = 0; i < ids.length; i++) {
            b.putLong(ids[i]).putFloat(scores[i]);
        }
        return b.array();
    }

    /**
     * Returns the list encoded in {@code bytes}.
     *
     * @param bytes the encoding
     * @param where where the bytes came from, for messages (e.g. {@code "recs/42"})
     * @throws CorruptValueException if the bytes are not a valid list (too short, magic, version, length,
     *                               non-finite or increasing score, repeated id)
     */
    public static ScoredItemList decode(byte[] bytes, String where) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < HEADER_BYTES) {
            throw new CorruptValueException(where + ": " + bytes.length + " bytes, a scored list has at least "
                    + HEADER_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.get() != MAGIC_0 || b.get() != MAGIC_1) {
            throw new CorruptValueException(where + ": bad magic, not a scored item list");
        }
        int version = b.get() & 0xFF;
        if (version > VERSION) {
            throw new CorruptValueException(where + ": version " + version + ", this reader supports at most "
                    + VERSION);
        }
        b.get();
        int n = b.getInt();
        if (n < 0 || (long) HEADER_BYTES + (long) ENTRY_BYTES * n != bytes.length) {
            throw new CorruptValueException(where + ": count " + n + " does not match the length " + bytes.length);
        }
        long[] ids = new long[n];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = b.getLong();
            scores[i] = b.getFloat();
        }
        String problem = problem(ids, scores);
        if (problem != null) {
            throw new CorruptValueException(where + ": " + problem);
        }
        return new ScoredItemList(ids, scores);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoredItemList l && Arrays.equals(ids, l.ids) && Arrays.equals(scores, l.scores);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        return "ScoredItemList[" + ids.length + " items]";
    }
}
