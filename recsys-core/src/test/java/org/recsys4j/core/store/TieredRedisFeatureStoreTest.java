package org.recsys4j.core.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.core.testing.RedisServerExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A {@link TieredFeatureStore} over a real redis-server that is stopped and started again. */
class TieredRedisFeatureStoreTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final NamespaceSpec ITEM = NamespaceSpec.vectors("item", 4);
    private static final NamespaceSpec USER = NamespaceSpec.vectors("user", 4);

    private static float[] vec(float base) {
        return FeatureStoreContractTest.vec(base);
    }

    @Test
    void residentDataAndCacheHitsAreServedWhileRedisIsDown() throws Exception {
        RedisStoreConfig config = RedisStoreConfig.builder().withHost(REDIS.host()).withPort(REDIS.port()).withPrefix("tiered")
                .withNamespace(ITEM).withNamespace(USER).withBatchSize(50)
                .withConnectTimeout(Duration.ofMillis(500)).withSocketTimeout(Duration.ofSeconds(2)).build();
        RedisFeatureStore redis = RedisFeatureStore.connect(config);
        try (VersionedLoad load = redis.beginLoad("item")) {
            for (int i = 0; i < 120; i++) {
                load.put("i" + i, vec(i));
            }
            load.commit();
        }
        redis.putAll("user", Map.of("u1", vec(101), "u2", vec(102)));
        try (TieredFeatureStore s = TieredFeatureStore.builder(redis).withResident("item").withCached("user")
                .withRefreshInterval(Duration.ZERO).withVersionCheckInterval(Duration.ZERO).build()) {
            assertArrayEquals(vec(101), s.get("user", "u1").orElseThrow());
            long version = s.currentVersion("item");
            REDIS.stop();
            try {
                assertArrayEquals(vec(7), s.get("item", "i7").orElseThrow());
                BatchRead<float[]> all = s.multiGet("item", List.of("i0", "i119", "missing"));
                assertArrayEquals(vec(119), all.get(1));
                assertFalse(all.isPresent(2));
                assertArrayEquals(vec(101), s.get("user", "u1").orElseThrow(), "a cache hit needs no server");
                StoreConnectionException e = assertThrows(StoreConnectionException.class, () -> s.get("user", "u2"));
                assertTrue(e.getMessage().contains("namespace 'user'") && e.getMessage().contains("not in the local cache")
                        && e.getMessage().contains(REDIS.host() + ":" + REDIS.port()), e.getMessage());
                assertEquals(0, s.refreshNow());
                assertEquals(1, s.stats().refreshFailures());
                assertEquals(version, s.currentVersion("item"));
                assertArrayEquals(vec(7), s.get("item", "i7").orElseThrow());
            } finally {
                REDIS.start();
            }
            // the server restarted empty; a commit through the tiered store reloads whatever its version number
            assertArrayEquals(vec(7), s.get("item", "i7").orElseThrow());
            try (VersionedLoad load = s.beginLoad("item")) {
                load.put("i7", vec(70));
                load.commit();
            }
            assertArrayEquals(vec(70), s.get("item", "i7").orElseThrow());
            assertTrue(s.get("item", "i8").isEmpty());
        }
    }
}
