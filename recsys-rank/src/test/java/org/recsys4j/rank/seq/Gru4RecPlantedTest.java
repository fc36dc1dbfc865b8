package org.recsys4j.rank.seq;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.baseline.ItemPop;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** GRU4Rec learns a planted next-item rule that popularity cannot see (protocol T, ties against the model). */
class Gru4RecPlantedTest {
    @Test
    void learnsThePlantedNextItemRule() {
        var all = PlantedSequences.generate(300, 100, 10, 20, 0.1, 9);
        LeaveLastOutTask task = LeaveLastOutTask.of(all);
        RankingEvaluator ev = RankingEvaluator.builder().withThreads(2).build();
        RankingReport pop = ev.topN(task, ItemPop.create().fit(task.train()));
        SequenceModel m = Gru4Rec.builder().withDim(32).withMaxLength(20).withDropout(0.1).withLearningRate(1e-2)
                .withBatchSize(64).withMaxEpochs(30).withPatience(4).withThreads(2).build().fit(task.train());
        RankingReport t = ev.topN(task, m.userScorer(task.train()));
        assertTrue(pop.hitRate(10) < 0.2, "popularity HR@10 " + pop.hitRate(10));
        assertTrue(t.hitRate(10) > 0.6, "GRU4Rec HR@10 " + t.hitRate(10) + " vs popularity " + pop.hitRate(10));
    }
}
