package org.recsys4j.rank.similarity;

import java.util.Objects;

/**
 * The vectors of a batch of items as {@link ItemVectors#fetch} returns them: vector {@code i} is
 * {@code data[offset(i) .. offset(i) + dim)}, or absent when {@code offset(i)} is -1. The arrays are
 * shared, not copied (for a table source {@code data} is the whole table), so callers must not modify
 * them.
 */
public final class VectorBatch {
    private final int dim;
    private final float[] data;
    private final int[] offsets;

    /**
     * Returns a batch over the given arrays (not copied).
     *
     * @param dim     the number of components of every present vector, at least 1 (any value when no
     *                vector is present)
     * @param data    the values
     * @param offsets one start offset into {@code data} per item, or -1 for an item without a vector
     */
    public VectorBatch(int dim, float[] data, int[] offsets) {
        this.data = Objects.requireNonNull(data, "data");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.dim = dim;
    }

    /** Returns the number of components of each vector (0 when the batch holds no vector). */
    public int dim() {
        return dim;
    }

    /** Returns the number of items in the batch, with or without a vector. */
    public int size() {
        return offsets.length;
    }

    /** Returns true if item {@code i} of the batch has a vector. */
    public boolean has(int i) {
        return offsets[i] >= 0;
    }

    /** Returns where the vector of item {@code i} starts in {@link #data()}, or -1 if it has none. */
    public int offset(int i) {
        return offsets[i];
    }

    /** Returns the values array (shared: do not modify). */
    public float[] data() {
        return data;
    }
}
