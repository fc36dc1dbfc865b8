package org.recsys4j.core.model;

/**
 * Item-to-item similarity: the interface of protocol S ("similar items") and of "similar movies"
 * recall. Batch-first and thread-safe.
 */
public interface ItemSimilarity {
    /** Returns the number of items (the length of each output row). */
    int numItems();

    /**
     * Writes into {@code out[b][i]} the similarity of item {@code i} to {@code queries[b]}.
     * Items without a representation (no vector) get {@link Double#NEGATIVE_INFINITY}.
     */
    void similarities(int[] queries, double[][] out);

    /**
     * Returns true if the model has a representation for the item; items without one are scored
     * {@link Double#NEGATIVE_INFINITY}. The default says every item is covered.
     */
    default boolean covers(int item) {
        return true;
    }
}
