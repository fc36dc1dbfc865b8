package org.recsys4j.rank.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Ranker;

/** FeatureRows' encoding (OOV bucket, NaN features) and ModelRanker's batching and fallbacks. */
class ModelRankerTest {
    static final RecRequest USER_2 = RecRequest.builder(5).withUser("u", 2).build();

    /** A linear model over [user_id, item_id, f0, f1]: 1000 * user + item + 10 * f0 + 100 * f1. */
    static final class Linear implements BatchScorer {
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failOnBatchWithItemId = new AtomicInteger(-1);

        @Override
        public List<TensorSpec> inputs() {
            return List.of(TensorSpec.id("user_id"), TensorSpec.id("item_id"), TensorSpec.floats("f", 2));
        }

        @Override
        public void score(InputBatch b, double[] out, int offset) {
            batchSizes.add(b.rows());
            long[] u = b.longs("user_id");
            long[] it = b.longs("item_id");
            float[] f = b.floats("f");
            for (int r = 0; r < b.rows(); r++) {
                if (it[r] == failOnBatchWithItemId.get()) {
                    throw new ScoringException("planted failure at item id " + it[r]);
                }
            }
            for (int r = 0; r < b.rows(); r++) {
                out[offset + r] = it[r] == 99 ? Double.NaN : 1000 * u[r] + it[r] + 10 * f[2 * r] + 100 * f[2 * r + 1];
            }
        }
    }

    static FeatureRows rows() {
        return FeatureRows.builder()
                .userId("user_id", 5)
                .itemId("item_id", 100)
                .floats("f", 2, (request, item, out, off) -> {
                    out[off] = item % 3;
                    out[off + 1] = item == 7 ? Float.NaN : (item == 8 ? Float.POSITIVE_INFINITY : 0.5f);
                })
                .build();
    }

    @Test
    void idsUseTheVocabularyConventionWithAnOovBucket() {
        assertEquals(1, FeatureRows.encodeId(0, 5));
        assertEquals(5, FeatureRows.encodeId(4, 5));
        assertEquals(0, FeatureRows.encodeId(5, 5));
        assertEquals(0, FeatureRows.encodeId(-1, 5));
        assertEquals(4, FeatureRows.decodeId(5, 5));
        assertEquals(-1, FeatureRows.decodeId(0, 5));
        assertEquals(-1, FeatureRows.decodeId(6, 5));

        InputBatch b = rows().rows(RecRequest.builder(1).build(), new int[] {3, 100, 7, 8}, 1, 4);
        assertEquals(3, b.rows());
        assertArrayEquals(new long[] {0, 0, 0}, b.longs("user_id"), "anonymous user -> OOV");
        assertArrayEquals(new long[] {0, 8, 9}, b.longs("item_id"), "item 100 is past the table -> OOV");
        assertArrayEquals(new float[] {1, 0.5f, 1, 0, 2, 0}, b.floats("f"), "NaN and infinity -> 0");
    }

    @Test
    void scoresEveryCandidateInBatchesOfAtMostBatchSize() {
        Linear model = new Linear();
        ModelRanker ranker = ModelRanker.builder("linear", rows(), model).batchSize(4).build();
        int[] items = {0, 1, 2, 3, 4, 5, 6, 9, 10, 11};
        double[] scores = new double[items.length];
        ranker.score(USER_2, items, scores);
        for (int i = 0; i < items.length; i++) {
            int item = items[i];
            assertEquals(3000 + item + 1 + 10 * (item % 3) + 50, scores[i], 1e-4, "item " + item);
        }
        assertEquals(List.of(4, 4, 2), model.batchSizes);
    }

    @Test
    void parallelBatchesGiveTheSameScores() {
        int[] items = new int[97];
        for (int i = 0; i < items.length; i++) {
            items[i] = (i * 37) % 98;
        }
        double[] serial = new double[items.length];
        double[] parallel = new double[items.length];
        ModelRanker.builder("a", rows(), new Linear()).batchSize(10).build().score(USER_2, items, serial);
        Linear model = new Linear();
        ModelRanker.builder("b", rows(), model).batchSize(10).parallelism(3).build().score(USER_2, items, parallel);
        assertArrayEquals(serial, parallel, 0);
        assertEquals(10, model.batchSizes.size());
    }

    @Test
    void aFailedBatchFallsBackAloneAndNonFiniteScoresFallBackItemByItem() {
        Linear model = new Linear();
        model.failOnBatchWithItemId.set(6); // item 5
        FallbackCounter counter = new FallbackCounter();
        ModelRanker ranker = ModelRanker.builder("linear", rows(), model).batchSize(3).fallbackScore(-7)
                .listener(counter).build();
        int[] items = {0, 1, 2, 3, 4, 5, 98, 10};
        double[] scores = new double[items.length];
        ranker.score(USER_2, items, scores);
        assertEquals(3001 + 50, scores[0], 1e-4);
        assertEquals(-7, scores[3]);
        assertEquals(-7, scores[4]);
        assertEquals(-7, scores[5]);
        assertEquals(-7, scores[6], "item 98 (id 99) scored NaN");
        assertEquals(3000 + 11 + 10 + 50, scores[7], 1e-4);
        assertEquals(2, counter.events());
        assertEquals(4, counter.candidates());
    }

