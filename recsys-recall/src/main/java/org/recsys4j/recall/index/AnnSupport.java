package org.recsys4j.recall.index;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.util.IntDoubleTopK;
import org.recsys4j.core.vector.Vectors;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Shared plumbing of the approximate indexes: argument checks, scoring, result and file helpers. */
final class AnnSupport {
    private static final int CHUNK = 1 << 14;

    private AnnSupport() {
    }

    /** Copies the table's rows into one row-major array, normalised for {@link Metric#COSINE}. */
    static float[] rows(EmbeddingTable table, Metric metric) {
        int dim = table.dim();
        float[] values = new float[table.size() * dim];
        float[] row = new float[dim];
        for (int r = 0; r < table.size(); r++) {
            table.row(r, row);
            System.arraycopy(row, 0, values, r * dim, dim);
        }
        if (metric == Metric.COSINE) {
            Vectors.normalizeRows(values, dim);
        }
        return values;
    }

    /** Checks a query and {@code k}; returns the query to score with (a normalised copy for cosine). */
    static float[] query(float[] query, int dim, int k, Metric metric) {
        if (query == null) {
            throw new IllegalArgumentException("query: null");
        }
        if (query.length != dim) {
            throw new IllegalArgumentException("query: dimension " + query.length + ", the index has dim " + dim);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k: " + k + ", must be >= 1");
        }
        if (metric == Metric.COSINE) {
            float[] q = query.clone();
            Vectors.normalize(q, 0, dim);
            return q;
        }
        return query;
    }

    /** Returns the score (higher is better) of the stored vector at {@code off} for a prepared query. */
    static double score(Metric metric, float[] q, float[] data, int off, int dim) {
        return metric == Metric.L2 ? -Vectors.squaredDistance(q, 0, data, off, dim) : Vectors.dot(q, 0, data, off, dim);
    }

