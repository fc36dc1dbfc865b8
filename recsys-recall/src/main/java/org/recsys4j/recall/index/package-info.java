/**
 * Vector indexes for embedding recall: the {@link org.recsys4j.recall.index.VectorIndex} SPI, its
 * {@link org.recsys4j.recall.index.Metric}s and {@link org.recsys4j.recall.index.Neighbors} results, the
 * {@link org.recsys4j.recall.index.IndexFile} container of saved indexes, and the approximate
 * {@link org.recsys4j.recall.index.HnswIndex} (a navigable small-world graph).
 */
package org.recsys4j.recall.index;
