/**
 * word2vec / item2vec: {@link org.recsys4j.embedding.word2vec.Word2Vec} trains skip-gram or CBOW embeddings
 * with negative sampling and/or hierarchical softmax on a {@link org.recsys4j.embedding.seq.SequenceCorpus},
 * written from scratch (no native code, no dependency) and multi-threaded without locks as word2vec.c.
 *
 * <pre>{@code
 * SequenceCorpus corpus = ItemSequences.builder().build().from(interactions);   // as a Feedback policy chose them
 * Word2VecModel model = Word2Vec.builder()
 *         .withDim(64).withWindow(5).withNegative(5).withSample(1e-3)
 *         .withEpochs(10).withThreads(2).withSeed(42)
 *         .withListener(p -> System.out.printf("%d/%d %.0f tok/s loss %.3f%n",
 *                 p.epoch(), p.epochs(), p.tokensPerSecond(), p.loss()))
 *         .build()
 *         .fit(corpus);
 * List<Neighbor> similar = model.mostSimilar(1234L, 10);   // cosine, without the item itself
 * EmbeddingTable vectors = model.table();                  // rows for items seen >= minCount times
 * ItemSimilarity sim = model.similarity();                 // protocol S
 * }</pre>
 *
 * <p>With {@code threads(1)} a fixed seed gives bit-identical vectors on every run.
 */
package org.recsys4j.embedding.word2vec;
