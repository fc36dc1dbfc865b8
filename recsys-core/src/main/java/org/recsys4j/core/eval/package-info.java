/**
 * Metrics ({@link org.recsys4j.core.eval.Metrics}) and the evaluators of the protocols in
 * {@code protocols.md}: full-ranking leave-one-out for T and S
 * ({@link org.recsys4j.core.eval.RankingEvaluator} over a {@link org.recsys4j.core.eval.LeaveLastOutTask})
 * and rating prediction for R ({@link org.recsys4j.core.eval.RatingEvaluator}).
 */
package org.recsys4j.core.eval;
