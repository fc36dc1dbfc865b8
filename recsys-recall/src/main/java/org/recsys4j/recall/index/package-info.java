/**
 * Vector indexes for embedding recall: the {@link org.recsys4j.recall.index.VectorIndex} SPI, its
 * {@link org.recsys4j.recall.index.Metric}s and {@link org.recsys4j.recall.index.Neighbors} results; the exact
 * {@link org.recsys4j.recall.index.BruteForceIndex}; saved indexes in one checksummed
 * {@link org.recsys4j.recall.index.IndexFile} format, loaded by kind with
 * {@link org.recsys4j.recall.index.VectorIndexes#load}; and {@link org.recsys4j.recall.index.Texmex}, the reader
 * of the {@code .fvecs}/{@code .ivecs} files of ANN benchmark sets (protocol A).
 */
package org.recsys4j.recall.index;
