/**
 * Recsys4J's core: ids, interactions, the item catalogue, MovieLens loaders, splits, metrics and
 * evaluators, baselines, features and samples, feature stores, vector kernels and the pipeline
 * ({@code Recommender}) with its SPI.
 *
 * <p>Every package is exported except two internal ones: {@code org.recsys4j.core.util} (the parallel
 * loop, atomic file writes, the top-K heap, error texts, the optional-dependency check) is exported
 * only to the other Recsys4J modules, and {@code org.recsys4j.core.vector.internal} (the Vector API
 * kernels behind {@code Vectors}) to none. On the class path both stay visible, as any package does,
 * but neither is API: they change without notice.
 *
 * <p>Optional at run time ({@code requires static}): {@code redis.clients.jedis} and
 * {@code org.apache.commons.pool2}, for {@code RedisFeatureStore} only. The SIMD kernels use
 * {@code jdk.incubator.vector} when the JVM is started with {@code --add-modules jdk.incubator.vector};
 * this descriptor does not name that module (a {@code requires}, even {@code static}, would make javac
 * warn "using incubating module(s)" in every module that requires this one): {@code Vectors} adds the
 * read edge at run time when the module is present. See docs/install.md, "On the module path".
 */
// requires-automatic: fastutil-core, HdrHistogram and jedis ship no module descriptor, so they are
// automatic modules; that is expected and said in docs/install.md. module: the qualified exports name
// Recsys4J modules that are compiled after this one.
@SuppressWarnings({"requires-automatic", "module"})
module org.recsys4j.core {
    requires it.unimi.dsi.fastutil.core;      // Automatic-Module-Name in its manifest
    requires org.apache.commons.csv;          // module-info (multi-release jar)
    requires org.slf4j;                       // module-info (multi-release jar)
    requires HdrHistogram;                    // no Automatic-Module-Name: the name derived from the jar's file name

    requires static redis.clients.jedis;      // Automatic-Module-Name; RedisFeatureStore only
    requires static org.apache.commons.pool2; // jedis' connection pool, whose config RedisFeatureStore sets

    exports org.recsys4j.core.baseline;
    exports org.recsys4j.core.data;
    exports org.recsys4j.core.eval;
    exports org.recsys4j.core.feature;
    exports org.recsys4j.core.io;
    exports org.recsys4j.core.model;
    exports org.recsys4j.core.movielens;
    exports org.recsys4j.core.pipeline;
    exports org.recsys4j.core.sample;
    exports org.recsys4j.core.split;
    exports org.recsys4j.core.store;
    exports org.recsys4j.core.synth;
    exports org.recsys4j.core.vector;

    exports org.recsys4j.core.util to org.recsys4j.embedding, org.recsys4j.recall, org.recsys4j.rank;
}
