/**
 * Running models trained elsewhere as {@link org.recsys4j.core.pipeline.Ranker}s: the input side
 * ({@link org.recsys4j.rank.serving.FeatureRowProvider}, {@link org.recsys4j.rank.serving.FeatureRows},
 * {@link org.recsys4j.rank.serving.InputBatch}), the model side
 * ({@link org.recsys4j.rank.serving.BatchScorer}) and the ranker that joins them with batching and a
 * fallback ({@link org.recsys4j.rank.serving.ModelRanker}). The DJL/ONNX Runtime model is in
 * {@code org.recsys4j.rank.djl}, the model-server client and server in {@code org.recsys4j.rank.remote};
 * see {@code docs/model-serving.md}.
 */
package org.recsys4j.rank.serving;
