/**
 * Recsys4J's recall; see {@code docs/architecture.md} and {@code docs/recall.md}: vector indexes
 * ({@link org.recsys4j.recall.index}: exact, HNSW, IVF-Flat, LSH) and recall channels with the
 * multi-channel merger ({@link org.recsys4j.recall.channel}). Every package is exported. See
 * docs/install.md, "On the module path".
 */
// requires-automatic: fastutil-core ships no module descriptor (an automatic module); expected, and
// said in docs/install.md.
@SuppressWarnings("requires-automatic")
module org.recsys4j.recall {
    // core's types (data, model, pipeline) are in this module's API, so a user's module reads core too
    requires transitive org.recsys4j.core;
    requires it.unimi.dsi.fastutil.core; // Automatic-Module-Name in its manifest

    exports org.recsys4j.recall.channel;
    exports org.recsys4j.recall.index;
}