    @Test
    void fallbackRankerThenFallbackScore() {
        Linear model = new Linear();
        model.failOnBatchWithItemId.set(1); // item 0
        Ranker byItem = new Ranker() {
            @Override
            public String name() {
                return "by-item";
            }

            @Override
            public void score(RecRequest request, int[] items, double[] scores) {
                for (int i = 0; i < items.length; i++) {
                    if (items[i] == 13) {
                        throw new IllegalStateException("the fallback fails too");
                    }
                    scores[i] = -items[i];
                }
            }
        };
        FallbackListener throwing = (r, n, c) -> {
            throw new IllegalStateException("a broken listener must not break scoring");
        };
        ModelRanker ranker = ModelRanker.builder("linear", rows(), model).batchSize(2).fallbackRanker(byItem)
                .fallbackScore(-99).listener(throwing).build();
        double[] scores = new double[2];
        ranker.score(USER_2, new int[] {0, 4}, scores);
        assertArrayEquals(new double[] {0, -4}, scores, 0);
        ranker.score(USER_2, new int[] {0, 13}, scores);
        assertArrayEquals(new double[] {-99, -99}, scores, 0);
    }

    @Test
    void buildChecksTheSignatureAndArguments() {
        FeatureRows partial = FeatureRows.builder().userId("user_id", 5).itemId("item_id", 100).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelRanker.builder("x", partial, new Linear()).build());
        assertTrue(e.getMessage().contains("'f'"), e.getMessage());
        FeatureRows wrongWidth = FeatureRows.builder().userId("user_id", 5).itemId("item_id", 100)
                .floats("f", 3, (r, i, o, off) -> { }).build();
        e = assertThrows(IllegalArgumentException.class, () -> ModelRanker.builder("x", wrongWidth, new Linear()).build());
        assertTrue(e.getMessage().contains("FLOAT32 x 2") && e.getMessage().contains("FLOAT32 x 3"), e.getMessage());
        FeatureRows extra = FeatureRows.builder().userId("user_id", 5).itemId("item_id", 100)
                .floats("f", 2, (r, i, o, off) -> { }).ids("g", (r, i) -> 0).build();
        e = assertThrows(IllegalArgumentException.class, () -> ModelRanker.builder("x", extra, new Linear()).build());
        assertTrue(e.getMessage().contains("[g]"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> ModelRanker.builder("x", rows(), new Linear()).batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> ModelRanker.builder("x", rows(), new Linear()).fallbackScore(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> FeatureRows.builder().userId("a", 1).itemId("a", 1).build());
        assertThrows(IllegalArgumentException.class,
                () -> FeatureRows.builder().itemFloats("t", new float[][] {{1, 2}, {3}}));
        ModelRanker ok = ModelRanker.builder("x", rows(), new Linear()).build();
        assertThrows(IllegalArgumentException.class, () -> ok.score(USER_2, new int[3], new double[2]));
        ok.score(USER_2, new int[0], new double[0]);
    }

    @Test
    void aPassedDeadlineStopsBetweenBatchesWithoutFallbackScores() {
        Linear model = new Linear();
        FallbackCounter counter = new FallbackCounter();
        ModelRanker ranker = ModelRanker.builder("linear", rows(), model).batchSize(2).fallbackScore(-7)
                .listener(counter).build();
        int[] items = {0, 1, 2, 3, 4, 5};
        double[] plain = new double[items.length];
        ranker.score(USER_2, items, plain);
        double[] far = new double[items.length];
        ranker.score(USER_2.withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMinutes(1))), items, far);
        assertArrayEquals(plain, far, 0, "a deadline far away changes no score");
        model.batchSizes.clear();
        RecRequest late = USER_2.withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMillis(-1)));
        org.recsys4j.core.pipeline.DeadlineExceededException e = assertThrows(
                org.recsys4j.core.pipeline.DeadlineExceededException.class, () -> ranker.score(late, items, new double[6]));
        assertTrue(e.getMessage().startsWith("ranker 'linear': deadline passed"), e.getMessage());
        assertEquals(0, model.batchSizes.size(), "no batch scored after the deadline");
        assertEquals(0, counter.events(), "a passed deadline is not a model failure");
        // a deadline passing while a batch is scored: the next batch is not sent
        BatchScorer slow = new BatchScorer() {
            @Override
            public List<TensorSpec> inputs() {
                return model.inputs();
            }

            @Override
            public void score(InputBatch b, double[] out, int offset) {
                model.score(b, out, offset);
                try {
                    Thread.sleep(60);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ModelRanker slowRanker = ModelRanker.builder("slow", rows(), slow).batchSize(2).listener(counter).build();
        model.batchSizes.clear();
        RecRequest soon = USER_2.withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMillis(30)));
        assertThrows(org.recsys4j.core.pipeline.DeadlineExceededException.class, () -> slowRanker.score(soon, items, new double[6]));
        assertEquals(1, model.batchSizes.size(), "stopped after the first batch");
        assertEquals(0, counter.events());
    }
}
