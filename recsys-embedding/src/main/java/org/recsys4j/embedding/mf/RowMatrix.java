package org.recsys4j.embedding.mf;

import org.recsys4j.core.data.Interactions;

/**
 * A compact sparse matrix in CSR form with one value per entry, built from interactions by user or by
 * item, whose (user, item) pairs the trainers have checked to be distinct
 * ({@link Interactions#requireUniquePairs}). Package-private.
 */
final class RowMatrix {
    final int rows;
    final int cols;
    final int[] offsets;
    final int[] indices;
    final float[] values;

    private RowMatrix(int rows, int cols, int[] offsets, int[] indices, float[] values) {
        this.rows = rows;
        this.cols = cols;
        this.offsets = offsets;
        this.indices = indices;
        this.values = values;
    }

    /** Returns the user × item matrix of {@code data} (rows = users); its pairs must be distinct. */
    static RowMatrix byUser(Interactions data) {
        return build(data.numUsers(), data.numItems(), data.userColumn(), data.itemColumn(), data.valueColumn());
    }

    /** Returns the transpose (rows = columns of this matrix). */
    RowMatrix transpose() {
        int nnz = indices.length;
        int[] off = new int[cols + 1];
        for (int p = 0; p < nnz; p++) {
            off[indices[p] + 1]++;
        }
        for (int c = 0; c < cols; c++) {
            off[c + 1] += off[c];
        }
        int[] fill = off.clone();
        int[] idx = new int[nnz];
        float[] val = new float[nnz];
        for (int r = 0; r < rows; r++) {
            for (int p = offsets[r]; p < offsets[r + 1]; p++) {
                int q = fill[indices[p]]++;
                idx[q] = r;
                val[q] = values[p];
            }
        }
        return new RowMatrix(cols, rows, off, idx, val);
    }

    int degree(int r) {
        return offsets[r + 1] - offsets[r];
    }

    int nnz() {
        return indices.length;
    }

    private static RowMatrix build(int rows, int cols, int[] row, int[] col, float[] value) {
        int n = row.length;
        int[] off = new int[rows + 1];
        for (int k = 0; k < n; k++) {
            off[row[k] + 1]++;
        }
        for (int r = 0; r < rows; r++) {
            off[r + 1] += off[r];
        }
        int[] fill = off.clone();
        int[] idx = new int[n];
        float[] val = new float[n];
        for (int k = 0; k < n; k++) {
            int q = fill[row[k]]++;
            idx[q] = col[k];
            val[q] = value[k];
        }
        return new RowMatrix(rows, cols, off, idx, val);
    }
}
