/**
 * The small model interfaces that evaluators, recall channels and rankers call: batch scoring of
 * all items for users ({@link org.recsys4j.core.model.UserItemScorer}), scoring from a history
 * ({@link org.recsys4j.core.model.HistoryScorer}), a history as a query vector for a vector index
 * ({@link org.recsys4j.core.model.HistoryEncoder}), item-to-item similarity
 * ({@link org.recsys4j.core.model.ItemSimilarity}) and rating prediction
 * ({@link org.recsys4j.core.model.RatingPredictor}). All work on dense indices.
 */
package org.recsys4j.core.model;
