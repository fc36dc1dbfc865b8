/**
 * Vector indexes for embedding recall: the {@link org.recsys4j.recall.index.VectorIndex} SPI, its
 * {@link org.recsys4j.recall.index.Metric}s and {@link org.recsys4j.recall.index.Neighbors} results, the
 * {@link org.recsys4j.recall.index.IndexFile} container of saved indexes (loaded back by
 * {@link org.recsys4j.recall.index.VectorIndexes#load}), the exact
 * {@link org.recsys4j.recall.index.BruteForceIndex} (the reference of every recall figure), and the
 * approximate indexes {@link org.recsys4j.recall.index.HnswIndex} (a navigable small-world graph),
 * {@link org.recsys4j.recall.index.IvfFlatIndex} (k-means inverted lists),
 * {@link org.recsys4j.recall.index.E2LshIndex} (bucketed random projection LSH, with a tuner) and
 * {@link org.recsys4j.recall.index.SignLshIndex} (sign random projection LSH for cosine).
 * {@link org.recsys4j.recall.index.Texmex} reads the {@code .fvecs}/{@code .ivecs} benchmark files.
 */
package org.recsys4j.recall.index;
