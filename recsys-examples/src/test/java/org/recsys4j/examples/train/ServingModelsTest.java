package org.recsys4j.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EmbeddingFormats;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.rank.ctr.CtrData;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.ModelType;
import org.recsys4j.rank.ctr.ProtocolC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saved and reloaded models answer exactly as the trained ones; the planted structure is learned. */
class ServingModelsTest {
    private static final TrainingSettings TINY = new TrainingSettings(8, 2, 2, 6, 3, 2, 2, 7);

    @Test
    void concurrentAndSequentialSchedulesSaveTheSameArtifacts(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        SyntheticMovieLens.builder(80, 120, 4_000, 13).withClusters(4).build().writeLatestCsv(data);
        MovieLensData ml = MovieLens.load(data, LoadOptions.lenient());
        String key = Fingerprint.ofFolder(data);
        // the concurrent schedule's pool has TINY's 2 threads
        ServingModels concurrent = ServingModels.obtain(ml, key, TINY, WorkDir.at(dir.resolve("concurrent")),
                Progress.silent(), ServingModels.Schedule.CONCURRENT);
        ServingModels sequential = ServingModels.obtain(ml, key, TINY, WorkDir.at(dir.resolve("sequential")),
                Progress.silent(), ServingModels.Schedule.SEQUENTIAL);
        assertSameAnswers(concurrent, sequential);
        assertEquals(concurrent.alsLift(), sequential.alsLift());
        assertEquals(concurrent.deepFmTestAuc(), sequential.deepFmTestAuc());
    }

    @Test
    void reloadedArtifactsAreTheTrainedOnes(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        SyntheticMovieLens.builder(80, 120, 4_000, 11).withClusters(4).build().writeLatestCsv(data);
        MovieLensData ml = MovieLens.load(data, LoadOptions.lenient());
        String key = Fingerprint.ofFolder(data);
        WorkDir work = WorkDir.at(dir.resolve("work"));
        ServingModels trained = ServingModels.obtain(ml, key, TINY, work, Progress.silent());
        assertTrue(trained.entries().stream().noneMatch(WorkDir.Entry::reused));
        assertEquals(19, trained.entries().size(), "11 models and indexes (DeepFM, DIN), the ALS lift, the merge weights, "
                + "the online feature state of the rankers' samples, NeuralCF and its GMF weight, SASRec and its index");
        ServingModels reused = ServingModels.obtain(ml, key, TINY, WorkDir.at(dir.resolve("work")), Progress.silent());
        assertTrue(reused.entries().stream().allMatch(WorkDir.Entry::reused), reused.entries().toString());

        assertSameAnswers(trained, reused);
        assertEquals(org.recsys4j.recall.index.Metric.INNER_PRODUCT, reused.sequenceIndex().metric());
        assertTrue(reused.entries().stream().anyMatch(e -> e.name().equals("sasrec") && e.notes().containsKey("bestEpoch")),
                reused.entries().toString());
        // the rankers' test AUCs are recorded (at TINY's 2 epochs on 4,000 ratings they are near chance: their ranking
        // quality is CtrRankerTrainingTest's)
        assertTrue(trained.deepFmTestAuc() >= 0 && trained.deepFmTestAuc() <= 1, "DeepFM test AUC " + trained.deepFmTestAuc());
        assertTrue(trained.dinTestAuc() >= 0 && trained.dinTestAuc() <= 1, "DIN test AUC " + trained.dinTestAuc());
        // the word2vec models record the mean loss of each epoch (TINY: 2 epochs); item2vec's falls (the walks of
        // TINY, 2 of 6 steps per item, are too few to learn much in 2 epochs)
        for (String name : List.of("item2vec", "deepwalk", "node2vec")) {
            java.util.Map<String, String> notes = reused.entries().stream().filter(e -> e.name().equals(name)).findFirst()
                    .orElseThrow().notes();
            assertEquals("1,2", notes.get("lossAtEpoch"), name);
            double[] loss = TrainingReport.values(notes.get("loss"));
            assertEquals(2, loss.length, name);
            assertTrue(!name.equals("item2vec") || loss[1] < loss[0], name + " loss " + notes.get("loss"));
        }
        List<Path> plots = TrainingReport.writeLossCurves(dir.resolve("plots"), reused.entries());
        assertEquals(3, plots.size(), "the losses come back with the reused artifacts");
    }

