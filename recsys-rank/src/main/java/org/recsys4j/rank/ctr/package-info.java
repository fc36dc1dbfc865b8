/**
 * Trainable CTR models in pure Java: logistic regression, FM, Embedding+MLP, Wide&amp;Deep, DeepFM,
 * NeuralCF, a two-tower model, and the sequence models DIN and DIEN ({@link org.recsys4j.rank.ctr.CtrModel}), their data-parallel
 * trainer ({@link org.recsys4j.rank.ctr.CtrTrainer}), and protocol C's samples as model inputs
 * ({@link org.recsys4j.rank.ctr.ProtocolC}) and as online feature rows
 * ({@link org.recsys4j.rank.ctr.ProtocolCFeatureProvider}). Online a {@code CtrModel} is a
 * {@link org.recsys4j.rank.serving.BatchScorer} under the one model ranker,
 * {@link org.recsys4j.rank.serving.ModelRanker}; see {@code docs/ctr.md}.
 */
package org.recsys4j.rank.ctr;
