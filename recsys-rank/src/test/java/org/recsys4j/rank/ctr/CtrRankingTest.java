package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EmbeddingTable;
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
import org.recsys4j.core.store.UnknownNamespaceException;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.rank.serving.FallbackCounter;
import org.recsys4j.rank.serving.FeatureRowProvider;
import org.recsys4j.rank.serving.FeatureRows;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.rank.serving.TensorSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.recsys4j.core.pipeline.Deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A {@link CtrModel} under the one model ranker, {@link ModelRanker}: scores, fallbacks, deadlines. */
class CtrRankingTest {
    @TempDir
    Path dir;

    /**
     * TinyData's rows for a request: user id from the request's index, item id = candidate (an unknown item,
     * >= 6, goes to OOV), the history as the recent bag, x0 missing (NaN), x1 = 0.3; tags, cross, x2 unset.
     */
    static FeatureRows tinyRows() {
        return FeatureRows.builder()
                .addId("user", (req, item) -> req.userIndex())
                .addId("item", (req, item) -> item)
                .addIdBag("tags", (req, item, ids) -> { })
                .addIdBag("recent", (req, item, ids) -> {
                    for (int h : req.history()) {
                        ids.accept(h);
                    }
                })
                .addId("cross", (req, item) -> 0)
                .addFloats("x0", 1, (req, item, out, off) -> out[off] = Float.NaN)
                .addFloats("x1", 1, (req, item, out, off) -> out[off] = 0.3f)
                .addFloats("x2", 1, (req, item, out, off) -> { })
                .build();
    }

    @Test
    void scoresEqualTheModelsOnTheProvidersRowsAndFailuresFallBack() {
        CtrModel m = CtrTrainer.builder(TinyData.spec(ModelType.DEEP_FM)).withLearningRate(1e-2).withBatchSize(16)
                .withMaxEpochs(2).build().fit(TinyData.random(300, 1)).model();
        assertEquals(TinyData.SCHEMA.inputs(), m.inputs(), "a CTR model's signature is its schema's");
        FallbackCounter counter = new FallbackCounter();
        Ranker r = ModelRanker.builder("deepfm", tinyRows(), m).withFallbackScore(-1).withListener(counter).build();
        RecRequest req = RecRequest.builder(3).withUser("u2", 2).withHistory(new int[] {1, 4}).build();
        int[] items = {0, 3, 5, 77};
        double[] scores = new double[4];
        r.score(req, CandidateBatch.ofItems(items), scores);
        CtrData.Builder b = CtrData.builder(TinyData.SCHEMA);
        for (int item : new int[] {0, 3, 5, 0}) {
            b.addId(0, 2).addId(1, item).addIds(3, 1, 4).addNumeric(1, 0.3).addRow();
        }
        CtrData expected = b.build();
        for (int i = 0; i < items.length; i++) {
            assertEquals(m.predict(expected, i), scores[i], 1e-12, "item " + items[i]);
        }
        assertEquals(0, counter.events());

        FeatureRowProvider oneRow = new FeatureRowProvider() {
            @Override
            public List<TensorSpec> inputs() {
                return TinyData.SCHEMA.inputs();
            }

            @Override
            public InputBatch rows(RecRequest request, CandidateBatch candidates, int from, int to) {
                return new InputBatch(inputs(), 1);
            }
        };
        Ranker broken = ModelRanker.builder("broken", oneRow, m).withFallbackScore(-1).withListener(counter).build();
        broken.score(req, CandidateBatch.ofItems(items), scores);
        for (double s : scores) {
            assertEquals(-1, s, "wrong row count → fallback");
        }
        assertEquals(1, counter.events());
        FallbackCounter throwingCounter = new FallbackCounter();
        FeatureRowProvider down = new FeatureRowProvider() {
            @Override
            public List<TensorSpec> inputs() {
                return TinyData.SCHEMA.inputs();
            }

            @Override
            public InputBatch rows(RecRequest request, CandidateBatch candidates, int from, int to) {
                throw new IllegalStateException("store down");
            }
        };
        Ranker throwing = ModelRanker.builder("throwing", down, m).withFallbackScore(0.25).withListener(throwingCounter)
                .build();
        throwing.score(req, CandidateBatch.ofItems(items), scores);
        assertEquals(0.25, scores[2]);
        assertEquals(1, throwingCounter.events());
        assertEquals(4, throwingCounter.candidates());
        assertEquals("store down", throwingCounter.lastCause().orElseThrow().getMessage());
    }