    @Test
    void anEmbeddingReplacedByHandRebuildsItsIndexAndNothingElse(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        SyntheticMovieLens.builder(60, 90, 2_500, 5).withClusters(3).build().writeLatestCsv(data);
        MovieLensData ml = MovieLens.load(data, LoadOptions.lenient());
        String key = Fingerprint.ofFolder(data);
        Path work = dir.resolve("work");
        ServingModels.obtain(ml, key, TINY, WorkDir.at(work), Progress.silent());

        // another valid item2vec file put in place by hand (here: other vectors, saved under the name item2vec);
        // item2vec.emb.key still names item2vec's settings: used as found, and its index rebuilt
        EmbeddingTable other = EmbeddingFormats.load(work.resolve("deepwalk.emb"), EmbeddingFormats.Format.BINARY);
        other = other.withInfo(other.info().toBuilder().withName("item2vec").build());
        EmbeddingFormats.save(other, work.resolve("item2vec.emb"), EmbeddingFormats.Format.BINARY);
        ServingModels again = ServingModels.obtain(ml, key, TINY, WorkDir.at(work), Progress.silent());
        List<String> rebuilt = again.entries().stream().filter(e -> !e.reused()).map(WorkDir.Entry::name).toList();
        assertEquals(List.of("item2vec hnsw"), rebuilt, again.entries().toString());
        WorkDir.Entry item2vec = again.entries().stream().filter(e -> e.name().equals("item2vec")).findFirst().orElseThrow();
        assertEquals("replaced since it was built (used as found)", item2vec.why());
        java.io.ByteArrayOutputStream summary = new java.io.ByteArrayOutputStream();
        TrainingReport.printSummary(new java.io.PrintStream(summary, true, java.nio.charset.StandardCharsets.UTF_8),
                again.entries());
        assertTrue(summary.toString(java.nio.charset.StandardCharsets.UTF_8).contains("[replaced since it was built"), summary::toString);
        EmbeddingTable replaced = again.itemVectors().get("item2vec");
        EmbeddingTable deepwalk = again.itemVectors().get("deepwalk");
        for (int r = 0; r < deepwalk.size(); r++) {
            assertArrayEquals(deepwalk.vector(r), replaced.vector(r), "the replaced file is used as found");
        }
        // the rebuilt index searches the new vectors (its rows: the movies served as results): each finds itself first
        EmbeddingTable results = again.resultVectors().get("item2vec");
        assertEquals(ServingModels.supported(replaced, ml.ratings().filter(k -> ml.ratings().value(k) >= ServingModels.LIKED),
                ServingModels.RESULT_SUPPORT).info().contentFingerprint(), results.info().contentFingerprint());
        assertTrue(results.size() > 0 && results.size() <= replaced.size(), results.size() + " of " + replaced.size());
        for (int r = 0; r < results.size(); r += 7) {
            assertEquals(r, again.indexes().get("item2vec").search(results.vector(r), 1).rows()[0], "row " + r);
        }

        // deepwalk's own file copied over item2vec's (a swap): it says it is deepwalk's, so it is refused and
        // item2vec is trained again (and so its index rebuilt), the entry naming the file and both names
        Files.copy(work.resolve("deepwalk.emb"), work.resolve("item2vec.emb"), StandardCopyOption.REPLACE_EXISTING);
        ServingModels swapped = ServingModels.obtain(ml, key, TINY, WorkDir.at(work), Progress.silent());
        assertEquals(List.of("item2vec", "item2vec hnsw"), swapped.entries().stream().filter(e -> !e.reused())
                .map(WorkDir.Entry::name).toList(), swapped.entries().toString());
        String why = swapped.entries().stream().filter(e -> e.name().equals("item2vec")).findFirst().orElseThrow().why();
        assertTrue(why.contains("item2vec.emb") && why.contains("expected the embedding-table 'item2vec'")
                && why.contains("found 'deepwalk'"), why);
        assertEquals("item2vec", swapped.itemVectors().get("item2vec").info().name());

        // the same bytes written again (a new modification time): everything is reused
        Path emb = work.resolve("item2vec.emb");
        Files.write(emb, Files.readAllBytes(emb));
        ServingModels third = ServingModels.obtain(ml, key, TINY, WorkDir.at(work), Progress.silent());
        assertTrue(third.entries().stream().allMatch(WorkDir.Entry::reused), third.entries().toString());
    }

