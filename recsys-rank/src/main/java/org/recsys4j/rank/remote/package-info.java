/**
 * The remote ranker and its server: {@link org.recsys4j.rank.remote.RemoteModel} calls a model server
 * over TF-Serving's REST predict protocol or the KServe v2 inference protocol (timeouts, retries with
 * backoff, a {@link org.recsys4j.rank.remote.CircuitBreaker}); {@link org.recsys4j.rank.remote.ModelServer}
 * serves our own models over the same protocols. See {@code docs/model-serving.md}.
 */
package org.recsys4j.rank.remote;
