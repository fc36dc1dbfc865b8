/**
 * Baseline recommenders, each a trainer (immutable options built by a validating builder) whose
 * {@code fit(Interactions)} returns an immutable, thread-safe model:
 * {@link org.recsys4j.core.baseline.ItemPop} (popularity),
 * {@link org.recsys4j.core.baseline.ItemKnn} (item-based cosine CF),
 * {@link org.recsys4j.core.baseline.UserKnn} (user-based cosine CF, also a rating predictor),
 * {@link org.recsys4j.core.baseline.Ease} (Steck's closed-form linear autoencoder, primal or dual
 * solver) and {@link org.recsys4j.core.baseline.BiasBaseline} (global mean plus user and item biases).
 *
 * <p>The top-N models implement {@link org.recsys4j.core.model.UserItemScorer} (known users) and
 * {@link org.recsys4j.core.model.HistoryScorer} (any item history), so each can be a recall channel
 * or a ranker; the item models also implement {@link org.recsys4j.core.model.ItemSimilarity}.
 * Multi-threaded steps split work so that results never depend on the thread count.
 * See {@code docs/baselines.md}.
 */
package org.recsys4j.core.baseline;
