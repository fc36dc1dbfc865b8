/**
 * Trainable CTR models in pure Java: logistic regression, FM, Embedding+MLP, Wide&amp;Deep, DeepFM,
 * NeuralCF and a two-tower model ({@link org.recsys4j.rank.ctr.CtrModel}), their data-parallel
 * trainer ({@link org.recsys4j.rank.ctr.CtrTrainer}), protocol C's samples as model inputs
 * ({@link org.recsys4j.rank.ctr.ProtocolC}) and the pipeline adapter
 * ({@link org.recsys4j.rank.ctr.CtrRanker}); see {@code docs/ctr.md}.
 */
package org.recsys4j.rank.ctr;