    @Test
    void aNeuralCfOfProtocolCsSamplesInTheWorkFolderIsTrainedAgainOnTheRankersSamples(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        SyntheticMovieLens.builder(80, 120, 4_000, 17).withClusters(4).build().writeLatestCsv(data);
        MovieLensData ml = MovieLens.load(data, LoadOptions.lenient());
        String key = Fingerprint.ofFolder(data);
        Path work = dir.resolve("work");
        ServingModels trained = ServingModels.obtain(ml, key, TINY, WorkDir.at(work), Progress.silent());
        // the served NeuralCF is a model of the rankers' encoders: it loads through their online state
        CtrModel.load(work.resolve("neuralcf.ctr"), trained.rankerState().features());
        // what an older work folder held under this name: NeuralCF trained on protocol C's samples ("liked among
        // rated"), whose encoders are protocol C's
        ProtocolC pc = ProtocolC.of(SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC()));
        CtrModel old = CtrTrainer.builder(ProtocolC.spec(ModelType.NEURAL_CF)).withMaxEpochs(1).build().fit(pc.fit())
                .model();
        old.save(work.resolve("neuralcf.ctr"));
        ServingModels again = ServingModels.obtain(ml, key, TINY, WorkDir.at(work), Progress.silent());
        assertEquals(List.of("neuralcf"), again.entries().stream().filter(e -> !e.reused()).map(WorkDir.Entry::name)
                .toList(), again.entries().toString());
        String why = again.entries().stream().filter(e -> e.name().equals("neuralcf")).findFirst().orElseThrow().why();
        assertTrue(why.contains("neuralcf.ctr"), why);
        // and it is the rankers' NeuralCF again: the same scores as the one first trained
        CtrData test = trained.rankerSamples().test();
        double[] p1 = new double[test.size()];
        double[] p2 = new double[test.size()];
        trained.neuralCf().predict(test, p1, 1);
        again.neuralCf().predict(test, p2, 1);
        assertArrayEquals(p1, p2);
    }

    /** Asserts that two sets of models answer alike: vectors, indexes, item-CF, merge weights, CTR models, SASRec. */
    private static void assertSameAnswers(ServingModels trained, ServingModels reused) {
        for (String name : ServingModels.EMBEDDINGS) {
            EmbeddingTable a = trained.itemVectors().get(name);
            EmbeddingTable b = reused.itemVectors().get(name);
            assertEquals(a.size(), b.size(), name);
            for (int r = 0; r < a.size(); r++) {
                assertArrayEquals(a.vector(r), b.vector(r), name + " row " + r);
            }
            float[] q = a.vector(0);
            assertEquals(trained.indexes().get(name).search(q, 10), reused.indexes().get(name).search(q, 10), name);
        }
        for (int i = 0; i < trained.itemCf().numItems(); i++) {
            assertArrayEquals(trained.itemCf().neighbors(i), reused.itemCf().neighbors(i));
        }
        // the merge weights were chosen on a validation split and come back from merge.txt as chosen
        assertEquals(trained.mergeConfig(), reused.mergeConfig());
        assertTrue(trained.mergeConfig().notes().startsWith("chosen on a validation split"), trained.mergeConfig().notes());
        // the personalised rankers come back as trained, over the samples' encoders recomputed at the start
        CtrData test = trained.rankerSamples().test();
        assertEquals(test.size(), reused.rankerSamples().test().size());
        double[] p1 = new double[test.size()];
        double[] p2 = new double[test.size()];
        trained.deepFm().predict(test, p1, 1);
        reused.deepFm().predict(test, p2, 1);
        assertArrayEquals(p1, p2);
        assertEquals(trained.deepFmTestAuc(), reused.deepFmTestAuc(), 1e-6);
        trained.din().predict(test, p1, 1);
        reused.din().predict(test, p2, 1);
        assertArrayEquals(p1, p2, "DIN reloaded");
        assertEquals(trained.dinTestAuc(), reused.dinTestAuc(), 1e-6);
        // NeuralCF too, over the rankers' samples it is trained on
        trained.neuralCf().predict(test, p1, 1);
        reused.neuralCf().predict(test, p2, 1);
        assertArrayEquals(p1, p2, "NeuralCF reloaded");
        // SASRec and its inner-product index come back as trained: same state, scores and neighbours
        int[] history = {3, 7, 11, 15};
        assertArrayEquals(trained.sequenceModel().scoresOfIndices(history), reused.sequenceModel().scoresOfIndices(history));
        float[] state = reused.sequenceModel().stateOfIndices(history);
        assertArrayEquals(trained.sequenceModel().stateOfIndices(history), state);
        assertEquals(trained.sequenceIndex().search(state, 10), reused.sequenceIndex().search(state, 10));
    }
}
