package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.movielens.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.UnknownNamespaceException;
import org.recsys4j.core.data.IdIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CtrRankerTest {
    @TempDir
    Path dir;

    @Test
    void scoresEqualTheModelsOnTheProvidersRowsAndFailuresFallBack() {
        CtrModel m = new CtrTrainer(TrainerConfig.defaults().withLearningRate(1e-2).withBatchSize(16).withMaxEpochs(2),
                TrainingListener.NONE).train(TinyData.spec(ModelType.DEEP_FM), TinyData.random(300, 1), null).model();
        // a provider: user id from the request's index, item id = candidate, an unknown item (>= 6) → OOV
        CtrFeatureProvider p = (req, items, rows) -> {
            for (int item : items) {
                rows.id(0, req.userIndex()).id(1, item).ids(3, req.history()).numeric(0, Double.NaN).numeric(1, 0.3).endRow();
            }
        };
        CtrRanker r = new CtrRanker("deepfm", m, p, -1);
        RecRequest req = RecRequest.builder(3).withUser("u2", 2).withHistory(new int[] {1, 4}).build();
        int[] items = {0, 3, 5, 77};
        double[] scores = new double[4];
        r.score(req, items, scores);
        CtrData.Builder b = CtrData.builder(TinyData.SCHEMA);
        for (int item : new int[] {0, 3, 5, 0}) {
            b.id(0, 2).id(1, item).ids(3, 1, 4).numeric(1, 0.3).endRow();
        }
        CtrData expected = b.build();
        for (int i = 0; i < items.length; i++) {
            assertEquals(m.predict(expected, i), scores[i], 1e-12, "item " + items[i]);
        }
        assertEquals(0, r.failures());

        Ranker broken = new CtrRanker("broken", m, (req2, it, rows) -> rows.id(0, 1).endRow(), -1);
        broken.score(req, items, scores);
        for (double s : scores) {
            assertEquals(-1, s, "wrong row count → fallback");
        }
        CtrRanker throwing = new CtrRanker("throwing", m, (req2, it, rows) -> {
            throw new IllegalStateException("store down");
        }, 0.25);
        throwing.score(req, items, scores);
        assertEquals(0.25, scores[2]);
        assertEquals(1, throwing.failures());
        assertEquals("store down", throwing.lastFailure().getMessage());
    }

    /** A small MovieLens-format data set: 60 users rating 12–20 of 40 movies over time. */
    private MovieLensData smallMovieLens() throws IOException {
        String[] g = {"Action", "Comedy", "Drama", "Horror", "Romance"};
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        for (int i = 1; i <= 40; i++) {
            movies.append(i).append(",Movie ").append(i).append(" (").append(1980 + i).append("),")
                    .append(g[i % 5]).append('|').append(g[(i / 5) % 5].equals(g[i % 5]) ? g[(i + 1) % 5] : g[(i / 5) % 5])
                    .append('\n');
        }
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        Random r = new Random(3);
        long t = 1_000_000_000L;
        for (int u = 1; u <= 60; u++) {
            int n = 12 + r.nextInt(9);
            for (int k = 0; k < n; k++) {
                int movie = 1 + r.nextInt(40);
                double rating = movie % 5 == u % 5 ? 4.5 : 1 + r.nextInt(7) * 0.5;
                ratings.append(u).append(',').append(movie).append(',').append(rating).append(',').append(t += 1 + r.nextInt(500))
                        .append('\n');
            }
        }
        Files.writeString(dir.resolve("movies.csv"), movies);
        Files.writeString(dir.resolve("ratings.csv"), ratings);
        return MovieLens.load(dir, LoadOptions.lenient());
    }

    @Test
    void protocolCProviderScoresAnyRequestAndTheTwoTowerExportsVectors() throws Exception {
        MovieLensData ml = smallMovieLens();
        ProtocolC pc = ProtocolC.of(SampleSet.build(ml.ratings(), ml.catalog()));
        TrainerConfig c = TrainerConfig.defaults().withLearningRate(3e-3).withBatchSize(32).withMaxEpochs(2);
        CtrModel deepFm = new CtrTrainer(c, TrainingListener.NONE).train(ProtocolC.spec(ModelType.DEEP_FM), pc.fit(),
                pc.validation()).model();
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", 3)).build()) {
            store.put("user_stats", "7", new float[] {15, 3.8f, 0.9f});
            CtrRanker r = new CtrRanker("deepfm", deepFm, new ProtocolCFeatureProvider(pc, store, "user_stats"), -1);
            int[] items = new int[45];
            for (int i = 0; i < items.length; i++) {
                items[i] = i;   // 40 catalogue items, then 5 unknown indices
            }
            double[] known = new double[items.length];
            r.score(RecRequest.builder(10).withUser("7", 6).withHistory(new int[] {3, 8, 13}).build(), items, known);
            double[] anonymous = new double[items.length];
            r.score(RecRequest.builder(10).build(), items, anonymous);
            double[] nonNumeric = new double[items.length];
            r.score(RecRequest.builder(10).withUser("guest-9", -1).withHistory(new int[] {999}).build(), items, nonNumeric);
            assertEquals(0, r.failures(), String.valueOf(r.lastFailure()));
            for (double[] s : new double[][] {known, anonymous, nonNumeric}) {
                for (double x : s) {
                    assertTrue(x > 0 && x < 1, "a probability: " + x);
                }
            }
            assertNotEquals(known[0], known[1], "items differ");
            assertNotEquals(known[0], anonymous[0], "user features matter");
            assertEquals(known[41], known[44], 0.0, "unknown items all score as the OOV item");

            CtrRanker wrongNs = new CtrRanker("x", deepFm, new ProtocolCFeatureProvider(pc, store, "nope"), -1);
            wrongNs.score(RecRequest.builder(1).withUser("7", 6).build(), items, known);
            assertEquals(-1, known[0]);
            assertInstanceOf(UnknownNamespaceException.class, wrongNs.lastFailure());
        }

        CtrModel tt = new CtrTrainer(c, TrainingListener.NONE).train(ProtocolC.spec(ModelType.TWO_TOWER), pc.fit(),
                pc.validation()).model();
        CtrData test = pc.test();
        IdIndex ids = IdIndex.ofLongs(java.util.stream.LongStream.range(0, test.size()).toArray());
        EmbeddingTable users = tt.userVectors(test, ids);
        EmbeddingTable itemVecs = tt.itemVectors(test, ids);
        assertEquals(32, users.dim());
        for (int i = 0; i < test.size(); i += 7) {
            float dot = org.recsys4j.core.vector.Vectors.dot(users.vector(i), itemVecs.vector(i));
            assertEquals(tt.logit(test, i), dot + tt.towerBias(), 1e-5, "logit = <user, item> + bias, row " + i);
        }
    }

    @Test
    void aPassedDeadlineStopsScoringAndIsNotAFeatureFailure() {
        CtrModel m = new CtrTrainer(TrainerConfig.defaults().withLearningRate(1e-2).withBatchSize(16).withMaxEpochs(1),
                TrainingListener.NONE).train(TinyData.spec(ModelType.DEEP_FM), TinyData.random(200, 2), null).model();
        java.util.concurrent.atomic.AtomicLong sleepMillis = new java.util.concurrent.atomic.AtomicLong();
        CtrFeatureProvider p = (req, items, rows) -> {
            for (int item : items) {
                rows.id(0, req.userIndex()).id(1, item % 6).ids(3, req.history()).numeric(1, 0.3).endRow();
            }
            try {
                Thread.sleep(sleepMillis.get());   // a slow feature fetch
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CtrRanker r = new CtrRanker("deepfm", m, p, -1);
        int[] items = new int[500];
        for (int i = 0; i < items.length; i++) {
            items[i] = i;
        }
        RecRequest req = RecRequest.builder(3).withUser("u2", 2).withHistory(new int[] {1, 4}).build();
        double[] plain = new double[items.length];
        r.score(req, items, plain);
        double[] far = new double[items.length];
        r.score(req.withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMinutes(1))), items, far);
        org.junit.jupiter.api.Assertions.assertArrayEquals(plain, far, 0.0, "a deadline far away changes no score");
        // passed before the call
        RecRequest late = req.withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMillis(-1)));
        org.junit.jupiter.api.Assertions.assertThrows(org.recsys4j.core.pipeline.DeadlineExceededException.class,
                () -> r.score(late, items, new double[items.length]));
        // passed while the features were fetched: scoring stops within 64 rows
        sleepMillis.set(60);
        double[] partial = new double[items.length];
        java.util.Arrays.fill(partial, Double.NaN);
        RecRequest soon = req.withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMillis(20)));
        org.junit.jupiter.api.Assertions.assertThrows(org.recsys4j.core.pipeline.DeadlineExceededException.class,
                () -> r.score(soon, items, partial));
        assertTrue(Double.isNaN(partial[CtrModel.CHECK_EVERY]), "rows after the first check are not scored");
        assertEquals(0, r.failures(), "a passed deadline is not a feature failure");
    }
}
