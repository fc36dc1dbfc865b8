package org.recsys4j.core.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.pipeline.Stage;
import org.recsys4j.core.pipeline.StageExecutor;
import org.recsys4j.core.testing.Concurrently;
import org.recsys4j.core.testing.Concurrently.Timed;
import org.recsys4j.core.testing.RedisServerExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frozen Redis (SIGSTOP: the port stays open, nothing answers) read by many threads at once, with a pool
 * smaller than the number of readers: every call fails with a {@link StoreConnectionException} within the
 * configured socket timeout plus a small slack (the pool wait, the version lookup and the MGET of one call
 * share the timeout instead of stacking), through {@link RedisFeatureStore}, through a
 * {@link TieredFeatureStore} and inside a pipeline stage; after a thaw the same store reads again.
 */
class RedisFrozenServerTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Scheduling slack on a loaded machine; the stacking this test guards against added whole timeouts. */
    private static final long SLACK_MS = 350;
    private static final int READERS = 16;

    private static RedisFeatureStore connect(String prefix) {
        return RedisFeatureStore.connect(RedisStoreConfig.builder().withHost(REDIS.host()).withPort(REDIS.port())
                .withPrefix(prefix).withNamespace(NamespaceSpec.vectors("u", 2)).withPoolSize(4)
                .withConnectTimeout(TIMEOUT).withSocketTimeout(TIMEOUT).build());
    }

    private static void load(FeatureStore store, int n) {
        try (VersionedLoad load = store.beginLoad("u")) {
            for (int i = 0; i < n; i++) {
                load.put("k" + i, new float[] {i, -i});
            }
            load.commit();
        }
    }

    private static CandidateSource source(String name, Function<RecRequest, List<Candidate>> recall) {
        return new CandidateSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Candidate> recall(RecRequest request, int limit) {
                return recall.apply(request);
            }
        };
    }

    /** Runs {@code calls} calls on each of {@link #READERS} threads at once; returns how each ended, timed. */
    private static List<Timed<String>> concurrently(int calls, Concurrently.Call<Object> call) throws Exception {
        return Concurrently.timedCalls(READERS, calls, (thread, i) -> {
            try {
                call.call(thread, i);
                return "ok";
            } catch (StoreConnectionException e) {
                return "unreachable";
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        });
    }

    private static void assertBounded(List<Timed<String>> outcomes, String expected) {
        long bound = TIMEOUT.toMillis() + SLACK_MS;
        for (Timed<String> t : outcomes) {
            assertEquals(expected, t.value(), outcomes.toString());
            assertTrue(t.millis() <= bound, "a call took " + t.millis() + " ms, bound " + bound + " ms: " + outcomes);
        }
    }

    @Test
    void everyConcurrentCallToAFrozenServerFailsWithinTheTimeout() throws Exception {
        try (RedisFeatureStore store = connect("frozen1")) {
            load(store, 50);
            assertEquals(16, concurrently(1, (t, i) -> store.multiGet("u", List.of("k1", "k2"))).size());
            REDIS.freeze();
            List<Timed<String>> frozen = concurrently(3, (t, i) -> switch (i) {
                case 0 -> store.multiGet("u", List.of("k1", "k2", "k3"));   // version lookup + MGET: one bound
                case 1 -> store.get("u", "k7");
                default -> store.currentVersion("u");
            });
            assertEquals(READERS * 3, frozen.size());
            assertBounded(frozen, "unreachable");
            REDIS.thaw();
            // the same instance reads again: broken connections were dropped, new ones open
            assertArrayEquals(new float[] {7, -7}, store.get("u", "k7").orElseThrow());
            assertBounded(concurrently(2, (t, i) -> store.multiGet("u", List.of("k1", "k9"))), "ok");
        }
    }

    @Test
    void aTieredReadWaitsForAFrozenBackingStoreOnce() throws Exception {
        RedisFeatureStore redis = connect("frozen2");
        load(redis, 50);
        try (TieredFeatureStore store = TieredFeatureStore.builder(redis).withCached("u").withCacheCapacity(8)
                .withVersionCheckInterval(Duration.ZERO).build()) {
            assertArrayEquals(new float[] {3, -3}, store.get("u", "k3").orElseThrow());
            REDIS.freeze();
            // every read checks the version first (interval 0), then fetches its misses: one wait, not two
            List<Timed<String>> frozen = concurrently(2, (t, i) -> store.multiGet("u", List.of("k" + (10 + 2 * t + i), "k49")));
            assertBounded(frozen, "unreachable");
            REDIS.thaw();
            assertArrayEquals(new float[] {11, -11}, store.get("u", "k11").orElseThrow());
        }
    }

    @Test
    void aPipelineStageReadingAFrozenStoreFallsBackWithinItsBudget() throws Exception {
        StageExecutor stages = StageExecutor.builder("frozen-redis").withThreads(8).withQueueCapacity(64).build();
        try (RedisFeatureStore store = connect("frozen3")) {
            load(store, 50);
            CandidateSource fromStore = source("from-store", request -> {
                request.deadline().check("from-store");
                return store.get("u", request.userKey().orElseThrow())
                        .map(v -> List.of(Candidate.of((int) v[0], "from-store", 1, 0))).orElse(List.of());
            });
            CandidateSource popular = source("popular", request -> List.of(Candidate.of(42, "popular", 1, 0)));
            Duration budget = Duration.ofMillis(150);
            Recommender rec = Recommender.builder("frozen", fromStore).withRecallLimit(10).withFallback(popular)
                    .withBudget(Stage.RECALL, budget).withExecutor(stages).build();
            assertArrayEquals(new int[] {5}, rec.recommend(RecRequest.builder(1).withUser("k5", 5).build()).itemIndices());
            REDIS.freeze();
            List<Recommendation> answers = new ArrayList<>();
            List<Timed<String>> timed = concurrently(2, (t, i) -> {
                Recommendation r = rec.recommend(RecRequest.builder(1).withUser("k5", 5).build());
                synchronized (answers) {
                    answers.add(r);
                }
                return r;
            });
            for (Timed<String> t : timed) {
                assertEquals("ok", t.value());
                assertTrue(t.millis() <= budget.toMillis() + SLACK_MS, "a request took " + t.millis() + " ms: " + timed);
            }
            for (Recommendation r : answers) {
                assertArrayEquals(new int[] {42}, r.itemIndices(), r.notes().toString());
                assertEquals(java.util.Set.of(Stage.RECALL), r.fallbacks());
            }
            assertTrue(stages.stats().threads() <= 8, stages.stats().toString());
            REDIS.thaw();
        } finally {
            stages.close();
        }
    }
}
