/**
 * Recsys4J embedding module; see {@code docs/embeddings.md} and {@code docs/architecture.md}. It depends
 * one way on recsys-core and produces {@link org.recsys4j.core.data.EmbeddingTable}s:
 * <ul>
 *   <li>{@link org.recsys4j.embedding.seq}: training corpora of item sequences;</li>
 *   <li>{@link org.recsys4j.embedding.word2vec}: item2vec (skip-gram / CBOW, negative sampling,
 *       hierarchical softmax);</li>
 *   <li>{@link org.recsys4j.embedding.graph}: item graphs and DeepWalk / Node2vec random walks;</li>
 *   <li>{@link org.recsys4j.embedding.user}: user vectors from item vectors;</li>
 *   <li>{@link org.recsys4j.embedding.mf}: matrix factorisation (implicit ALS, explicit ALS with biases);</li>
 *   <li>{@link org.recsys4j.embedding.projection}: PCA and exact t-SNE of a table, to draw it on a 2-D map.</li>
 * </ul>
 */
package org.recsys4j.embedding;
