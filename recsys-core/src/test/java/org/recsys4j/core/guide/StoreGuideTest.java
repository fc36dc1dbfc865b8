package org.recsys4j.core.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.core.store.BatchRead;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.RedisFeatureStore;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.store.StoreLoader;
import org.recsys4j.core.store.TieredFeatureStore;
import org.recsys4j.core.store.VersionedLoad;
import org.recsys4j.core.testing.RedisServerExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Runs the two Redis snippets of docs/store.md against a real {@code redis-server} on a free port
 * (skipped when there is none, see {@link RedisServerExtension}); host and port adapted.
 */
class StoreGuideTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void versionedLoadsOnRedis() {
        // --- docs/store.md ---
        RedisStoreConfig config = RedisStoreConfig.builder()
                .withHost(REDIS.host()).withPort(REDIS.port()).withPrefix("demo")
                .withNamespace(NamespaceSpec.vectors("item", 4))
                .withTtl(Duration.ofDays(7))
                .build();
        try (FeatureStore store = RedisFeatureStore.connect(config)) {
            try (VersionedLoad load = store.beginLoad("item")) {
                load.put("i1", new float[] {0.1f, 0.2f, 0.3f, 0.4f});
                load.putAll(Map.of("i2", new float[] {1, 0, 0, 0}));
                load.commit();                       // readers switch to the new version here
            }                                        // without commit(), close() aborts
            BatchRead<float[]> vs = store.multiGet("item", List.of("i1", "missing", "i2"));   // vs.isPresent(1) == false
            store.gc(Duration.ofMinutes(5));         // drop versions replaced more than 5 minutes ago
            // --- end ---
            assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, vs.get(0));
            assertFalse(vs.isPresent(1));
            assertArrayEquals(new float[] {1, 0, 0, 0}, vs.get(2));
            assertEquals(1, store.currentVersion("item"));
        }
    }

    @Test
    void aTieredStoreOverRedis() {
        RedisStoreConfig seed = RedisStoreConfig.builder().withHost(REDIS.host()).withPort(REDIS.port())
                .withPrefix("tiered-demo").withNamespace(NamespaceSpec.vectors("item", 4))
                .withNamespace(NamespaceSpec.blobs("user")).build();
        try (FeatureStore s = RedisFeatureStore.connect(seed)) {
            s.put("item", "i1", new float[] {1, 2, 3, 4});
            s.putBlob("user", "u1", new byte[] {42});
        }
        // --- docs/store.md ---
        RedisStoreConfig config = RedisStoreConfig.builder()
                .withHost(REDIS.host()).withPort(REDIS.port()).withPrefix("tiered-demo")
                .withNamespace(NamespaceSpec.vectors("item", 4))
                .withNamespace(NamespaceSpec.blobs("user"))
                .build();
        try (TieredFeatureStore store = TieredFeatureStore.builder(RedisFeatureStore.connect(config))
                .withResident("item")                               // all items in memory
                .withCached("user")                                 // users per request
                .withCacheCapacity(100_000).withCacheTtl(Duration.ofMinutes(5))
                .withRefreshInterval(Duration.ofSeconds(30))
                .build()) {                                         // copies "item" now
            float[] item = store.get("item", "i1").orElseThrow();   // memory only, even with Redis down
            BatchRead<byte[]> users = store.multiGetBlobs("user", List.of("u1", "u2"));   // misses: one MGET
            // --- end ---
            assertArrayEquals(new float[] {1, 2, 3, 4}, item);
            assertArrayEquals(new byte[] {42}, users.get(0));
            assertFalse(users.isPresent(1));
        }
    }

    @Test
    void aLoadThatASignalCanAbortAndThatRefusesEmptySources() {
        RedisStoreConfig config = RedisStoreConfig.builder().withHost(REDIS.host()).withPort(REDIS.port())
                .withPrefix("abort-demo").withNamespace(NamespaceSpec.vectors("item", 2)).build();
        try (FeatureStore store = RedisFeatureStore.connect(config)) {
            java.util.Iterator<Map.Entry<String, float[]>> rows = List.of(Map.entry("i1", new float[] {1, 2})).iterator();
            // --- docs/store.md ---
            StoreLoader.AbortSwitch abort = new StoreLoader.AbortSwitch();
            Thread hook = new Thread(() -> abort.abort("SIGTERM or Ctrl-C"));
            Runtime.getRuntime().addShutdownHook(hook);
            StoreLoader loader = StoreLoader.builder(store).withEmptyLoads(false).withAbortSwitch(abort).build();
            loader.loadVectors("item", rows, -1);
            // --- end ---
            Runtime.getRuntime().removeShutdownHook(hook);
            assertArrayEquals(new float[] {1, 2}, store.get("item", "i1").orElseThrow());
            long v = store.currentVersion("item");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> loader.loadVectors("item", java.util.Collections.emptyIterator(), 0));
            abort.abort("SIGTERM or Ctrl-C");
            org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                    () -> loader.loadVectors("item", List.of(Map.entry("i2", new float[] {3, 4})).iterator(), 1));
            assertEquals(v, store.currentVersion("item"));
        }
    }
}
