/**
 * Recsys4J's embedding trainers; see {@code docs/embeddings.md} and {@code docs/architecture.md}. The
 * module depends one way on recsys-core and produces {@link org.recsys4j.core.data.EmbeddingTable}s:
 * <ul>
 *   <li>{@link org.recsys4j.embedding.seq}: training corpora of item sequences;</li>
 *   <li>{@link org.recsys4j.embedding.word2vec}: item2vec (skip-gram / CBOW, negative sampling,
 *       hierarchical softmax);</li>
 *   <li>{@link org.recsys4j.embedding.graph}: item graphs and DeepWalk / Node2vec random walks;</li>
 *   <li>{@link org.recsys4j.embedding.user}: user vectors from item vectors;</li>
 *   <li>{@link org.recsys4j.embedding.mf}: matrix factorisation (implicit ALS, explicit ALS with biases);</li>
 *   <li>{@link org.recsys4j.embedding.projection}: PCA and exact t-SNE of a table, to draw it on a 2-D map.</li>
 * </ul>
 * Every package is exported. See docs/install.md, "On the module path".
 */
// requires-automatic: fastutil-core and ejml ship no module descriptor, so they are automatic modules;
// expected, and said in docs/install.md.
@SuppressWarnings("requires-automatic")
module org.recsys4j.embedding {
    // core's types (data, model, pipeline) are in this module's API, so a user's module reads core too
    requires transitive org.recsys4j.core;
    requires it.unimi.dsi.fastutil.core; // Automatic-Module-Name in its manifest
    requires ejml.ddense;                // no Automatic-Module-Name: derived from the jar's file name
    requires ejml.core;                  // ejml-ddense's own dependency, whose matrix types Pca uses

    exports org.recsys4j.embedding.graph;
    exports org.recsys4j.embedding.mf;
    exports org.recsys4j.embedding.projection;
    exports org.recsys4j.embedding.seq;
    exports org.recsys4j.embedding.user;
    exports org.recsys4j.embedding.word2vec;
}
