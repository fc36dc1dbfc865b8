package org.recsys4j.core.model;

import org.recsys4j.core.data.EmbeddingTable;

/**
 * Turns a history into a query vector matched by inner product with item vectors: the score of item index
 * {@code i} after a history is {@code encode(history) · row i of itemEmbeddings()}. Sequence models (SASRec,
 * GRU4Rec in recsys-rank) are encoders: the query is the network's state after the history, computed online from
 * the items alone, so a user's query after new feedback needs no retraining and no stored user vector. A recall
 * channel searches a vector index built over {@link #itemEmbeddings()} (maximum inner product) with it.
 *
 * <p>Implementations are thread-safe.
 */
public interface HistoryEncoder {
    /** Returns the width of the query vectors (the item embeddings' dimension). */
    int dim();

    /**
     * Returns the item vectors the queries are matched with: row {@code i} is item index {@code i} of the
     * histories, and its ids ({@link EmbeddingTable#ids()}) name the items, so a caller maps its own item indices
     * to the encoder's by id. Its content fingerprint tells which vectors a vector index must be built from.
     */
    EmbeddingTable itemEmbeddings();

    /**
     * Returns the query vector after a history.
     *
     * @param history item indices of {@link #itemEmbeddings()} in consumption order, oldest first (as
     *                {@code RecRequest#history()} gives them); at least one; repeats are read
     * @return {@link #dim()} values (a new array)
     * @throws IllegalArgumentException if the history is empty or holds an index outside the item embeddings
     */
    float[] encode(int[] history);
}
