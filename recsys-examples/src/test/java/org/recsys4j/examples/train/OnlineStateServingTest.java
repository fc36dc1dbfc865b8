package org.recsys4j.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.rank.ctr.CtrSchema;
import org.recsys4j.rank.ctr.ProtocolC;
import org.recsys4j.rank.ctr.ProtocolCFeatureProvider;
import org.recsys4j.rank.serving.InputBatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CTR models' samples are built only when something needs them: {@code serve} over a complete work folder loads
 * the saved online feature states and builds no sample, and the rows it serves from them are those of the samples.
 */
class OnlineStateServingTest {
    private static final TrainingSettings TINY = new TrainingSettings(8, 2, 2, 6, 3, 2, 2, 7);

    /** Records the progress steps started. */
    private static Progress recording(List<String> started) {
        return Progress.silent().withObserver(new Progress.Observer() {
            @Override
            public void started(String task) {
                started.add(task);
            }

            @Override
            public void ended(String task, double seconds) {
            }
        });
    }

    private static MovieLensData data(Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        SyntheticMovieLens.builder(80, 120, 4_000, 11).withClusters(4).build().writeLatestCsv(data);
        return MovieLens.load(data, LoadOptions.lenient());
    }

    @Test
    void servingFromACompleteWorkFolderBuildsNoSamplesAndServesTheSamplesRows(@TempDir Path dir) throws Exception {
        MovieLensData ml = data(dir);
        String key = Fingerprint.ofFolder(dir.resolve("data"));
        List<String> trainSteps = Collections.synchronizedList(new ArrayList<>());
        ServingModels trained = ServingModels.obtain(ml, key, TINY, WorkDir.at(dir.resolve("work")), recording(trainSteps));
        // one pass of samples: the personalised rankers' (DeepFM, DIN and NeuralCF read them); protocol C's own samples
        // and state are not built (no served model reads them)
        assertEquals(0, Collections.frequency(trainSteps, "ctr-samples"), trainSteps.toString());
        assertEquals(1, Collections.frequency(trainSteps, CtrRankerTraining.SAMPLES_STEP), trainSteps.toString());
        // ... and those of the validation split on which the served NeuMF's weight is chosen, a step of their own
        assertEquals(1, Collections.frequency(trainSteps, NeuMf.SAMPLES_STEP), trainSteps.toString());
        assertTrue(Files.exists(dir.resolve("work/ranker.state")));
        assertFalse(Files.exists(dir.resolve("work/protocol-c.state")));

        List<String> serveSteps = Collections.synchronizedList(new ArrayList<>());
        ServingModels served = ServingModels.obtain(ml, key, TINY, WorkDir.at(dir.resolve("work")), recording(serveSteps));
        assertTrue(served.entries().stream().allMatch(WorkDir.Entry::reused), served.entries().toString());
        assertFalse(serveSteps.contains("ctr-samples") || serveSteps.contains(CtrRankerTraining.SAMPLES_STEP)
                || serveSteps.contains(NeuMf.SAMPLES_STEP), "no samples built to serve: " + serveSteps);
        assertEquals(trained.rankerState().info().contentFingerprint(), served.rankerState().info().contentFingerprint());

        // the rows served from the loaded state are those of the samples training built, bit for bit
        assertSameRows(trained.rankerSamples(), served.rankerState(), ml.ratings(), "ranker samples");
        assertFalse(serveSteps.contains(CtrRankerTraining.SAMPLES_STEP),
                "serving rows from the state built no samples: " + serveSteps);
        // the samples are still there for who asks (tests, evaluation): built on that first call
        assertEquals(trained.rankerSamples().test().size(), served.rankerSamples().test().size());
        assertTrue(serveSteps.contains(CtrRankerTraining.SAMPLES_STEP), serveSteps.toString());
    }

    @Test
    void aDamagedStateIsBuiltAgainAndTheModelsOfItsEncodersKept(@TempDir Path dir) throws Exception {
        MovieLensData ml = data(dir);
        String key = Fingerprint.ofFolder(dir.resolve("data"));
        ServingModels.obtain(ml, key, TINY, WorkDir.at(dir.resolve("work")), Progress.silent());
        Path state = dir.resolve("work/ranker.state");
        byte[] b = Files.readAllBytes(state);
        Files.write(state, Arrays.copyOf(b, b.length - 9));   // truncated
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        ServingModels again = ServingModels.obtain(ml, key, TINY, WorkDir.at(dir.resolve("work")), recording(steps));
        List<WorkDir.Entry> rebuilt = again.entries().stream().filter(e -> !e.reused()).toList();
        assertEquals(List.of(ServingModels.RANKER_STATE), rebuilt.stream().map(WorkDir.Entry::name).toList(),
                again.entries().toString());
        String why = rebuilt.get(0).why();
        assertTrue(why.startsWith("unreadable") && why.contains("ranker.state") && why.contains("checksum"), why);
        // its samples were built to make it again; protocol C's were not; the rankers of the same encoders are kept
        assertTrue(steps.contains(CtrRankerTraining.SAMPLES_STEP) && !steps.contains("ctr-samples"), steps.toString());
        assertTrue(again.entries().stream().filter(e -> e.name().equals(ServingModels.DEEP_FM)).allMatch(WorkDir.Entry::reused));
    }

    private static void assertSameRows(ProtocolC samples, org.recsys4j.rank.ctr.OnlineFeatureState state,
                                       Interactions ratings, String what) throws Exception {
        CtrSchema schema = samples.schema();
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", 3)).build()) {
            ProtocolCFeatureProvider fresh = new ProtocolCFeatureProvider(samples, store, "user_stats");
            ProtocolCFeatureProvider loaded = new ProtocolCFeatureProvider(state, store, "user_stats");
            int n = ml(samples);
            CandidateBatch all = CandidateBatch.ofItems(IntStream.range(0, n).toArray());
            Interactions.Csr byUser = ratings.byUser();
            for (int u = 0; u < ratings.numUsers(); u += 3) {
                String key = ratings.users().id(u);
                store.put("user_stats", key, new float[] {u, 3.5f, 0.25f * (u % 5)});
                int[] history = new int[byUser.end(u) - byUser.start(u)];
                for (int p = byUser.start(u); p < byUser.end(u); p++) {
                    history[p - byUser.start(u)] = ratings.item(byUser.entry(p));
                }
                RecRequest r = RecRequest.builder(10).withUser(key, u).withHistory(history).build();
                InputBatch want = fresh.rows(r, all, 0, all.size());
                InputBatch got = loaded.rows(r, all, 0, all.size());
                assertEquals(want.rows(), got.rows());
                for (int f = 0; f < schema.numFields(); f++) {
                    assertArrayEquals(want.longs(f), got.longs(f), what + ", user " + key + ", " + schema.fieldName(f));
                }
                for (int j = 0; j < schema.numNumerics(); j++) {
                    float[] x = want.floats(schema.numFields() + j);
                    float[] y = got.floats(schema.numFields() + j);
                    for (int row = 0; row < x.length; row++) {
                        assertEquals(Float.floatToRawIntBits(x[row]), Float.floatToRawIntBits(y[row]),
                                what + ", user " + key + ", " + schema.numericName(j) + " row " + row);
                    }
                }
            }
        }
    }

    private static int ml(ProtocolC samples) {
        return samples.samples().catalog().size();
    }
}
