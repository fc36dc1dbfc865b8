package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.testing.SharedData;
import org.recsys4j.rank.ctr.CtrData;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.ModelSpec;
import org.recsys4j.rank.ctr.ModelType;
import org.recsys4j.rank.ctr.ProtocolC;
import org.recsys4j.rank.ctr.ProtocolCFeatureProvider;
import org.recsys4j.rank.ctr.TrainingResult;
import org.recsys4j.rank.serving.FallbackCounter;
import org.recsys4j.rank.serving.ModelRanker;

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
        ProtocolC pc = ProtocolC.of(SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC()));

        List<String> drop = List.of("userId", "recentPositive");
        ModelSpec spec = ProtocolC.spec(ModelType.TWO_TOWER).withoutFields(drop);
        CtrTrainer trainer = CtrTrainer.builder(spec).withLearningRate(3e-4).withThreads(2).withSeed(1)
                .withListener(e -> { })
                .withMaxEpochs(3)
                .build();
        TrainingResult r = trainer.fit(pc.fit().withoutFields(drop), pc.validation().withoutFields(drop));

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
            FallbackCounter fallbacks = new FallbackCounter();
            Ranker ranker = ModelRanker.builder("two-tower", new ProtocolCFeatureProvider(pc, store, "user_stats"), model)
                    .withListener(fallbacks)
                    .build();
            double[] scores = new double[5];
            ranker.score(RecRequest.builder(3).withUser("42", -1).withHistory(new int[] {10, 20}).build(),
                    CandidateBatch.ofItems(0, 1, 2, 3, 4), scores);
            assertEquals(0, fallbacks.events());
            for (double s : scores) {
                assertTrue(s > 0 && s < 1);
            }
        }
    }

    @Test
    void theSequenceModelsSnippetRuns(@TempDir Path dir) throws Exception {
        Path data = SharedData.dataSet("ml-100k");
        // --- docs/ctr.md "Sequence models: DIN and DIEN", with the file path adapted and 2 epochs at most ---
        MovieLensData ml = MovieLens.load(data, LoadOptions.lenient());
        ProtocolC pc = ProtocolC.of(SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC()));

        ModelSpec din = ModelSpec.din(ProtocolC.SEQUENCE_FIELDS, ProtocolC.NUMERICS, "movieId", "recentPositive",
                10, new int[] {ModelSpec.DEFAULT_ATTENTION_HIDDEN}, 128, 128);
        assertEquals(ProtocolC.spec(ModelType.DIN), din);
        TrainingResult r = CtrTrainer.builder(din).withLearningRate(3e-4).withThreads(2).withMaxEpochs(2).build()
                .fit(pc.fit(), pc.validation());
        double[] p = new double[pc.test().size()];
        r.model().predict(pc.test(), p, 2);
        double auc = Metrics.auc(p, pc.test().labelArray());
        assertTrue(auc > 0.70, "DIN test AUC " + auc);

        ModelSpec dien = ModelSpec.dien(ProtocolC.SEQUENCE_FIELDS, ProtocolC.NUMERICS, "movieId", "recentPositive",
                10, ModelSpec.DEFAULT_AUX_WEIGHT, 128, 128);
        assertEquals(ProtocolC.spec(ModelType.DIEN), dien);

        r.model().save(dir.resolve("din.ctr"));
        CtrModel model = CtrModel.load(dir.resolve("din.ctr"));
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", 3)).build()) {
            store.put("user_stats", "42", new float[] {120, 3.9f, 0.8f});
            FallbackCounter fallbacks = new FallbackCounter();
            Ranker ranker = ModelRanker.builder("din", new ProtocolCFeatureProvider(pc, store, "user_stats"), model)
                    .withListener(fallbacks).build();
            double[] scores = new double[3];
            ranker.score(RecRequest.builder(3).withUser("42", -1).withHistory(new int[] {10, 20, 30}).build(),
                    CandidateBatch.ofItems(0, 1, 2), scores);
            assertEquals(0, fallbacks.events());
            for (double s : scores) {
                assertTrue(s > 0 && s < 1);
            }
            // the history matters: another recent history gives other scores
            double[] other = new double[3];
            ranker.score(RecRequest.builder(3).withUser("42", -1).withHistory(new int[] {300, 400, 500}).build(),
                    CandidateBatch.ofItems(0, 1, 2), other);
            assertTrue(scores[0] != other[0], "the sequence feeds the score");
        }
    }
    @Test
    void theMiniBatchL2SnippetRuns() throws Exception {
        Path data = SharedData.dataSet("ml-100k");
        MovieLensData ml = MovieLens.load(data, LoadOptions.lenient());
        ProtocolC pc = ProtocolC.of(SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC()));
        // --- docs/ctr.md "Regularising the id embeddings", 2 epochs at most ---
        TrainingResult r = CtrTrainer.builder(ProtocolC.spec(ModelType.DIN)).withLearningRate(1e-3)
                .withMiniBatchL2(1000).withThreads(2).withMaxEpochs(2).build().fit(pc.fit(), pc.validation());
        // the same without it: on protocol C's later, colder test period the regularised model scores higher
        TrainingResult plain = CtrTrainer.builder(ProtocolC.spec(ModelType.DIN)).withLearningRate(1e-3)
                .withThreads(2).withMaxEpochs(2).build().fit(pc.fit(), pc.validation());
        double[] p = new double[pc.test().size()];
        r.model().predict(pc.test(), p, 2);
        double regularised = Metrics.auc(p, pc.test().labelArray());
        plain.model().predict(pc.test(), p, 2);
        double without = Metrics.auc(p, pc.test().labelArray());
        assertTrue(regularised > without + 0.005, "with " + regularised + ", without " + without);
        assertEquals("1000.0", r.model().info().settings().get("miniBatchL2"));
    }
}
