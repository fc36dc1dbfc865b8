/**
 * Projections of embedding tables to a few dimensions, to look at them: {@link
 * org.recsys4j.embedding.projection.Pca} fits the principal axes of a table (or of some of its rows)
 * and returns a {@link org.recsys4j.embedding.projection.PcaModel} that maps any vector to its
 * coordinates on them; {@link org.recsys4j.embedding.projection.TSne} lays out up to a few thousand
 * rows with exact t-SNE, which keeps near rows near (clusters show as islands). The demo server's
 * 2-D map of the item embeddings uses both. See {@code docs/embeddings.md}.
 */
package org.recsys4j.embedding.projection;
