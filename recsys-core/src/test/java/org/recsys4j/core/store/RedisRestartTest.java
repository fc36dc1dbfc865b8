package org.recsys4j.core.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.core.testing.RedisServerExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis stopped in the middle of a bulk load, then restarted (with its append-only file): the load
 * fails, the previous version is current and complete, and the same store instance reconnects
 * without a restart of the process.
 */
class RedisRestartTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.persistent();

    private static float[] vec(int i) {
        return new float[]{i, i + 0.5f, -i};
    }

    @Test
    void afterARestartTheSameStoreReadsTheCompletePreviousVersion() throws Exception {
        RedisStoreConfig config = RedisStoreConfig.builder().withHost(REDIS.host()).withPort(REDIS.port())
                .withPrefix("restart").withNamespace(NamespaceSpec.vectors("item", 3)).withBatchSize(10)
                .withPoolSize(2).withConnectTimeout(Duration.ofSeconds(2)).withSocketTimeout(Duration.ofSeconds(5)).build();
        try (RedisFeatureStore store = RedisFeatureStore.connect(config)) {
            List<String> keys = new ArrayList<>();
            long v1;
            try (VersionedLoad load = store.beginLoad("item")) {
                for (int i = 0; i < 50; i++) {
                    keys.add("k" + i);
                    load.put("k" + i, vec(i));
                }
                v1 = load.commit();
            }
            VersionedLoad second = store.beginLoad("item");
            Map<String, float[]> half = new LinkedHashMap<>();
            for (int i = 0; i < 30; i++) {
                half.put("k" + i, vec(1000 + i));
            }
            second.putAll(half); // flushed in batches of 10: part of version 2 is on the server
            REDIS.stop();
            Map<String, float[]> rest = new LinkedHashMap<>();
            for (int i = 30; i < 60; i++) {
                rest.put("k" + i, vec(1000 + i));
            }
            assertThrows(StoreConnectionException.class, () -> second.putAll(rest));
            assertEquals(VersionedLoad.State.FAILED, second.state());
            second.close();
            REDIS.start(); // same port, data replayed from the append-only file

            // the same instance, no reconnect call: the pool opens new connections
            assertEquals(v1, store.currentVersion("item"));
            BatchRead<float[]> values = store.multiGet("item", keys);
            for (int i = 0; i < 50; i++) {
                assertArrayEquals(vec(i), values.get(i), "k" + i + " of the previous version");
            }
            assertTrue(store.get("item", "k55").isEmpty(), "nothing of the failed load is visible");
            store.put("item", "after", vec(7));
            assertArrayEquals(vec(7), store.get("item", "after").orElseThrow());
        }
    }
}
