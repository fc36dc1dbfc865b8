package org.recsys4j.core.feature;

import java.util.Arrays;

/**
 * Returns, entry by entry, one encoded row in sparse form: for each entry its field (feature
 * position in the schema), its global index ({@code field offset + local index}) and its value.
 *
 * <p>Entries are in field order and, within a field, in ascending index order. This is the input of
 * LR, FM and the wide part of wide-and-deep models: the global indices run over
 * {@code 0..FittedSchema.sparseDimension()-1}. Immutable.
 */
public final class SparseRow {
    private final int[] fields;
    private final int[] indices;
    private final double[] values;
    private final int size;

    SparseRow(int[] fields, int[] indices, double[] values, int size) {
        this.fields = fields;
        this.indices = indices;
        this.values = values;
        this.size = size;
    }

    /** Returns the number of entries. */
    public int size() {
        return size;
    }

    /** Returns the field (feature position) of entry {@code k}. */
    public int field(int k) {
        return fields[checked(k)];
    }

    /** Returns the global index of entry {@code k}. */
    public int index(int k) {
        return indices[checked(k)];
    }

    /** Returns the value of entry {@code k} (1 for one-hot and multi-hot entries). */
    public double value(int k) {
        return values[checked(k)];
    }

    /** Returns a copy of the fields of all entries. */
    public int[] fields() {
        return Arrays.copyOf(fields, size);
    }

    /** Returns a copy of the global indices of all entries. */
    public int[] indices() {
        return Arrays.copyOf(indices, size);
    }

    /** Returns a copy of the values of all entries. */
    public double[] values() {
        return Arrays.copyOf(values, size);
    }

    private int checked(int k) {
        if (k < 0 || k >= size) {
            throw new IndexOutOfBoundsException("entry " + k + " of " + size);
        }
        return k;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SparseRow[");
        for (int k = 0; k < size; k++) {
            b.append(k == 0 ? "" : ", ").append(fields[k]).append(':').append(indices[k]).append('=').append(values[k]);
        }
        return b.append(']').toString();
    }

    /** Returns, from {@link #build()}, a sparse row; collects its entries. */
    static final class Builder {
        private int[] fields;
        private int[] indices;
        private double[] values;
        private int size;

        Builder(int capacity) {
            fields = new int[Math.max(capacity, 4)];
            indices = new int[fields.length];
            values = new double[fields.length];
        }

        void add(int field, int index, double value) {
            if (size == fields.length) {
                int n = size * 2;
                fields = Arrays.copyOf(fields, n);
                indices = Arrays.copyOf(indices, n);
                values = Arrays.copyOf(values, n);
            }
            fields[size] = field;
            indices[size] = index;
            values[size] = value;
            size++;
        }

        SparseRow build() {
            return new SparseRow(fields, indices, values, size);
        }
    }
}
