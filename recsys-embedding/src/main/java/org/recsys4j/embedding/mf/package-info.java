/**
 * Matrix factorisation by alternating least squares.
 *
 * <ul>
 *   <li>{@link org.recsys4j.embedding.mf.ImplicitAls} — implicit feedback (Hu, Koren and Volinsky 2008),
 *       exact or conjugate-gradient row solves, for top-N recommendation (protocol T). Its
 *       {@link org.recsys4j.embedding.mf.ImplicitAlsModel} scores every item for known users and, by
 *       fold-in, for a user known only by their history.</li>
 *   <li>{@link org.recsys4j.embedding.mf.Als} — explicit ratings with user and item biases (solved jointly
 *       with the factors), for rating prediction (protocol R); its {@link org.recsys4j.embedding.mf.AlsModel}
 *       predicts {@code μ + b_u + b_i + p_u·q_i}.</li>
 * </ul>
 *
 * <p>Both fit on {@link org.recsys4j.core.data.Interactions} (values are the ratings or interaction
 * strengths), run their row solves on a configurable number of threads with results independent of it,
 * are seeded, report the training objective per iteration to an optional
 * {@link org.recsys4j.embedding.mf.IterationListener}, and export their factors as
 * {@link org.recsys4j.core.data.EmbeddingTable}s keyed by external ids.
 *
 * <pre>{@code
 * LeaveLastOutTask task = LeaveLastOutTask.of(interactions);   // one interaction per (user, item) pair
 * ImplicitAlsModel ials = ImplicitAls.builder()
 *         .withFactors(64).withRegularization(0.1).withAlpha(10).withIterations(15)
 *         .withSolver(ImplicitAls.Solver.CONJUGATE_GRADIENT).withThreads(2).withSeed(0)
 *         .build().fit(task.train());
 * RankingReport t = RankingEvaluator.builder().withThreads(2).build().topN(task, ials);
 * EmbeddingTable items = ials.itemFactors();          // e.g. for an ANN index
 * double[] scores = new double[ials.numItems()];
 * ials.scoreHistory(new int[]{12, 40, 7}, scores);    // an unseen user
 *
 * RatingReport r = RatingEvaluator.builder().build().crossValidate(
 *         RatingEvaluator.protocolFolds(ratings),
 *         train -> Als.builder().withFactors(10).withRegularization(10).withWeightedRegularization(false)
 *                 .withThreads(2).build().fit(train));
 * }</pre>
 */
package org.recsys4j.embedding.mf;
