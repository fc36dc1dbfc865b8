package org.recsys4j.core.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.core.testing.RedisClusterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract against a real three-master Redis Cluster started by {@link RedisClusterExtension},
 * plus checks that values spread over the masters and that loads and gc work across them.
 */
class RedisClusterFeatureStoreTest extends FeatureStoreContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private JedisCluster raw;
    private String prefix;

    @BeforeEach
    void connectRaw() {
        raw = new JedisCluster(new HostAndPort(CLUSTER.host(), CLUSTER.ports().get(0)));
        prefix = "c" + PREFIXES.incrementAndGet();
    }

    @AfterEach
    void closeRaw() {
        raw.close();
    }

    RedisStoreConfig.Builder config() {
        return RedisStoreConfig.builder().withHost(CLUSTER.host()).withPort(CLUSTER.ports().get(0)).withPrefix(prefix)
                .withNamespace(ITEM).withNamespace(ANY).withNamespace(ROWS).withClock(clock)
                .withBatchSize(100).withPoolSize(4)
                .withConnectTimeout(Duration.ofSeconds(2)).withSocketTimeout(Duration.ofSeconds(10));
    }

    @Override
    FeatureStore createStore() {
        return RedisFeatureStore.connectCluster(config().build());
    }

    @Override
    void writeRawBytes(FeatureStore store, String namespace, String key, byte[] bytes) {
        RedisFeatureStore s = (RedisFeatureStore) store;
        raw.set(s.valueKey(namespace, s.currentVersion(namespace), key), bytes);
    }

    @Override
    Boolean versionPresent(FeatureStore store, String namespace, long version, String key) {
        return raw.exists(((RedisFeatureStore) store).valueKey(namespace, version, key));
    }

    /** Returns how many keys matching the pattern each node holds, by port. */
    private Map<Integer, Integer> keysPerNode(String pattern) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int port : CLUSTER.ports()) {
            int n = 0;
            try (Jedis j = new Jedis(CLUSTER.host(), port)) {
                ScanParams params = new ScanParams().match(pattern).count(1000);
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = j.scan(cursor, params);
                    n += page.getResult().size();
                    cursor = page.getCursor();
                } while (!"0".equals(cursor));
            }
            counts.put(port, n);
        }
        return counts;
    }

    @Test
    void storeTalksToTheClusterAndMetadataSharesOneSlot() {
        RedisFeatureStore s = (RedisFeatureStore) store();
        assertTrue(s.isCluster());
        int slot = JedisClusterCRC16.getSlot(s.metaKey("item", "current"));
        assertEquals(slot, JedisClusterCRC16.getSlot(s.metaKey("item", "next")));
        assertEquals(slot, JedisClusterCRC16.getSlot(s.metaKey("item", "retired")));
        assertEquals(prefix + ":{item}:current", s.metaKey("item", "current"));
        assertThrows(IllegalArgumentException.class, () -> RedisFeatureStore.connectCluster(config().withDatabase(1).build()));
    }

    @Test
    void valuesOfOneNamespaceSpreadOverAllMasters() {
        FeatureStore s = store();
        Map<String, float[]> m = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            m.put("k" + i, vec(i));
        }
        s.putAll("item", m);
        Map<Integer, Integer> counts = keysPerNode(prefix + ":item:v0:*");
        assertEquals(300, counts.values().stream().mapToInt(Integer::intValue).sum(), counts.toString());
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            // 300 keys over three masters holding a third of the slots each: none is empty
            assertTrue(e.getValue() > 0, "node " + e.getKey() + " holds no value of the namespace: " + counts);
        }
        Set<Integer> slots = new HashSet<>();
        for (String k : m.keySet()) {
            slots.add(JedisClusterCRC16.getSlot(((RedisFeatureStore) s).valueKey("item", 0, k)));
        }
        assertTrue(slots.size() > 100, "value keys share slots: " + slots.size());
        List<String> keys = new ArrayList<>(m.keySet());
        keys.add(150, "missing");
        BatchRead<float[]> got = s.multiGet("item", keys);
        assertEquals(301, got.size());
        assertFalse(got.isPresent(150));
        assertArrayEquals(vec(0), got.get(0));
        assertArrayEquals(vec(149), got.get(149));
        assertArrayEquals(vec(150), got.get(151));
        assertArrayEquals(vec(299), got.get(300));
    }

    @Test
    void versionedLoadCommitAndGcWorkAcrossNodes() {
        FeatureStore s = store();
        Map<String, float[]> first = new LinkedHashMap<>();
        for (int i = 0; i < 250; i++) {
            first.put("k" + i, vec(i));
        }
        long v1;
        try (VersionedLoad load = s.beginLoad("item")) {
            load.putAll(first);
            v1 = load.commit();
        }
        Map<String, float[]> second = new LinkedHashMap<>();
        for (int i = 0; i < 250; i++) {
            second.put("k" + i, vec(1000 + i));
        }
        long v2;
        try (VersionedLoad load = s.beginLoad("item")) {
            load.putAll(second);
            assertArrayEquals(vec(7), s.get("item", "k7").orElseThrow(), "readers see v1 until the commit");
            v2 = load.commit();
        }
        assertEquals(v2, s.currentVersion("item"));
        assertArrayEquals(vec(1007), s.get("item", "k7").orElseThrow());
        Map<Integer, Integer> before = keysPerNode(prefix + ":item:v" + v1 + ":*");
        assertEquals(250, before.values().stream().mapToInt(Integer::intValue).sum(), before.toString());
        assertTrue(before.values().stream().filter(n -> n > 0).count() > 1, "v1 lies on one node only: " + before);

        clock.advance(Duration.ofMinutes(2));
        assertEquals(2, s.gc(Duration.ofMinutes(1)), "the empty version 0 and v1 were superseded two minutes ago");
        Map<Integer, Integer> after = keysPerNode(prefix + ":item:v" + v1 + ":*");
        assertEquals(0, after.values().stream().mapToInt(Integer::intValue).sum(), "v1 left behind: " + after);
        Map<Integer, Integer> current = keysPerNode(prefix + ":item:v" + v2 + ":*");
        assertEquals(250, current.values().stream().mapToInt(Integer::intValue).sum(), current.toString());
        assertArrayEquals(vec(1249), s.get("item", "k249").orElseThrow());
    }

    @Test
    void unreachableClusterIsAClearErrorNamingHostAndPort() throws Exception {
        int port = org.recsys4j.core.testing.RedisServerExtension.freePort();
        RedisStoreConfig c = RedisStoreConfig.builder().withHost("127.0.0.1").withPort(port).withNamespace(ITEM)
                .withConnectTimeout(Duration.ofMillis(500)).build();
        StoreConnectionException e = assertThrows(StoreConnectionException.class, () -> RedisFeatureStore.connectCluster(c));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }
}
