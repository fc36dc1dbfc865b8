/**
 * Recsys4J's ranking: implementations of the pipeline SPI of {@link org.recsys4j.core.pipeline}
 * ({@link org.recsys4j.core.pipeline.Ranker}, {@link org.recsys4j.core.pipeline.Reranker}, composed
 * with {@link org.recsys4j.core.pipeline.RankingChain}). It depends on {@code recsys-core} only: item
 * and user vectors (item2vec, ALS factors) reach it as {@link org.recsys4j.core.data.EmbeddingTable}s or
 * feature-store namespaces. See {@code docs/ranking.md}.
 *
 * <ul>
 *   <li>{@link org.recsys4j.rank.similarity}: cosine / inner-product ranking against a seed item, user or
 *       history vector;</li>
 *   <li>{@link org.recsys4j.rank.cf}: collaborative-filtering rankers from the core baselines and from
 *       matrix-factorisation factors;</li>
 *   <li>{@link org.recsys4j.rank.ctr}: pure-Java CTR models (logistic regression, FM, Embedding+MLP,
 *       Wide &amp; Deep, DeepFM, NeuralCF, two-tower, DIN, DIEN) and their trainer;</li>
 *   <li>{@link org.recsys4j.rank.seq}: pure-Java sequential recommenders (SASRec, GRU4Rec) that score every item
 *       as the next one after a user's history, online, and export their item vectors for recall;</li>
 *   <li>{@link org.recsys4j.rank.rerank}: MMR diversity, per-category quotas, business filters,
 *       freshness / popularity blending, de-duplication and re-ranker chains;</li>
 *   <li>{@link org.recsys4j.rank.serving}: rankers over models trained elsewhere: feature rows for a
 *       batch of candidates, batching and fallbacks ({@code ModelRanker});</li>
 *   <li>{@link org.recsys4j.rank.djl}: ONNX models run in-process through DJL and ONNX Runtime;</li>
 *   <li>{@link org.recsys4j.rank.remote}: models behind a TF-Serving REST or KServe v2 server, with
 *       timeouts, retries, a circuit breaker, and {@code ModelServer} to serve our own models that way.</li>
 * </ul>
 *
 * <p>Every package is exported except {@code org.recsys4j.rank.nn}, the internal layers and update kernels
 * the trained models share. Optional at run time ({@code requires static}): {@code ai.djl.api} for
 * {@code OnnxModel}, and {@code com.fasterxml.jackson.databind} for {@code RemoteModel} and
 * {@code ModelServer}; without them the rest works and those classes say what to add. See
 * docs/install.md, "On the module path".
 */
// requires-automatic: fastutil-core and djl-api ship no module descriptor, so they are automatic
// modules; expected, and said in docs/install.md.
@SuppressWarnings("requires-automatic")
module org.recsys4j.rank {
    // core's types (data, pipeline, model) are in this module's API, so a user's module reads core too
    requires transitive org.recsys4j.core;
    requires it.unimi.dsi.fastutil.core; // Automatic-Module-Name in its manifest
    requires java.net.http;              // RemoteModel's HTTP client
    requires jdk.httpserver;             // ModelServer's HTTP server

    // OnnxModel only; an automatic module (Automatic-Module-Name)
    requires static ai.djl.api;
    // RemoteModel and ModelServer only. Jackson's tree model, no data binding: nothing needs to be opened.
    requires static com.fasterxml.jackson.databind;
    requires static com.fasterxml.jackson.core;

    exports org.recsys4j.rank.cf;
    exports org.recsys4j.rank.ctr;
    exports org.recsys4j.rank.djl;
    exports org.recsys4j.rank.remote;
    exports org.recsys4j.rank.rerank;
    exports org.recsys4j.rank.seq;
    exports org.recsys4j.rank.serving;
    exports org.recsys4j.rank.similarity;
}
