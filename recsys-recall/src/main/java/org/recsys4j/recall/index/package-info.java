/**
 * Vector indexes for embedding recall: the {@link org.recsys4j.recall.index.VectorIndex} SPI, its
 * {@link org.recsys4j.recall.index.Metric}s and {@link org.recsys4j.recall.index.Neighbors} results.
 */
package org.recsys4j.recall.index;
