/**
 * Collaborative-filtering rankers: {@link org.recsys4j.rank.cf.ScorerRanker} adapts the foundation's
 * models ({@link org.recsys4j.core.model.UserItemScorer} for known users,
 * {@link org.recsys4j.core.model.HistoryScorer} for unseen ones) to the
 * {@link org.recsys4j.core.pipeline.Ranker} SPI, {@link org.recsys4j.rank.cf.PredictorRanker} does the
 * same for a {@link org.recsys4j.core.model.RatingPredictor}, and
 * {@link org.recsys4j.rank.cf.MatrixFactorizationRanker} scores from user and item factor tables
 * (ALS and similar), with optional biases and implicit-feedback fold-in of unseen users.
 */
package org.recsys4j.rank.cf;
