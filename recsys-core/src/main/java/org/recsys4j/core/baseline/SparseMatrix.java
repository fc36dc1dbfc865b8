package org.recsys4j.core.baseline;

import org.recsys4j.core.data.Interactions;

import java.util.Arrays;

/**
 * An immutable compressed-sparse-row matrix of float values with, per row, strictly ascending
 * column indices (no duplicates). Built from an interaction log as the user × item matrix (and its
 * transpose), which is what every baseline fits on. Package-private.
 */
final class SparseMatrix {
    final int rows;
    final int cols;
    final int[] offsets;
    final int[] indices;
    final float[] values;

    SparseMatrix(int rows, int cols, int[] offsets, int[] indices, float[] values) {
        this.rows = rows;
        this.cols = cols;
        this.offsets = offsets;
        this.indices = indices;
        this.values = values;
    }

    /**
     * Returns the user × item matrix of a log. If {@code binary}, every value is 1 and a (user, item) pair
     * that occurs several times is one entry (presence: no row is preferred). Otherwise the values are the
     * interactions' and the caller has checked that every pair occurs once
     * ({@link Interactions#requireUniquePairs}); should one repeat anyway, its lowest row is kept.
     */
    static SparseMatrix userItem(Interactions log, boolean binary) {
        int nu = log.numUsers();
        int ni = log.numItems();
        int n = log.size();
        int[] offsets = new int[nu + 1];
        for (int k = 0; k < n; k++) {
            offsets[log.user(k) + 1]++;
        }
        for (int u = 0; u < nu; u++) {
            offsets[u + 1] += offsets[u];
        }
        // keys: (item << 32) | row, placed per user in row order, then sorted within each user
        long[] keys = new long[n];
        int[] fill = Arrays.copyOf(offsets, nu);
        for (int k = 0; k < n; k++) {
            keys[fill[log.user(k)]++] = ((long) log.item(k) << 32) | k;
        }
        int[] outOffsets = new int[nu + 1];
        int[] indices = new int[n];
        float[] values = new float[n];
        int m = 0;
        for (int u = 0; u < nu; u++) {
            int from = offsets[u];
            int to = offsets[u + 1];
            Arrays.sort(keys, from, to);
            int last = -1;
            for (int p = from; p < to; p++) {
                int item = (int) (keys[p] >>> 32);
                if (item == last) {
                    continue; // repeated pair: presence only (binary), or checked away by the caller
                }
                last = item;
                int row = (int) keys[p];
                indices[m] = item;
                values[m] = binary ? 1f : log.value(row);
                m++;
            }
            outOffsets[u + 1] = m;
        }
        return new SparseMatrix(nu, ni, outOffsets, Arrays.copyOf(indices, m), Arrays.copyOf(values, m));
    }

    /** Returns the transpose; each row of the result has ascending column indices. */
    SparseMatrix transpose() {
        int nnz = indices.length;
        int[] tOffsets = new int[cols + 1];
        for (int p = 0; p < nnz; p++) {
            tOffsets[indices[p] + 1]++;
        }
        for (int c = 0; c < cols; c++) {
            tOffsets[c + 1] += tOffsets[c];
        }
        int[] fill = Arrays.copyOf(tOffsets, cols);
        int[] tIndices = new int[nnz];
        float[] tValues = new float[nnz];
        for (int r = 0; r < rows; r++) {
            for (int p = offsets[r]; p < offsets[r + 1]; p++) {
                int q = fill[indices[p]]++;
                tIndices[q] = r;
                tValues[q] = values[p];
            }
        }
        return new SparseMatrix(cols, rows, tOffsets, tIndices, tValues);
    }

    /** Returns the number of stored entries. */
    int nnz() {
        return indices.length;
    }

    /** Returns the number of entries of row {@code r}. */
    int degree(int r) {
        return offsets[r + 1] - offsets[r];
    }

    /** Returns the number of rows with at least one entry. */
    int nonEmptyRows() {
        int c = 0;
        for (int r = 0; r < rows; r++) {
            if (offsets[r + 1] > offsets[r]) {
                c++;
            }
        }
        return c;
    }

    /** Returns the sorted distinct indices in {@code [0, bound)} of {@code history}; others are dropped. */
    static int[] distinctInRange(int[] history, int bound) {
        int[] h = new int[history.length];
        int m = 0;
        for (int i : history) {
            if (i >= 0 && i < bound) {
                h[m++] = i;
            }
        }
        Arrays.sort(h, 0, m);
        int d = 0;
        for (int p = 0; p < m; p++) {
            if (d == 0 || h[d - 1] != h[p]) {
                h[d++] = h[p];
            }
        }
        return Arrays.copyOf(h, d);
    }
}
