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
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.Deadline;
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
        public void score(InputBatch b, double[] out, int offset, Deadline deadline) {
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
                .addUserId("user_id", 5)
                .addItemId("item_id", 100)
                .addFloats("f", 2, (request, item, out, off) -> {
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

        InputBatch b = rows().rows(RecRequest.builder(1).build(), CandidateBatch.ofItems(3, 100, 7, 8), 1, 4);
        assertEquals(3, b.rows());
        assertArrayEquals(new long[] {0, 0, 0}, b.longs("user_id"), "anonymous user -> OOV");
        assertArrayEquals(new long[] {0, 8, 9}, b.longs("item_id"), "item 100 is past the table -> OOV");
        assertArrayEquals(new float[] {1, 0.5f, 1, 0, 2, 0}, b.floats("f"), "NaN and infinity -> 0");
    }

    @Test
    void scoresEveryCandidateInBatchesOfAtMostBatchSize() {
        Linear model = new Linear();
        ModelRanker ranker = ModelRanker.builder("linear", rows(), model).withBatchSize(4).build();
        int[] items = {0, 1, 2, 3, 4, 5, 6, 9, 10, 11};
        double[] scores = new double[items.length];
        ranker.score(USER_2, CandidateBatch.ofItems(items), scores);
        for (int i = 0; i < items.length; i++) {
            int item = items[i];
            assertEquals(3000 + item + 1 + 10 * (item % 3) + 50, scores[i], 1e-4, "item " + item);
        }
        // the batches may run on several threads, so they finish in any order: compare the sizes, not the order
        List<Integer> sizes = new ArrayList<>(model.batchSizes);
        Collections.sort(sizes);
        assertEquals(List.of(2, 4, 4), sizes);
    }

    @Test
    void parallelBatchesGiveTheSameScores() {
        int[] items = new int[97];
        for (int i = 0; i < items.length; i++) {
            items[i] = (i * 37) % 98;
        }
        double[] serial = new double[items.length];
        double[] parallel = new double[items.length];
        ModelRanker.builder("a", rows(), new Linear()).withBatchSize(10).build().score(USER_2, CandidateBatch.ofItems(items), serial);
        Linear model = new Linear();
        ModelRanker.builder("b", rows(), model).withBatchSize(10).withThreads(3).build().score(USER_2, CandidateBatch.ofItems(items), parallel);
        assertArrayEquals(serial, parallel, 0);
        assertEquals(10, model.batchSizes.size());
    }

    @Test
    void aFailedBatchFallsBackAloneAndNonFiniteScoresFallBackItemByItem() {
        Linear model = new Linear();
        model.failOnBatchWithItemId.set(6); // item 5
        FallbackCounter counter = new FallbackCounter();
        ModelRanker ranker = ModelRanker.builder("linear", rows(), model).withBatchSize(3).withFallbackScore(-7)
                .withListener(counter).build();
        int[] items = {0, 1, 2, 3, 4, 5, 98, 10};
        double[] scores = new double[items.length];
        ranker.score(USER_2, CandidateBatch.ofItems(items), scores);
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
    void failingFastThrowsSoThePipelineReportsTheFallback() {
        Linear model = new Linear();
        model.failOnBatchWithItemId.set(6); // item 5
        FallbackCounter counter = new FallbackCounter();
        ModelRanker ranker = ModelRanker.builder("linear", rows(), model).withBatchSize(3).withFailFast(true)
                .withListener(counter).build();
        int[] items = {0, 1, 2, 3, 4, 5, 7, 10};
        ScoringException e = assertThrows(ScoringException.class,
                () -> ranker.score(USER_2, CandidateBatch.ofItems(items), new double[items.length]));
        assertTrue(e.getMessage().contains("model 'linear' failed for 3 candidates"), e.getMessage());
        assertTrue(e.getCause().getMessage().contains("planted failure at item id 6"), e.getCause().getMessage());
        assertEquals(1, counter.events(), "the listener still hears about it");
        // a model that answers is unchanged by the option
        double[] fast = new double[3];
        double[] plain = new double[3];
        ModelRanker.builder("linear", rows(), new Linear()).withFailFast(true).build()
                .score(USER_2, CandidateBatch.ofItems(0, 1, 2), fast);
        ModelRanker.builder("linear", rows(), new Linear()).build().score(USER_2, CandidateBatch.ofItems(0, 1, 2), plain);
        assertArrayEquals(plain, fast);
        // in a pipeline: the rank stage falls back to the recall order, and the answer says so
        try (org.recsys4j.core.pipeline.Recommender rec = org.recsys4j.core.pipeline.Recommender.builder("p",
                        new org.recsys4j.core.pipeline.CandidateSource() {
                            @Override
                            public String name() {
                                return "list";
                            }

                            @Override
                            public List<org.recsys4j.core.pipeline.Candidate> recall(RecRequest request, int limit) {
                                List<org.recsys4j.core.pipeline.Candidate> out = new ArrayList<>();
                                for (int item : items) {
                                    out.add(org.recsys4j.core.pipeline.Candidate.of(item, "list", -out.size(), out.size()));
                                }
                                return out;
                            }
                        })
                .withRanking(org.recsys4j.core.pipeline.RankingChain.of(ranker)).build()) {
            org.recsys4j.core.pipeline.Recommendation r = rec.recommend(USER_2);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, r.itemIndices());
            assertEquals("none", r.ranker());
            assertEquals(java.util.Set.of(org.recsys4j.core.pipeline.Stage.RANK), r.fallbacks());
            assertTrue(r.notes().get(0).contains("model 'linear' failed"), r.notes().toString());
        }
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
            public void score(RecRequest request, CandidateBatch items, double[] scores) {
                for (int i = 0; i < items.size(); i++) {
                    if (items.item(i) == 13) {
                        throw new IllegalStateException("the fallback fails too");
                    }
                    scores[i] = -items.item(i);
                }
            }
        };
        FallbackListener throwing = (r, n, c) -> {
            throw new IllegalStateException("a broken listener must not break scoring");
        };
        ModelRanker ranker = ModelRanker.builder("linear", rows(), model).withBatchSize(2).withFallbackRanker(byItem)
                .withFallbackScore(-99).withListener(throwing).build();
        double[] scores = new double[2];
        ranker.score(USER_2, CandidateBatch.ofItems(new int[] {0, 4}), scores);
        assertArrayEquals(new double[] {0, -4}, scores, 0);
        ranker.score(USER_2, CandidateBatch.ofItems(new int[] {0, 13}), scores);
        assertArrayEquals(new double[] {-99, -99}, scores, 0);
    }

    @Test
    void buildChecksTheSignatureAndArguments() {
        FeatureRows partial = FeatureRows.builder().addUserId("user_id", 5).addItemId("item_id", 100).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelRanker.builder("x", partial, new Linear()).build());
        assertTrue(e.getMessage().contains("'f'"), e.getMessage());
        FeatureRows wrongWidth = FeatureRows.builder().addUserId("user_id", 5).addItemId("item_id", 100)
                .addFloats("f", 3, (r, i, o, off) -> { }).build();
        e = assertThrows(IllegalArgumentException.class, () -> ModelRanker.builder("x", wrongWidth, new Linear()).build());
        assertTrue(e.getMessage().contains("FLOAT32 x 2") && e.getMessage().contains("FLOAT32 x 3"), e.getMessage());
        FeatureRows extra = FeatureRows.builder().addUserId("user_id", 5).addItemId("item_id", 100)
                .addFloats("f", 2, (r, i, o, off) -> { }).addId("g", (r, i) -> 0).build();
        e = assertThrows(IllegalArgumentException.class, () -> ModelRanker.builder("x", extra, new Linear()).build());
        assertTrue(e.getMessage().contains("[g]"), e.getMessage());

        ModelRanker.Builder zeroBatch = ModelRanker.builder("x", rows(), new Linear()).withBatchSize(0);   // only recorded
        assertTrue(assertThrows(IllegalArgumentException.class, zeroBatch::build).getMessage().contains("batchSize"));
        assertThrows(IllegalArgumentException.class,
                () -> ModelRanker.builder("x", rows(), new Linear()).withFallbackScore(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> ModelRanker.builder("x", rows(), new Linear()).withThreads(0).build());
        assertThrows(NullPointerException.class, () -> ModelRanker.builder("x", null, new Linear()).build());
        assertThrows(IllegalArgumentException.class, () -> FeatureRows.builder().addUserId("a", 1).addItemId("a", 1).build());
        FeatureRows.Builder ragged = FeatureRows.builder().addItemFloats("t", new float[][] {{1, 2}, {3}});   // only recorded
        assertTrue(assertThrows(IllegalArgumentException.class, ragged::build).getMessage().contains("row 1"));
        assertThrows(IllegalArgumentException.class, () -> FeatureRows.builder().build());
        ModelRanker ok = ModelRanker.builder("x", rows(), new Linear()).build();
        assertThrows(IllegalArgumentException.class, () -> ok.score(USER_2, CandidateBatch.ofItems(new int[3]), new double[2]));
        ok.score(USER_2, CandidateBatch.ofItems(new int[0]), new double[0]);
        // a provider that returns another number of rows than candidates: the batch falls back
        FeatureRowProvider short1 = new FeatureRowProvider() {
            @Override
            public List<TensorSpec> inputs() {
                return ModelRankerTest.rows().inputs();
            }

            @Override
            public InputBatch rows(RecRequest request, CandidateBatch candidates, int from, int to) {
                return new InputBatch(inputs(), Math.max(0, to - from - 1));
            }
        };
        FallbackCounter counter = new FallbackCounter();
        double[] fell = new double[3];
        ModelRanker.builder("short", short1, new Linear()).withFallbackScore(-3).withListener(counter).build()
                .score(USER_2, CandidateBatch.ofItems(1, 2, 3), fell);
        assertArrayEquals(new double[] {-3, -3, -3}, fell, 0);
        assertTrue(counter.lastCause().orElseThrow().getMessage().contains("2 rows for 3 candidates"),
                counter.lastCause().toString());
    }

    @Test
    void bagsOfIdsAreRaggedRowsFilledInOrder() {
        InputBatch b = new InputBatch(List.of(TensorSpec.id("user"), TensorSpec.idBag("genres")), 4);
        int g = b.indexOf("genres");
        b.append(g, 0, 3);
        b.append(g, 0, 5);
        b.append(g, 2, 7);   // row 1 stays empty
        assertArrayEquals(new int[] {0, 2, 2, 3, 3}, b.offsets(g), "row 3 (never appended to) is empty too");
        assertEquals(2, b.bagLength(g, 0));
        assertEquals(0, b.bagLength(g, 1));
        assertEquals(7.0, b.value(g, 2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> b.value(g, 1, 0));
        assertThrows(IllegalStateException.class, () -> b.append(g, 1, 4), "rows are filled in order");
        assertThrows(IllegalArgumentException.class, () -> b.append(g, 3, -1), "ids are >= 0");
        assertThrows(IllegalArgumentException.class, () -> b.offsets(0), "user is not a bag");
        for (int i = 0; i < 100; i++) {
            b.append(g, 3, i);   // grows past the initial capacity
        }
        assertEquals(100, b.bagLength(g, 3));
        assertEquals(99.0, b.value(g, 3, 99));
        assertThrows(IllegalArgumentException.class, () -> TensorSpec.floats("x", TensorSpec.VARIABLE_WIDTH));

        FeatureRows rows = FeatureRows.builder()
                .addIdBag("history", (request, item, ids) -> {
                    for (int k = 0; k < item; k++) {
                        ids.accept(request.historyItem(k));
                    }
                })
                .build();
        InputBatch h = rows.rows(RecRequest.builder(1).withHistory(new int[] {10, 11, 12}).build(), CandidateBatch.ofItems(2, 0, 3), 0, 3);
        assertArrayEquals(new int[] {0, 2, 2, 5}, h.offsets(0));
        assertArrayEquals(new long[] {10, 11, 10, 11, 12}, java.util.Arrays.copyOf(h.longs(0), 5));
    }

    /**
     * A model that uses what recall knew: the candidate's incoming (recall) score and whether the "cf"
     * channel found it, fed by candidate columns; the pipeline passes the provenance through to it.
     */
    @Test
    void providersFeedTheCandidatesRecallScoreAndProvenanceToTheModel() {
        BatchScorer blend = new BatchScorer() {
            @Override
            public List<TensorSpec> inputs() {
                return List.of(TensorSpec.id("item_id"), TensorSpec.floats("recall", 2));
            }

            @Override
            public void score(InputBatch b, double[] out, int offset, Deadline deadline) {
                long[] items = b.longs("item_id");
                float[] recall = b.floats("recall");
                for (int r = 0; r < b.rows(); r++) {
                    // the recall score, plus 10 if item-CF found the item, minus its rank there; a small item term
                    out[offset + r] = recall[2 * r] + (recall[2 * r + 1] >= 0 ? 10 - recall[2 * r + 1] : 0) + items[r] / 1000.0;
                }
            }
        };
        FeatureRows rows = FeatureRows.builder()
                .addItemId("item_id", 100)
                .addCandidateFloats("recall", 2, (request, candidates, i, out, off) -> {
                    out[off] = (float) candidates.score(i);
                    out[off + 1] = candidates.source(i, "cf").map(p -> (float) p.rank()).orElse(-1f);
                })
                .build();
        ModelRanker ranker = ModelRanker.builder("blend", rows, blend).withThreads(1).build();
        org.recsys4j.core.pipeline.Candidate both = org.recsys4j.core.pipeline.Candidate.of(5, "popular", 0.5, 0)
                .mergedWith(org.recsys4j.core.pipeline.Candidate.of(5, "cf", 2.0, 3));
        List<org.recsys4j.core.pipeline.Candidate> recalled = List.of(
                org.recsys4j.core.pipeline.Candidate.of(1, "popular", 0.9, 1),
                org.recsys4j.core.pipeline.Candidate.of(2, "cf", 0.2, 0),
                both,
                new org.recsys4j.core.pipeline.Candidate(3, 0.7, List.of()));
        org.recsys4j.core.pipeline.CandidateSource source = new org.recsys4j.core.pipeline.CandidateSource() {
            @Override
            public String name() {
                return "merged";
            }

            @Override
            public List<org.recsys4j.core.pipeline.Candidate> recall(RecRequest request, int limit) {
                return recalled;
            }
        };
        try (org.recsys4j.core.pipeline.Recommender rec = org.recsys4j.core.pipeline.Recommender.builder("main", source)
                .withRecallLimit(10).withRanking(org.recsys4j.core.pipeline.RankingChain.of(ranker)).build()) {
            org.recsys4j.core.pipeline.Recommendation r = rec.recommend(RecRequest.builder(4).build());
            // 2: 0.2 + 10 - 0 = 10.2; 5: 0.5 + 10 - 3 = 7.5; 1: 0.9; 3: 0.7 (+ item id / 1000, the id being item + 1)
            assertArrayEquals(new int[] {2, 5, 1, 3}, r.itemIndices());
            assertEquals(10.203, r.items().get(0).score(), 1e-6);   // the recall score travels as float32
            assertEquals(7.506, r.items().get(1).score(), 1e-6);
            assertEquals(List.of("popular", "cf"), r.items().get(1).channels(), "the provenance comes out too");
            assertEquals("blend", r.ranker());
        }
    }

    @Test
    void aPassedDeadlineStopsBetweenBatchesWithoutFallbackScores() {
        Linear model = new Linear();
        FallbackCounter counter = new FallbackCounter();
        ModelRanker ranker = ModelRanker.builder("linear", rows(), model).withBatchSize(2).withFallbackScore(-7)
                .withListener(counter).build();
        int[] items = {0, 1, 2, 3, 4, 5};
        double[] plain = new double[items.length];
        ranker.score(USER_2, CandidateBatch.ofItems(items), plain);
        double[] far = new double[items.length];
        ranker.score(USER_2.withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMinutes(1))), CandidateBatch.ofItems(items), far);
        assertArrayEquals(plain, far, 0, "a deadline far away changes no score");
        model.batchSizes.clear();
        RecRequest late = USER_2.withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMillis(-1)));
        org.recsys4j.core.pipeline.DeadlineExceededException e = assertThrows(
                org.recsys4j.core.pipeline.DeadlineExceededException.class, () -> ranker.score(late, CandidateBatch.ofItems(items), new double[6]));
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
            public void score(InputBatch b, double[] out, int offset, Deadline deadline) {
                model.score(b, out, offset);
                try {
                    Thread.sleep(60);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ModelRanker slowRanker = ModelRanker.builder("slow", rows(), slow).withBatchSize(2).withThreads(1).withListener(counter)
                .build();
        model.batchSizes.clear();
        RecRequest soon = USER_2.withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMillis(30)));
        assertThrows(org.recsys4j.core.pipeline.DeadlineExceededException.class, () -> slowRanker.score(soon, CandidateBatch.ofItems(items), new double[6]));
        assertEquals(1, model.batchSizes.size(), "stopped after the first batch");
        assertEquals(0, counter.events());
    }
}
