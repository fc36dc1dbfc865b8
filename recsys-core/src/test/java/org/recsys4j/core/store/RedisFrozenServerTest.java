package org.recsys4j.core.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.pipeline.Stage;
import org.recsys4j.core.pipeline.StageExecutor;
import org.recsys4j.core.testing.RedisServerExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

    @AfterEach
    void thaw() throws Exception {
        if (REDIS.isRunning()) {
            REDIS.thaw();
        }
    }

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

    /** One call's outcome: how long it took and how it ended. */
    private record Timed(long millis, String outcome) {
    }

    /** Runs {@code calls} calls on each of {@link #READERS} threads at once; returns every outcome. */
    private static List<Timed> concurrently(int calls, Callable<Object> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        try {
            List<Future<List<Timed>>> fs = new ArrayList<>();
            for (int t = 0; t < READERS; t++) {
                fs.add(pool.submit(() -> {
                    List<Timed> out = new ArrayList<>();
                    for (int c = 0; c < calls; c++) {
                        long t0 = System.nanoTime();
                        String outcome;
                        try {
                            call.call();
                            outcome = "ok";
                        } catch (StoreConnectionException e) {
                            outcome = "unreachable";
                        } catch (RuntimeException e) {
                            outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
                        }
                        out.add(new Timed((System.nanoTime() - t0) / 1_000_000, outcome));
                    }
                    return out;
                }));
            }
            List<Timed> all = new ArrayList<>();
            for (Future<List<Timed>> f : fs) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertBounded(List<Timed> outcomes, String expected) {
        long bound = TIMEOUT.toMillis() + SLACK_MS;
        for (Timed t : outcomes) {
            assertEquals(expected, t.outcome(), outcomes.toString());
            assertTrue(t.millis() <= bound, "a call took " + t.millis() + " ms, bound " + bound + " ms: " + outcomes);
        }
    }

    @Test
    void everyConcurrentCallToAFrozenServerFailsWithinTheTimeout() throws Exception {
        try (RedisFeatureStore store = connect("frozen1")) {
            load(store, 50);
            assertEquals(16, concurrently(1, () -> store.multiGet("u", List.of("k1", "k2"))).size());
            REDIS.freeze();
            int[] turn = {0};
            List<Timed> frozen = concurrently(3, () -> switch (turn[0]++ % 3) {
                case 0 -> store.multiGet("u", List.of("k1", "k2", "k3"));   // version lookup + MGET: one bound
                case 1 -> store.get("u", "k7");
                default -> store.currentVersion("u");
            });
            assertEquals(READERS * 3, frozen.size());
            assertBounded(frozen, "unreachable");
            REDIS.thaw();
            // the same instance reads again: broken connections were dropped, new ones open
            assertArrayEquals(new float[] {7, -7}, store.get("u", "k7"));
            assertBounded(concurrently(2, () -> store.multiGet("u", List.of("k1", "k9"))), "ok");
        }
    }

    @Test
    void aTieredReadWaitsForAFrozenBackingStoreOnce() throws Exception {
        RedisFeatureStore redis = connect("frozen2");
        load(redis, 50);
        try (TieredFeatureStore store = TieredFeatureStore.builder(redis).withCached("u").withCacheCapacity(8)
                .withVersionCheckInterval(Duration.ZERO).build()) {
            assertArrayEquals(new float[] {3, -3}, store.get("u", "k3"));
            REDIS.freeze();
            // every read checks the version first (interval 0), then fetches its misses: one wait, not two
            int[] next = {100};
            List<Timed> frozen = concurrently(2, () -> store.multiGet("u", List.of("k" + (next[0]++ % 50), "k49")));
            assertBounded(frozen, "unreachable");
            REDIS.thaw();
            assertArrayEquals(new float[] {11, -11}, store.get("u", "k11"));
        }
    }

    @Test
    void aPipelineStageReadingAFrozenStoreFallsBackWithinItsBudget() throws Exception {
        StageExecutor stages = StageExecutor.builder("frozen-redis").threads(8).queueCapacity(64).build();
        try (RedisFeatureStore store = connect("frozen3")) {
            load(store, 50);
            CandidateSource fromStore = new CandidateSource() {
                @Override
                public String name() {
                    return "from-store";
                }

                @Override
                public List<Candidate> recall(RecRequest request, int limit) {
                    request.deadline().check(name());
                    float[] v = store.get("u", request.userKey());
                    return v == null ? List.of() : List.of(Candidate.of((int) v[0], name(), 1, 0));
                }
            };
            CandidateSource popular = new CandidateSource() {
                @Override
                public String name() {
                    return "popular";
                }

                @Override
                public List<Candidate> recall(RecRequest request, int limit) {
                    return List.of(Candidate.of(42, name(), 1, 0));
                }
            };
            Duration budget = Duration.ofMillis(150);
            Recommender rec = Recommender.builder("frozen").recall(fromStore, 10).fallback(popular)
                    .budget(Stage.RECALL, budget).executor(stages).build();
            assertArrayEquals(new int[] {5}, rec.recommend(RecRequest.builder(1).user("k5", 5).build()).itemIndices());
            REDIS.freeze();
            List<Recommendation> answers = new ArrayList<>();
            List<Timed> timed = concurrently(2, () -> {
                Recommendation r = rec.recommend(RecRequest.builder(1).user("k5", 5).build());
                synchronized (answers) {
                    answers.add(r);
                }
                return r;
            });
            for (Timed t : timed) {
                assertEquals("ok", t.outcome());
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
