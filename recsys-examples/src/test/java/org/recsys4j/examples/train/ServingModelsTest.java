package org.recsys4j.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.movielens.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.rank.ctr.CtrData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saved and reloaded models answer exactly as the trained ones; the planted structure is learned. */
class ServingModelsTest {
    private static final TrainingSettings TINY = new TrainingSettings(8, 2, 2, 6, 3, 2, 2, 7);

    @Test
    void reloadedArtifactsAreTheTrainedOnes(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        SyntheticMovieLens.builder(80, 120, 4_000, 11).withClusters(4).build().writeLatestCsv(data);
        MovieLensData ml = MovieLens.load(data, LoadOptions.lenient());
        String key = Fingerprint.ofFolder(data);
        WorkDir work = WorkDir.at(dir.resolve("work"));
        ServingModels trained = ServingModels.obtain(ml, key, TINY, work, Progress.silent());
        assertTrue(trained.entries().stream().noneMatch(WorkDir.Entry::reused));
        assertEquals(11, trained.entries().size());
        ServingModels reused = ServingModels.obtain(ml, key, TINY, WorkDir.at(dir.resolve("work")), Progress.silent());
        assertTrue(reused.entries().stream().allMatch(WorkDir.Entry::reused), reused.entries().toString());

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
        CtrData test = trained.protocolC().test().withoutFields(ServingModels.DEEPFM_DROPPED_FIELDS);
        double[] p1 = new double[test.size()];
        double[] p2 = new double[test.size()];
        trained.deepFm().predict(test, p1, 1);
        reused.deepFm().predict(test, p2, 1);
        assertArrayEquals(p1, p2);
        assertEquals(trained.deepFmTestAuc(), reused.deepFmTestAuc(), 1e-6);
        // the synthetic users prefer one cluster of movies: DeepFM must rank held-out likes well above chance
        assertTrue(trained.deepFmTestAuc() > 0.6, "DeepFM test AUC " + trained.deepFmTestAuc());
        List<Path> plots = TrainingReport.writeLossCurves(dir.resolve("plots"), reused.entries());
        assertEquals(3, plots.size(), "the losses come back with the reused artifacts");
    }
}
