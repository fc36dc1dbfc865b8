package org.recsys4j.examples.topn;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.baseline.ItemPop;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineTableTest {

    @Test
    void aModelThatCannotBeFittedIsReportedAndTheOthersStillRun() {
        IdIndex ids = IdIndex.ofLongs(1, 2, 3);
        Interactions log = Interactions.builder(ids, ids).add(0, 0, 1, 1).add(0, 1, 1, 2).add(1, 1, 1, 1)
                .add(1, 2, 1, 2).add(2, 0, 1, 1).add(2, 2, 1, 2).build();
        List<BaselineTable.Row> seen = new ArrayList<>();
        BaselineTable t = BaselineTable.run(LeaveLastOutTask.of(log), List.of(
                new BaselineTable.Entry("Broken", "x", train -> {
                    throw new IllegalArgumentException("needs a dense 99x99 matrix");
                }),
                new BaselineTable.Entry("ItemPop", "counts", train -> ItemPop.create().fit(train))),
                RankingEvaluator.builder().withThreads(1).build(), 2, seen::add);
        assertEquals(2, seen.size());
        assertFalse(t.rows().get(0).ok());
        assertTrue(t.markdown().contains("| Broken | x | not fitted: needs a dense 99x99 matrix |"), t.markdown());
        assertTrue(t.rows().get(1).ok());
        assertEquals(3, t.rows().get(1).report().cases());
    }

    @Test
    void iAlsEntriesCarryTheNumpyAnchorsModelName() {
        for (var solver : org.recsys4j.embedding.mf.ImplicitAls.Solver.values()) {
            BaselineTable.Entry e = Baselines.ials(1, 64, 0.1, 10.0, 15, solver);
            assertEquals("iALS f=64 reg=0.1 a=10.0", e.anchor());
            assertEquals("iALS", e.name());
        }
        assertEquals(null, new BaselineTable.Entry("ItemPop", "counts", t -> ItemPop.create().fit(t)).anchor());
        assertTrue(Baselines.standard(1, 5, 10).stream().filter(e -> e.name().equals("iALS")).count() == 2);
    }
}
