package org.recsys4j.core.eval;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.baseline.BiasBaseline;
import org.recsys4j.core.baseline.ItemKnn;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.split.Split;
import org.recsys4j.core.testing.SharedData;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocols S and R on the shared MovieLens copies (skipped when ../shared is absent). S is checked
 * against the ItemKNN floor of {@code anchors/word2vec/RESULTS.md}, which counts ties in the test
 * item's favour; R's folds against their definition.
 */
class ProtocolSAndRTest {

    private static LeaveLastOutTask task(String name) throws Exception {
        return LeaveLastOutTask.of(MovieLens.load(SharedData.dataSet(name), LoadOptions.lenient()).ratings());
    }

    @Test
    void itemKnnSimilarItemsMatchTheAnchorFloorWithItsTieRule() throws Exception {
        // anchor: ml-100k 0.1453 / 0.0745, ml-latest-small 0.1016 / 0.0656 (one user = 0.0011 / 0.0016 HR)
        for (Object[] ref : new Object[][]{{"ml-100k", 0.1453, 0.0745}, {"ml-latest-small", 0.1016, 0.0656}}) {
            LeaveLastOutTask task = task((String) ref[0]);
            RankingReport s = RankingEvaluator.builder().withThreads(2).build()
                    .similarItems(task, ItemKnn.builder().withThreads(2).build().fit(task.train()));
            String what = ref[0] + ": " + s;
            assertEquals((double) ref[1], s.hitRateFavourableTies(10), 0.0017, what);
            assertEquals((double) ref[2], s.ndcgFavourableTies(10), 0.0017, what);
            assertTrue(s.hitRate(10) <= s.hitRateFavourableTies(10), what);
            assertTrue(s.modelCoverage() > 0.99, what);
        }
    }

    @Test
    void ratingFoldsPartitionMl100kAndTheBiasBaselineBeatsTheGlobalMean() throws Exception {
        MovieLensData d = MovieLens.load(SharedData.dataSet("ml-100k"), LoadOptions.lenient());
        List<Split> folds = RatingEvaluator.protocolFolds(d.ratings());
        RatingEvaluator ev = RatingEvaluator.builder().build();
        for (Split f : folds) {
            assertEquals(20_000, f.test().size());
            assertEquals(80_000, f.train().size());
        }
        RatingReport bias = ev.crossValidate(folds, t -> BiasBaseline.builder().build().fit(t));
        RatingReport mean = ev.crossValidate(folds, t -> {
            double m = 0;
            for (int k = 0; k < t.size(); k++) {
                m += t.value(k);
            }
            double global = m / t.size();
            return (us, is, out) -> java.util.Arrays.fill(out, global);
        });
        // the global mean gives ≈ 1.126 on ml-100k; biases are the classic ≈ 0.94-0.95
        assertEquals(1.126, mean.meanRmse(), 0.01, mean.toString());
        assertTrue(bias.meanRmse() < 0.96 && bias.meanRmse() > 0.90, bias.toString());
        assertTrue(bias.meanMae() < mean.meanMae(), bias + " vs " + mean);
    }
}