    /** The model as a BatchScorer gives exactly predict() of the same rows, for every architecture. */
    @Test
    void asABatchScorerEveryModelTypeScoresExactlyAsPredict() {
        CtrData rows = TinyData.random(150, 9);
        InputBatch batch = asBatch(rows);
        for (ModelType t : ModelType.values()) {
            CtrModel m = CtrModel.create(TinyData.spec(t), TinyData.SCHEMA, 3);
            double[] out = new double[rows.size() + 2];
            java.util.Arrays.fill(out, Double.NaN);
            m.score(batch, out, 2);
            assertTrue(Double.isNaN(out[0]) && Double.isNaN(out[1]), "the offset is kept");
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(m.predict(rows, i), out[2 + i], 0.0, t + " row " + i);
            }
        }
        // repairs as CtrData does: an out-of-range or negative id is OOV 0, a NaN numeric 0
        CtrModel m = CtrModel.create(TinyData.spec(ModelType.DEEP_FM), TinyData.SCHEMA, 3);
        InputBatch bad = new InputBatch(TinyData.SCHEMA.inputs(), 1);
        bad.longs("user")[0] = -5;
        bad.longs("item")[0] = Long.MAX_VALUE;
        bad.append(bad.indexOf("recent"), 0, 1_000);
        bad.floats("x1")[0] = Float.POSITIVE_INFINITY;
        double[] got = new double[1];
        m.score(bad, got, 0);
        CtrData.Builder b = CtrData.builder(TinyData.SCHEMA);
        CtrData repaired = b.addId(3, 0).addRow().build();
        assertEquals(m.predict(repaired, 0), got[0], 0.0);
        InputBatch wrong = new InputBatch(List.of(TensorSpec.floats("user", 1)), 1);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> m.score(wrong, got, 0));
        assertTrue(e.getMessage().contains("'user'"), e.getMessage());
    }

    /** Returns the rows as the tensors of the schema's inputs (ids as they are, bags, numerics). */
    static InputBatch asBatch(CtrData rows) {
        CtrSchema s = rows.schema();
        InputBatch b = new InputBatch(s.inputs(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            for (int f = 0; f < s.numFields(); f++) {
                if (s.isMultiHot(f)) {
                    for (int k = 0; k < rows.count(f, i); k++) {
                        b.append(f, i, rows.id(f, i, k));
                    }
                } else {
                    b.longs(f)[i] = rows.id(f, i, 0);
                }
            }
            for (int j = 0; j < s.numNumerics(); j++) {
                b.floats(s.numFields() + j)[i] = rows.numeric(i, j);
            }
        }
        return b;
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
        ProtocolC pc = ProtocolC.of(SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC()));
        CtrModel deepFm = CtrTrainer.builder(ProtocolC.spec(ModelType.DEEP_FM)).withLearningRate(3e-3).withBatchSize(32)
                .withMaxEpochs(2).build().fit(pc.fit(), pc.validation()).model();
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", 3)).build()) {
            store.put("user_stats", "7", new float[] {15, 3.8f, 0.9f});
            FallbackCounter counter = new FallbackCounter();
            ProtocolCFeatureProvider provider = new ProtocolCFeatureProvider(pc, store, "user_stats");
            Ranker r = ModelRanker.builder("deepfm", provider, deepFm).withFallbackScore(-1).withListener(counter).build();
            int[] itemArray = new int[45];
            for (int i = 0; i < itemArray.length; i++) {
                itemArray[i] = i;   // 40 catalogue items, then 5 unknown indices
            }
            CandidateBatch items = CandidateBatch.ofItems(itemArray);
            RecRequest knownUser = RecRequest.builder(10).withUser("7", 6).withHistory(new int[] {3, 8, 13}).build();
            double[] known = new double[items.size()];
            r.score(knownUser, items, known);
            double[] anonymous = new double[items.size()];
            r.score(RecRequest.builder(10).build(), items, anonymous);
            double[] nonNumeric = new double[items.size()];
            r.score(RecRequest.builder(10).withUser("guest-9", -1).withHistory(new int[] {999}).build(), items, nonNumeric);
            assertEquals(0, counter.events(), String.valueOf(counter.lastCause()));
            // the ranker's scores are the model's predictions of the provider's rows
            CtrData rows = rowsOf(provider.rows(knownUser, items, 0, items.size()), pc.schema());
            for (int i = 0; i < items.size(); i++) {
                assertEquals(deepFm.predict(rows, i), known[i], 0.0, "item " + i);
            }
            // batches of 7 on 2 threads score the same (one store read per batch)
            double[] batched = new double[items.size()];
            ModelRanker.builder("deepfm", provider, deepFm).withBatchSize(7).withThreads(2).build()
                    .score(knownUser, items, batched);
            org.junit.jupiter.api.Assertions.assertArrayEquals(known, batched, 0.0);
            for (double[] s : new double[][] {known, anonymous, nonNumeric}) {
                for (double x : s) {
                    assertTrue(x > 0 && x < 1, "a probability: " + x);
                }
            }
            assertNotEquals(known[0], known[1], "items differ");
            assertNotEquals(known[0], anonymous[0], "user features matter");
            assertEquals(known[41], known[44], 0.0, "unknown items all score as the OOV item");

            FallbackCounter wrongCounter = new FallbackCounter();
            Ranker wrongNs = ModelRanker.builder("x", new ProtocolCFeatureProvider(pc, store, "nope"), deepFm)
                    .withFallbackScore(-1).withListener(wrongCounter).build();
            wrongNs.score(RecRequest.builder(1).withUser("7", 6).build(), items, known);
            assertEquals(-1, known[0]);
            assertInstanceOf(UnknownNamespaceException.class, wrongCounter.lastCause().orElseThrow());
        }

        CtrModel tt = CtrTrainer.builder(ProtocolC.spec(ModelType.TWO_TOWER)).withLearningRate(3e-3).withBatchSize(32)
                .withMaxEpochs(2).build().fit(pc.fit(), pc.validation()).model();
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

    /** Returns the rows of a batch of the schema's inputs as CtrData (ids and numerics as they are). */
    private static CtrData rowsOf(InputBatch batch, CtrSchema schema) {
        CtrData.Builder b = CtrData.builder(schema);
        for (int r = 0; r < batch.rows(); r++) {
            for (int f = 0; f < schema.numFields(); f++) {
                if (schema.isMultiHot(f)) {
                    int[] off = batch.offsets(f);
                    for (int k = off[r]; k < off[r + 1]; k++) {
                        b.addId(f, (int) batch.longs(f)[k]);
                    }
                } else {
                    b.addId(f, (int) batch.longs(f)[r]);
                }
            }
            for (int j = 0; j < schema.numNumerics(); j++) {
                b.addNumeric(j, batch.floats(schema.numFields() + j)[r]);
            }
            b.addRow();
        }
        return b.build();
    }

    @Test
    void aPassedDeadlineStopsScoringAndIsNotAFeatureFailure() {
        CtrModel m = CtrTrainer.builder(TinyData.spec(ModelType.DEEP_FM)).withLearningRate(1e-2).withBatchSize(16)
                .withMaxEpochs(1).build().fit(TinyData.random(200, 2)).model();
        java.util.concurrent.atomic.AtomicLong sleepMillis = new java.util.concurrent.atomic.AtomicLong();
        FeatureRows tiny = tinyRows();
        FeatureRowProvider p = new FeatureRowProvider() {
            @Override
            public List<TensorSpec> inputs() {
                return tiny.inputs();
            }

            @Override
            public InputBatch rows(RecRequest request, CandidateBatch candidates, int from, int to) {
                InputBatch b = tiny.rows(request, candidates, from, to);
                try {
                    Thread.sleep(sleepMillis.get());   // a slow feature fetch
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return b;
            }
        };
        FallbackCounter counter = new FallbackCounter();
        Ranker r = ModelRanker.builder("deepfm", p, m).withFallbackScore(-1).withListener(counter).build();
        int[] itemArray = new int[500];
        for (int i = 0; i < itemArray.length; i++) {
            itemArray[i] = i % 6;
        }
        CandidateBatch items = CandidateBatch.ofItems(itemArray);
        RecRequest req = RecRequest.builder(3).withUser("u2", 2).withHistory(new int[] {1, 4}).build();
        double[] plain = new double[items.size()];
        r.score(req, items, plain);
        double[] far = new double[items.size()];
        r.score(req.withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMinutes(1))), items, far);
        org.junit.jupiter.api.Assertions.assertArrayEquals(plain, far, 0.0, "a deadline far away changes no score");
        // passed before the call
        RecRequest late = req.withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMillis(-1)));
        org.junit.jupiter.api.Assertions.assertThrows(org.recsys4j.core.pipeline.DeadlineExceededException.class,
                () -> r.score(late, items, new double[items.size()]));
        // passed while the features were fetched: scoring stops within 64 rows
        sleepMillis.set(60);
        double[] partial = new double[items.size()];
        java.util.Arrays.fill(partial, Double.NaN);
        RecRequest soon = req.withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMillis(20)));
        org.junit.jupiter.api.Assertions.assertThrows(org.recsys4j.core.pipeline.DeadlineExceededException.class,
                () -> r.score(soon, items, partial));
        assertTrue(Double.isNaN(partial[CtrModel.CHECK_EVERY]), "rows after the first check are not scored");
        assertEquals(0, counter.events(), "a passed deadline is not a feature failure");
    }
}
