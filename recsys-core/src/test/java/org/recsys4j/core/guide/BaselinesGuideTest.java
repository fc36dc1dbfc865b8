package org.recsys4j.core.guide;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.baseline.BiasBaseline;
import org.recsys4j.core.baseline.BiasBaselineModel;
import org.recsys4j.core.baseline.Ease;
import org.recsys4j.core.baseline.EaseModel;
import org.recsys4j.core.baseline.ItemKnn;
import org.recsys4j.core.baseline.ItemKnnModel;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.split.Split;
import org.recsys4j.core.split.Splits;
import org.recsys4j.core.synth.SyntheticMovieLens;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the snippet of docs/baselines.md as it is (printing replaced by checks). */
class BaselinesGuideTest {
    @Test
    void theGuidesSnippetRuns() {
        // --- docs/baselines.md ---
        Interactions all = SyntheticMovieLens.builder(1_000, 2_000, 60_000, 42).build().generate().interactions();
        Split split = Splits.leaveLastOut(all);

        EaseModel ease = Ease.builder().withLambda(100).build().fit(split.train());

        int[] users = {0, 1, 2};
        double[][] scores = new double[users.length][ease.numItems()];
        ease.score(users, scores);                       // known users

        double[] forNewUser = new double[ease.numItems()];
        ease.scoreHistory(new int[] {5, 17, 42}, forNewUser);   // a user the model never saw

        ItemKnnModel knn = ItemKnn.builder().withNeighbours(200).withThreads(2).build().fit(split.train());
        BiasBaselineModel bias = BiasBaseline.builder().withUserLambda(10).withItemLambda(25).build().fit(split.train());
        double[] predicted = new double[1];
        bias.predict(new int[] {0}, new int[] {5}, predicted);
        // --- end ---
        assertEquals(2_000, ease.numItems());
        assertTrue(Arrays.stream(scores[0]).allMatch(Double::isFinite));
        assertTrue(Arrays.stream(forNewUser).anyMatch(s -> s != 0));
        assertEquals(2_000, knn.numItems());
        assertTrue(predicted[0] >= 0.5 && predicted[0] <= 5.5, "predicted " + predicted[0]);
    }
}
