/**
 * The DJL ranker: {@link org.recsys4j.rank.djl.OnnxModel} runs an ONNX model exported elsewhere (e.g.
 * by {@code torch.onnx.export}) through {@code djl-api} and the ONNX Runtime engine, as the model of
 * an {@link org.recsys4j.rank.serving.ModelRanker}; see {@code docs/model-serving.md}.
 */
package org.recsys4j.rank.djl;
