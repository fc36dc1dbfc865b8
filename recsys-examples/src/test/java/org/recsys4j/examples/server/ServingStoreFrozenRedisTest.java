package org.recsys4j.examples.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.RedisFeatureStore;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.store.VersionedLoad;
import org.recsys4j.core.testing.Concurrently;
import org.recsys4j.core.testing.Concurrently.Timed;
import org.recsys4j.core.testing.RedisServerExtension;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's store over a frozen real redis-server (SIGSTOP; skipped without redis-server unless
 * RECSYS4J_REQUIRE_REDIS=1): 16 concurrent readers all get the in-memory copy's value, flagged as a
 * fallback, within the socket timeout plus slack; the breaker then keeps later reads off Redis; after a
 * thaw one probe brings Redis back, queued writes are replayed, and reads come from Redis again.
 */
class ServingStoreFrozenRedisTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final long SLACK_MS = 350;
    private static final int READERS = 16;

    /** {@code perReader} reads on each of {@link #READERS} threads at once; every value must be the right one. */
    private static List<Timed<ServingStore.Read<float[]>>> readConcurrently(ServingStore store, int perReader) throws Exception {
        return Concurrently.timedCalls(READERS, perReader, (reader, i) -> {
            String key = "u" + ((reader * 7 + i) % 20);
            ServingStore.Read<float[]> r = store.read(s -> s.get("stats", key).orElse(null));
            assertArrayEquals(value(key), r.value(), key);
            return r;
        });
    }

    private static float[] value(String key) {
        float x = Integer.parseInt(key.substring(1));
        return new float[] {x, x / 2, -x};
    }

    @Test
    void aFrozenRedisIsAnsweredFromMemoryWithinTheTimeoutAndRecovers() throws Exception {
        NamespaceSpec stats = NamespaceSpec.vectors("stats", 3);
        FeatureStore local = InMemoryFeatureStore.builder().withNamespace(stats).build();
        FeatureStore remote = RedisFeatureStore.connect(RedisStoreConfig.builder().withHost(REDIS.host())
                .withPort(REDIS.port()).withPrefix("servingfrozen").withNamespace(stats).withPoolSize(4)
                .withConnectTimeout(TIMEOUT).withSocketTimeout(TIMEOUT).build());
        for (FeatureStore fs : List.of(local, remote)) {
            try (VersionedLoad load = fs.beginLoad("stats")) {
                for (int i = 0; i < 20; i++) {
                    load.put("u" + i, value("u" + i));
                }
                load.commit();
            }
        }
        Duration retry = Duration.ofMillis(300);
        try (ServingStore store = new ServingStore(local, remote, retry, System::nanoTime)) {
            List<Timed<ServingStore.Read<float[]>>> up = readConcurrently(store, 2);
            up.forEach(t -> assertFalse(t.value().fallback(), t.toString()));

            REDIS.freeze();
            List<Timed<ServingStore.Read<float[]>>> frozen = readConcurrently(store, 3);
            long bound = TIMEOUT.toMillis() + SLACK_MS;
            for (Timed<ServingStore.Read<float[]>> t : frozen) {
                assertTrue(t.value().fallback(), t.toString());
                assertTrue(t.millis() <= bound, "a read took " + t.millis() + " ms, bound " + bound + ": " + frozen);
            }
            assertTrue(store.remoteDown());
            long failures = store.stats().remoteFailures();
            assertTrue(failures >= 1 && failures <= READERS, "only reads in flight at the freeze wait: " + store.stats());
            // feedback written meanwhile is queued for Redis; the copy has it at once
            assertFalse(store.write(s -> s.put("stats", "u25", new float[] {30, 15, -30})));
            // past the retry interval, still frozen: one probe waits, everyone else reads the copy at once
            Thread.sleep(retry.toMillis() + 50);
            List<Timed<ServingStore.Read<float[]>>> probing = readConcurrently(store, 1);
            long waited = probing.stream().filter(t -> t.millis() > 200).count();
            assertTrue(waited <= 1, "only the probe waits for the frozen server: " + probing);
            probing.forEach(t -> assertTrue(t.value().fallback()));

            REDIS.thaw();
            Thread.sleep(retry.toMillis() + 50);
            ServingStore.Read<float[]> back = store.read(s -> s.get("stats", "u25").orElse(null));
            assertFalse(back.fallback(), back.toString());
            assertArrayEquals(new float[] {30, 15, -30}, back.value(), "the queued write was replayed into Redis first");
            assertEquals(0, store.stats().pendingWrites());
            assertFalse(store.remoteDown());
            assertArrayEquals(new float[] {30, 15, -30}, remote.get("stats", "u25").orElseThrow());
        }
    }
}
