package org.recsys4j.core.eval;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.split.Split;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RatingEvaluatorTest {

    @Test
    void clipsPredictionsAndAveragesFolds() {
        IdIndex users = IdIndex.ofLongs(1, 2);
        IdIndex items = IdIndex.ofLongs(1, 2, 3, 4, 5);
        Interactions.Builder b = Interactions.builder(users, items);
        for (int u = 0; u < 2; u++) {
            for (int i = 0; i < 5; i++) {
                b.add(u, i, 1 + i, 0);
            }
        }
        List<Split> folds = RatingEvaluator.protocolFolds(b.build());
        assertEquals(5, folds.size());
        // predict 7 for everything: clipped to 5; errors are 5 - rating
        RatingReport r = RatingEvaluator.builder().build().crossValidate(folds, train -> (us, is, out) -> {
            java.util.Arrays.fill(out, 7.0);
        });
        // fold f holds positions f and f+5 of the order (u1,i1..i5,u2,i1..i5): ratings 1+f and 1+f
        for (int f = 0; f < 5; f++) {
            assertEquals(2, r.testSize(f));
            assertEquals(4 - f, r.rmse(f), 1e-12);
            assertEquals(4 - f, r.mae(f), 1e-12);
        }
        assertEquals(2.0, r.meanRmse(), 1e-12);
        assertEquals(2.0, r.meanMae(), 1e-12);
    }

    @Test
    void nanPredictionIsAnErrorNamingTheUserAndItem() {
        IdIndex ids = IdIndex.ofLongs(1, 2);
        Interactions log = Interactions.builder(ids, ids).add(0, 1, 3, 0).add(1, 0, 3, 0).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RatingEvaluator.builder().build()
                .evaluate(new Split(log, log), (us, is, out) -> java.util.Arrays.fill(out, Double.NaN)));
        assertEquals(true, e.getMessage().contains("user index 0"), e.getMessage());
    }
}
