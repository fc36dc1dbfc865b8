package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.movielens.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.testing.SharedData;
import org.recsys4j.rank.ctr.CtrData;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.ctr.CtrRanker;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.ModelSpec;
import org.recsys4j.rank.ctr.ModelType;
import org.recsys4j.rank.ctr.ProtocolC;
import org.recsys4j.rank.ctr.ProtocolCFeatureProvider;
import org.recsys4j.rank.ctr.TrainerConfig;
import org.recsys4j.rank.ctr.TrainingResult;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the code of docs/ctr.md ("Train, evaluate, save, serve") so the guide cannot rot. */
class CtrGuideTest {
    @Test
    void theGuidesSnippetRuns(@TempDir Path dir) throws Exception {
        Path data = SharedData.dataSet("ml-100k");
        // --- docs/ctr.md, with the file path and printing adapted, and 3 epochs at most ---
        MovieLensData ml = MovieLens.load(data, LoadOptions.lenient());
        ProtocolC pc = ProtocolC.of(SampleSet.build(ml.ratings(), ml.catalog()));

        List<String> drop = List.of("userId", "recentPositive");
        ModelSpec spec = ProtocolC.spec(ModelType.TWO_TOWER).withoutFields(drop);
        TrainerConfig config = TrainerConfig.defaults().withLearningRate(3e-4).withThreads(2).withSeed(1)
                .withMaxEpochs(3);
        TrainingResult r = new CtrTrainer(config, e -> { })
                .train(spec, pc.fit().withoutFields(drop), pc.validation().withoutFields(drop));

        CtrData test = pc.test().withoutFields(drop);
        double[] p = new double[test.size()];
        r.model().predict(test, p, 2);
        double auc = Metrics.auc(p, test.labelArray());
        assertTrue(auc > 0.72, "test AUC " + auc);

        r.model().save(dir.resolve("two-tower.ctr"));
        CtrModel model = CtrModel.load(dir.resolve("two-tower.ctr"));

        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", 3)).build()) {
            store.put("user_stats", "42", new float[] {120, 3.9f, 0.8f});   // count, mean, stddev
            CtrRanker ranker = new CtrRanker("two-tower", model,
                    new ProtocolCFeatureProvider(pc, store, "user_stats"), 0.0);
            int[] candidates = {0, 1, 2, 3, 4};
            double[] scores = new double[candidates.length];
            ranker.score(RecRequest.builder(3).withUser("42", -1).withHistory(new int[] {10, 20}).build(), candidates, scores);
            assertEquals(0, ranker.failures());
            for (double s : scores) {
                assertTrue(s > 0 && s < 1);
            }
        }
    }
}
