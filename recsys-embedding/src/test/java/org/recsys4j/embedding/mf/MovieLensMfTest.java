package org.recsys4j.embedding.mf;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.movielens.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.embedding.testing.SharedData;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Protocols T and R on the shared MovieLens copies (skipped when ../shared is absent). */
class MovieLensMfTest {

    @Test
    void implicitAlsOnMl100kReachesTheNumpyAnchor() throws Exception {
        LeaveLastOutTask task = LeaveLastOutTask.of(
                MovieLens.load(SharedData.dataSet("ml-100k"), LoadOptions.lenient()).ratings());
        for (ImplicitAls.Solver s : ImplicitAls.Solver.values()) {
            ImplicitAlsModel m = ImplicitAls.builder().withFactors(64).withRegularization(0.1).withAlpha(10)
                    .withIterations(15).withSolver(s).withThreads(2).build().fit(task.train());
            RankingReport r = RankingEvaluator.builder().threads(2).build().topN(task, m);
            System.out.println(s + " " + r + " fit " + m.fitSeconds());
        }
    }

    @Test
    void alsSweep() throws Exception {
        var d = MovieLens.load(SharedData.dataSet("ml-100k"), LoadOptions.lenient());
        var folds = org.recsys4j.core.eval.RatingEvaluator.protocolFolds(d.ratings());
        var ev = org.recsys4j.core.eval.RatingEvaluator.builder().build();
        for (int f : new int[]{10, 20, 50}) {
            for (double l : new double[]{0.05, 0.07, 0.1}) {
                int ff = f; double ll = l;
                long t0 = System.nanoTime();
                var rep = ev.crossValidate(folds, t -> Als.builder().withFactors(ff).withRegularization(ll)
                        .withIterations(15).withThreads(2).build().fit(t));
                System.out.printf("f=%d l=%.3f rmse %.4f mae %.4f %.1fs%n", f, l, rep.meanRmse(), rep.meanMae(), (System.nanoTime()-t0)/1e9);
            }
        }
    }
}