    /** Drains a selection into {@link Neighbors}. */
    static Neighbors drain(IntDoubleTopK top) {
        int n = top.size();
        int[] rows = new int[n];
        double[] s = new double[n];
        top.drain(rows, s);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) s[i];
        }
        return new Neighbors(rows, f);
    }

    static IllegalArgumentException bad(String name, Object value, String rule) {
        return new IllegalArgumentException(name + ": " + value + ", " + rule);
    }

    /** Returns the error of a body whose {@code field} holds {@code value}; the loader names the file. */
    static DataFileException format(String field, Object value, String problem) {
        return format(field, value, problem, null);
    }

    /** Like {@link #format(String, Object, String)}, with the exception that revealed the problem. */
    static DataFileException format(String field, Object value, String problem, Throwable cause) {
        return new DataFileException("index body", 0, field, String.valueOf(value), problem, cause);
    }

    /** Checks the kind and version of an opened file. */
    static void expect(IndexFile.Opened file, String kind, int version) throws DataFileException {
        if (!kind.equals(file.kind())) {
            throw format("kind", file.kind(), "expected a '" + kind + "' index");
        }
        if (file.version() < 1 || file.version() > version) {
            throw format("version", file.version(), "unsupported '" + kind + "' format version, this library reads 1 to "
                    + version);
        }
    }

    static int readCount(DataInputStream in, String field, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw format(field, n, "must be in [0, " + max + "]");
        }
        return n;
    }

    /** Writes ids: a numeric flag, the count, then longs or UTF strings. */
    static void writeIds(DataOutputStream out, IdIndex ids) throws IOException {
        out.writeBoolean(ids.isNumeric());
        out.writeInt(ids.size());
        writeIdValues(out, ids);
    }

    /** Writes ids without their count (a format whose header already gives it): the flag, then the ids. */
    static void writeIdsWithoutCount(DataOutputStream out, IdIndex ids) throws IOException {
        out.writeBoolean(ids.isNumeric());
        writeIdValues(out, ids);
    }

    private static void writeIdValues(DataOutputStream out, IdIndex ids) throws IOException {
        for (int i = 0; i < ids.size(); i++) {
            if (ids.isNumeric()) {
                out.writeLong(ids.longId(i));
            } else {
                out.writeUTF(ids.id(i));
            }
        }
    }

    /** Reads ids written by {@link #writeIds}. */
    static IdIndex readIds(DataInputStream in) throws IOException {
        boolean numeric = in.readBoolean();
        return readIdValues(in, numeric, readCount(in, "ids", Integer.MAX_VALUE - 8));
    }

    /** Reads {@code n} ids written by {@link #writeIdsWithoutCount}. */
    static IdIndex readIds(DataInputStream in, int n) throws IOException {
        return readIdValues(in, in.readBoolean(), n);
    }

    private static IdIndex readIdValues(DataInputStream in, boolean numeric, int n) throws IOException {
        // a crafted count must not allocate more than the body can hold: 8 bytes per long, at least 2 per string
        checkRemaining(in, "ids", n, numeric ? 8 : 2);
        try {
            if (numeric) {
                long[] ids = new long[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = in.readLong();
                }
                return IdIndex.ofLongs(ids);
            }
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = in.readUTF();
            }
            return IdIndex.ofStrings(ids);
        } catch (IllegalArgumentException e) {
            throw format("ids", n + " ids", e.getMessage(), e);
        }
    }

    static void checkRemaining(DataInputStream in, String field, long count, int bytesEach) throws IOException {
        IndexFile.requireRemaining(in, "index body", field, count, bytesEach);
    }

    static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        byte[] buf = new byte[CHUNK * 4];
        for (int from = 0; from < a.length; from += CHUNK) {
            int n = Math.min(CHUNK, a.length - from);
            ByteBuffer.wrap(buf).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().put(a, from, n);
            out.write(buf, 0, n * 4);
        }
    }

    static float[] readFloats(DataInputStream in, String field, long expected) throws IOException {
        int len = in.readInt();
        if (len != expected) {
            throw format(field, len, "length, expected " + expected);
        }
        checkRemaining(in, field, len, 4);
        float[] a = new float[len];
        byte[] buf = new byte[CHUNK * 4];
        for (int from = 0; from < len; from += CHUNK) {
            int n = Math.min(CHUNK, len - from);
            in.readFully(buf, 0, n * 4);
            ByteBuffer.wrap(buf).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(a, from, n);
        }
        for (float v : a) {
            if (!Float.isFinite(v)) {
                throw format(field, v, "every value must be finite");
            }
        }
        return a;
    }

    static void writeInts(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a.length);
        byte[] buf = new byte[CHUNK * 4];
        for (int from = 0; from < a.length; from += CHUNK) {
            int n = Math.min(CHUNK, a.length - from);
            ByteBuffer.wrap(buf).order(ByteOrder.BIG_ENDIAN).asIntBuffer().put(a, from, n);
            out.write(buf, 0, n * 4);
        }
    }

    /** Reads an int array of the expected length whose values lie in {@code [0, bound)}. */
    static int[] readInts(DataInputStream in, String field, long expected, int bound) throws IOException {
        int len = in.readInt();
        if (len != expected) {
            throw format(field, len, "length, expected " + expected);
        }
        checkRemaining(in, field, len, 4);
        int[] a = new int[len];
        byte[] buf = new byte[CHUNK * 4];
        for (int from = 0; from < len; from += CHUNK) {
            int n = Math.min(CHUNK, len - from);
            in.readFully(buf, 0, n * 4);
            ByteBuffer.wrap(buf).order(ByteOrder.BIG_ENDIAN).asIntBuffer().get(a, from, n);
        }
        for (int v : a) {
            if (v < 0 || v >= bound) {
                throw format(field, v, "must be in [0, " + bound + ")");
            }
        }
        return a;
    }

    static void writeLongs(DataOutputStream out, long[] a) throws IOException {
        out.writeInt(a.length);
        for (long v : a) {
            out.writeLong(v);
        }
    }

    static long[] readLongs(DataInputStream in, String field, int max) throws IOException {
        int len = readCount(in, field, max);
        checkRemaining(in, field, len, 8);
        long[] a = new long[len];
        for (int i = 0; i < len; i++) {
            a[i] = in.readLong();
        }
        return a;
    }
}
