package org.recsys4j.recall.index;

import it.unimi.dsi.fastutil.longs.LongArrays;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The hash tables of an LSH index: per table, the distinct 64-bit bucket keys sorted ascending, the start of
 * each bucket in a row array, and the rows grouped by bucket (ascending row within a bucket).
 */
final class LshTables {
    final long[][] keys;
    final int[][] start;
    final int[][] rows;

    private LshTables(long[][] keys, int[][] start, int[][] rows) {
        this.keys = keys;
        this.start = start;
        this.rows = rows;
    }

    /** Groups rows by key; {@code rowKeys[t][r]} is the key of row {@code r} in table {@code t}. */
    static LshTables build(long[][] rowKeys, int n) {
        int tables = rowKeys.length;
        long[][] keys = new long[tables][];
        int[][] start = new int[tables][];
        int[][] rows = new int[tables][];
        for (int t = 0; t < tables; t++) {
            long[] k = rowKeys[t].clone();
            long[] r = new long[n];
            for (int i = 0; i < n; i++) {
                r[i] = i;
            }
            LongArrays.radixSort(k, r);
            int distinct = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || k[i] != k[i - 1]) {
                    distinct++;
                }
            }
            long[] uk = new long[distinct];
            int[] st = new int[distinct + 1];
            int[] rr = new int[n];
            int b = -1;
            for (int i = 0; i < n; i++) {
                if (i == 0 || k[i] != k[i - 1]) {
                    uk[++b] = k[i];
                    st[b] = i;
                }
                rr[i] = (int) r[i];
            }
            st[distinct] = n;
            keys[t] = uk;
            start[t] = st;
            rows[t] = rr;
        }
        return new LshTables(keys, start, rows);
    }

    int tables() {
        return keys.length;
    }

    /** Returns the bucket number of {@code key} in table {@code t}, or a negative number if absent. */
    int bucket(int t, long key) {
        return Arrays.binarySearch(keys[t], key);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(keys.length);
        for (int t = 0; t < keys.length; t++) {
            AnnSupport.writeLongs(out, keys[t]);
            AnnSupport.writeInts(out, start[t]);
            AnnSupport.writeInts(out, rows[t]);
        }
    }

    static LshTables read(DataInputStream in, int expectedTables, int n) throws IOException {
        int tables = in.readInt();
        if (tables != expectedTables) {
            throw AnnSupport.format("tables", tables, "expected " + expectedTables);
        }
        long[][] keys = new long[tables][];
        int[][] start = new int[tables][];
        int[][] rows = new int[tables][];
        for (int t = 0; t < tables; t++) {
            keys[t] = AnnSupport.readLongs(in, "bucket keys", n);
            for (int i = 1; i < keys[t].length; i++) {
                if (keys[t][i] <= keys[t][i - 1]) {
                    throw AnnSupport.format("bucket keys", keys[t][i], "must be strictly increasing");
                }
            }
            start[t] = AnnSupport.readInts(in, "bucket starts", keys[t].length + 1, n + 1);
            for (int i = 1; i < start[t].length; i++) {
                if (start[t][i] < start[t][i - 1]) {
                    throw AnnSupport.format("bucket starts", start[t][i], "must be non-decreasing");
                }
            }
            if (start[t][0] != 0 || start[t][keys[t].length] != n) {
                throw AnnSupport.format("bucket starts", start[t][keys[t].length], "buckets must cover the " + n + " rows");
            }
            rows[t] = AnnSupport.readInts(in, "bucket rows", n, n);
        }
        return new LshTables(keys, start, rows);
    }

    /** fmix64 of MurmurHash3: a 64-bit mixer for combining bucket coordinates. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
