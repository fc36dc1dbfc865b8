package org.recsys4j.examples.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.Vocabulary;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.sample.ProtocolCFeatures;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.rank.serving.BatchScorer;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.TensorSpec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NeuMfTest {
    @TempDir
    static Path dir;
    static MovieLensData data;
    static FittedSchema<Integer> features;

    @BeforeAll
    static void samples() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("data"));
        SyntheticMovieLens.builder(60, 80, 1_800, 3).build().writeLatestCsv(folder);
        data = MovieLens.load(folder, LoadOptions.lenient());
        features = CtrRankerTraining.samples(data, 3).onlineState().features();
    }

    /** An MLP stand-in with known probabilities: row r gets probs[r]. */
    private static BatchScorer fixed(double... probs) {
        List<TensorSpec> inputs = List.of(TensorSpec.id(ProtocolCFeatures.USER), TensorSpec.id(ProtocolCFeatures.MOVIE));
        return new BatchScorer() {
            @Override
            public List<TensorSpec> inputs() {
                return inputs;
            }

            @Override
            public void score(InputBatch batch, double[] out, int offset, Deadline deadline) {
                for (int r = 0; r < batch.rows(); r++) {
                    out[offset + r] = probs[r];
                }
            }
        };
    }

    @Test
    void theFusedScoreIsTheMlpLogitPlusTheWeightTimesTheLiftedAlsScore() {
        Vocabulary users = features.encoder(ProtocolCFeatures.USER, Vocabulary.class);
        Vocabulary movies = features.encoder(ProtocolCFeatures.MOVIE, Vocabulary.class);
        long u1 = users.longId(1);
        long u2 = users.longId(2);
        long m1 = movies.longId(1);
        long m2 = movies.longId(2);
        // ALS: two users (mean user (2, 1)), two movies; user 3 of the vocabulary and movie 3 have no factors
        EmbeddingTable alsUsers = EmbeddingTable.builder(2).add(u1, new float[] {1, 2}).add(u2, new float[] {3, 0}).build();
        EmbeddingTable alsItems = EmbeddingTable.builder(2).add(m1, new float[] {0.5f, -1}).add(m2, new float[] {2, 1})
                .build();
        double beta = 0.5;
        double w = 10;
        BatchScorer neuMf = NeuMf.scorer(fixed(0.2, 0.5, 0.9, 0.7, 0.6, 0.3), features, alsUsers, alsItems, beta, w);
        assertEquals(List.of(TensorSpec.id(ProtocolCFeatures.USER), TensorSpec.id(ProtocolCFeatures.MOVIE)), neuMf.inputs());
        InputBatch batch = new InputBatch(neuMf.inputs(), 6);
        long[][] rows = {{1, 1}, {1, 2}, {2, 2}, {3, 1}, {1, 3}, {0, 0}};
        for (int r = 0; r < rows.length; r++) {
            batch.longs(ProtocolCFeatures.USER)[r] = rows[r][0];
            batch.longs(ProtocolCFeatures.MOVIE)[r] = rows[r][1];
        }
        double[] out = new double[7];
        neuMf.score(batch, out, 1, Deadline.none());
        // lifted users: u1 (1, 2) - 0.5 (2, 1) = (0, 1.5); u2 (3, 0) - (1, 0.5) = (2, -0.5)
        assertEquals(logit(0.2) + w * (0 * 0.5 + 1.5 * -1), out[1], 1e-9);
        assertEquals(logit(0.5) + w * (0 * 2 + 1.5 * 1), out[2], 1e-9);
        assertEquals(logit(0.9) + w * (2 * 2 + -0.5 * 1), out[3], 1e-9);
        // no ALS factors for the user, the movie, or an unknown (OOV) id: the MLP alone
        assertEquals(logit(0.7), out[4], 1e-9);
        assertEquals(logit(0.6), out[5], 1e-9);
        assertEquals(logit(0.3), out[6], 1e-9);
        assertEquals(0, out[0], "nothing written before the offset");

        // weight 0: the MLP's order (its logits)
        BatchScorer alone = NeuMf.scorer(fixed(0.2, 0.5, 0.9, 0.7, 0.6, 0.3), features, alsUsers, alsItems, beta, 0);
        double[] a = new double[6];
        alone.score(batch, a, 0, Deadline.none());
        assertEquals(logit(0.9), a[2], 1e-9);
        assertTrue(a[2] > a[3] && a[3] > a[4] && a[4] > a[1] && a[1] > a[5] && a[5] > a[0]);
    }

    @Test
    void mismatchedFactorWidthsAreRefused() {
        EmbeddingTable users = EmbeddingTable.builder(2).add(1L, new float[] {1, 2}).build();
        EmbeddingTable items = EmbeddingTable.builder(3).add(1L, new float[] {1, 2, 3}).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NeuMf.scorer(fixed(0.5), features, users, items, 0, 1));
        assertTrue(e.getMessage().contains("alsUsers"), e.getMessage());
    }

    @Test
    void theWeightFileRoundTripsAndABadOneNamesItsLine() throws Exception {
        Path f = dir.resolve("neuralcf-gmf.txt");
        NeuMf.Weight w = new NeuMf.Weight(30, "chosen on a validation split: w 0.0: HR@10 0.05");
        w.save(f);
        assertEquals(w, NeuMf.Weight.load(f));
        Files.writeString(f, "# x\nweight=-1\n", StandardCharsets.UTF_8);
        DataFileException bad = assertThrows(DataFileException.class, () -> NeuMf.Weight.load(f));
        assertTrue(bad.getMessage().contains("neuralcf-gmf.txt") && bad.getMessage().contains("2"), bad.getMessage());
        Files.writeString(f, "notes=only\n", StandardCharsets.UTF_8);
        assertThrows(DataFileException.class, () -> NeuMf.Weight.load(f));
        assertThrows(IllegalArgumentException.class, () -> new NeuMf.Weight(Double.POSITIVE_INFINITY, ""));
    }

    @Test
    void theWeightIsChosenFromTheGridOnAValidationSplitAndSaysHow() {
        TrainingSettings s = new TrainingSettings(8, 2, 2, 6, 3, 2, 1, 7);   // one thread: a seed gives one model
        var state = CtrRankerTraining.samples(data, s.seed()).onlineState();
        NeuMf.Weight w = NeuMf.choose(data, data.ratings(), ServingModels.movieLensAls(s), 0, ServingModels.LIKED,
                NeuralCfTraining.trainer(state, s), s.seed(), Progress.silent());
        assertTrue(NeuMf.WEIGHT_GRID.contains(w.weight()), w.toString());
        for (double g : NeuMf.WEIGHT_GRID) {
            assertTrue(w.notes().contains("w " + g + ": HR@10 "), w.notes());
        }
        // the same inputs give the same choice
        assertEquals(w, NeuMf.choose(data, data.ratings(), ServingModels.movieLensAls(s), 0, ServingModels.LIKED,
                NeuralCfTraining.trainer(state, s), s.seed(), Progress.silent()));
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
