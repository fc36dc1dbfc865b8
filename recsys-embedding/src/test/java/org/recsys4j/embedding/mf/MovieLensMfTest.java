package org.recsys4j.embedding.mf;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.eval.RatingEvaluator;
import org.recsys4j.core.eval.RatingReport;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.testing.SharedData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocols T and R on the shared MovieLens copies (skipped when ../shared is absent). Every fit is
 * seeded and single-result, so the figures are exact and the thresholds only leave room for a change of
 * seed policy, not for randomness.
 */
class MovieLensMfTest {

    /**
     * iALS at the numpy anchor's setting. The anchor's HR@10 0.1018 is its seed 0 (numpy default_rng(0)); the
     * same loop with seeds 1, 2, 3 gives 0.0848, 0.0880, 0.0891, so the init alone moves HR@10 by ±0.01 (≈ 10
     * users of 943). Our seed 0 gives 0.0901 (exact) and 0.0901 (CG); seeds 0-4 span 0.082-0.099. The bar is
     * therefore the low end of the anchor's own seed spread minus one standard error of HR@10 on 943 users
     * (0.009): 0.0848 − 0.009 ≈ 0.075, not 0.1018 − a small tolerance.
     */
    @Test
    void implicitAlsOnMl100kIsWithinTheAnchorsSeedSpread() throws Exception {
        LeaveLastOutTask task = LeaveLastOutTask.of(
                MovieLens.load(SharedData.dataSet("ml-100k"), LoadOptions.lenient()).ratings());
        RankingEvaluator ev = RankingEvaluator.builder().withThreads(2).build();
        for (ImplicitAls.Solver s : ImplicitAls.Solver.values()) {
            ImplicitAlsModel m = ImplicitAls.builder().withFactors(64).withRegularization(0.1).withAlpha(10)
                    .withIterations(15).withSolver(s).withThreads(2).withSeed(0).build().fit(task.train());
            RankingReport r = ev.topN(task, m);
            System.out.printf("ml-100k iALS %s: %s, fit %.2f s%n", s, r, m.fitSeconds());
            assertTrue(r.hitRate(10) >= 0.075, s + ": " + r);
            assertTrue(r.ndcg(10) >= 0.036, s + ": " + r);
        }
    }

    /** Protocol R with the settings of {@code evaluate} (docs/mf-notes.md): mean RMSE 0.908 over the 5 folds. */
    @Test
    void explicitAlsReachesRmse0915OnMl100kProtocolR() throws Exception {
        Interactions ratings = MovieLens.load(SharedData.dataSet("ml-100k"), LoadOptions.lenient()).ratings();
        RatingReport r = RatingEvaluator.builder().build().crossValidate(RatingEvaluator.protocolFolds(ratings),
                t -> Als.builder().withFactors(10).withRegularization(12).withWeightedRegularization(false)
                        .withBiasRegularization(3).withIterations(15).withThreads(2).withSeed(0).build().fit(t));
        System.out.println("ml-100k ALS protocol R: " + r);
        assertEquals(5, r.folds());
        assertTrue(r.meanRmse() <= 0.915, r.toString());
        for (int f = 0; f < 5; f++) {
            assertTrue(r.rmse(f) < 0.93, r.toString());
        }
    }
}
