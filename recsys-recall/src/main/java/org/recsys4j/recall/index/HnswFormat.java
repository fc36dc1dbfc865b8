package org.recsys4j.recall.index;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.IdIndex;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;

/**
 * The file format of an {@link HnswIndex}: the body of an {@link IndexFile} of kind {@value HnswIndex#KIND},
 * version {@value HnswIndex#VERSION} (version 1: the same body, without the container's info block), all
 * big-endian:
 * <pre>
 * metric (UTF), dim, n, M, efConstruction, ef (ints), keepPrunedConnections (boolean),
 * numeric-ids flag (boolean), n ids (longs or UTF strings),
 * n × dim vectors (floats, normalised for COSINE),
 * entry point, max level (ints), n levels (bytes),
 * n layer-0 lists, then the upper-layer lists of each row with level &gt; 0, layers 1.. in order
 *     (each list: count as an unsigned short, then count row ints),
 * ⌈n / 64⌉ tombstone words (longs, bit r of word r / 64 set for a deleted row)
 * </pre>
 * Reading checks every count, row, level and setting against the others before it allocates or links
 * anything, so a damaged body is a {@link DataFileException} naming the field, never a broken graph.
 */
final class HnswFormat {
    private HnswFormat() {
    }

    /** Writes the body of the index (the same in versions 1 and 2; {@link IndexFile} adds the rest). */
    static void writeBody(DataOutputStream out, HnswGraph g, IdIndex ids, int efConstruction, int ef, boolean keepPruned,
                          long[] tombstones) throws IOException {
        {
            out.writeUTF(g.metric.name());
            out.writeInt(g.dim);
            out.writeInt(g.n);
            out.writeInt(g.m);
            out.writeInt(efConstruction);
            out.writeInt(ef);
            out.writeBoolean(keepPruned);
            AnnSupport.writeIdsWithoutCount(out, ids);
            for (float v : g.data) {
                out.writeFloat(v);
            }
            out.writeInt(g.entry);
            out.writeInt(g.maxLevel);
            for (int r = 0; r < g.n; r++) {
                out.writeByte(g.levels[r]);
            }
            writeLists(out, g.links0, 0, g.n, g.m0);
            for (int r = 0; r < g.n; r++) {
                if (g.levels[r] > 0) {
                    writeLists(out, g.upper[r], 0, g.levels[r], g.m);
                }
            }
            for (long w : tombstones) {
                out.writeLong(w);
            }
        }
    }

    private static void writeLists(DataOutputStream out, int[] a, int from, int lists, int max) throws IOException {
        int stride = max + 1;
        for (int l = 0; l < lists; l++) {
            int o = from + l * stride;
            int c = a[o];
            out.writeShort(c);
            for (int j = 1; j <= c; j++) {
                out.writeInt(a[o + j]);
            }
        }
    }

    /**
     * Reads the body of an opened, verified index file; errors name {@code name} as the file.
     *
     * @throws DataFileException if the kind or version is not this format's or the body is inconsistent
     * @throws IOException       if the body cannot be read
     */
    static HnswIndex read(IndexFile.Opened opened, String name) throws IOException {
        if (!HnswIndex.KIND.equals(opened.kind())) {
            throw new DataFileException(name, 0, "kind", opened.kind(), "not an HNSW index (expected "
                    + HnswIndex.KIND + "); found: " + opened.info().describe());
        }
        if (opened.version() < 1 || opened.version() > HnswIndex.VERSION) {
            throw new DataFileException(name, 0, "version", Integer.toString(opened.version()),
                    "unsupported HNSW format version (this build reads 1 to " + HnswIndex.VERSION + ")");
        }
        DataInputStream in = opened.body();
        try {
            Metric metric;
            String metricName = in.readUTF();
            try {
                metric = Metric.valueOf(metricName);
            } catch (IllegalArgumentException e) {
                throw new DataFileException(name, 0, "metric", metricName, "unknown metric");
            }
            int dim = in.readInt();
            int n = in.readInt();
            int m = in.readInt();
            int efc = in.readInt();
            int ef = in.readInt();
            boolean keep = in.readBoolean();
            check(name, "dim", dim, dim >= 1);
            check(name, "size", n, n >= 0);
            check(name, "m", m, m >= 2 && m <= 4096);
            check(name, "efConstruction", efc, efc >= 1);
            check(name, "ef", ef, ef >= 1);
            check(name, "size", n, (long) n * dim <= Integer.MAX_VALUE && (long) n * (2L * m + 1) <= Integer.MAX_VALUE);
            IdIndex ids = AnnSupport.readIds(in, n);
            AnnSupport.checkRemaining(in, "vectors", (long) n * dim, 4);
            float[] data = new float[n * dim];
            for (int i = 0; i < data.length; i++) {
                data[i] = in.readFloat();
            }
            HnswGraph g = new HnswGraph(metric, dim, n, m, data);
            g.entry = in.readInt();
            g.maxLevel = in.readInt();
            check(name, "entry", g.entry, n == 0 ? g.entry == -1 : g.entry >= 0 && g.entry < n);
            for (int r = 0; r < n; r++) {
                int level = in.readByte();
                check(name, "level", level, level >= 0 && level <= g.maxLevel);
                g.setLevel(r, level);
            }
            if (n > 0) {
                check(name, "maxLevel", g.maxLevel, g.levels[g.entry] == g.maxLevel);
            }
            readLists(in, name, g.links0, n, g.m0, n);
            for (int r = 0; r < n; r++) {
                if (g.levels[r] > 0) {
                    readLists(in, name, g.upper[r], g.levels[r], m, n);
                }
            }
            long[] tomb = new long[(n + 63) >>> 6];
            for (int i = 0; i < tomb.length; i++) {
                tomb[i] = in.readLong();
            }
            IndexFile.requireRecordedIds(opened, ids, name);
            int deletedRows = 0;
            for (long w : tomb) {
                deletedRows += Long.bitCount(w);
            }
            return new HnswIndex(g, ids, ef, efc, keep, tomb, IndexInfo.read(opened, deletedRows));
        } catch (EOFException e) {
            throw new DataFileException(name, 0, "body", "", "ends early: inconsistent HNSW index", e);
        } catch (UTFDataFormatException e) {
            throw new DataFileException(name, 0, "body", "", "a string is not valid modified UTF-8: "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(name, 0, "body", "", e.getMessage(), e);
        }
    }

    private static void readLists(DataInputStream in, String name, int[] a, int lists, int max, int n)
            throws IOException {
        int stride = max + 1;
        for (int l = 0; l < lists; l++) {
            int o = l * stride;
            int c = in.readUnsignedShort();
            check(name, "neighbour count", c, c <= max);
            a[o] = c;
            for (int j = 1; j <= c; j++) {
                int r = in.readInt();
                check(name, "neighbour", r, r >= 0 && r < n);
                a[o + j] = r;
            }
        }
    }

    private static void check(String name, String field, long value, boolean ok) throws DataFileException {
        if (!ok) {
            throw new DataFileException(name, 0, field, Long.toString(value), "out of range: inconsistent HNSW index");
        }
    }
}
