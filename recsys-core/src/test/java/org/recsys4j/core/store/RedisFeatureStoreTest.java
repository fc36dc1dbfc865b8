package org.recsys4j.core.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.core.testing.RedisServerExtension;
import redis.clients.jedis.JedisPooled;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract against a real redis-server started by {@link RedisServerExtension}, plus Redis-only checks. */
class RedisFeatureStoreTest extends FeatureStoreContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private JedisPooled raw;
    private String prefix;

    @BeforeEach
    void connectRaw() {
        raw = new JedisPooled(REDIS.host(), REDIS.port());
        prefix = "t" + PREFIXES.incrementAndGet();
    }

    @AfterEach
    void closeRaw() {
        raw.close();
    }

    RedisStoreConfig.Builder config() {
        return RedisStoreConfig.builder().withHost(REDIS.host()).withPort(REDIS.port()).withPrefix(prefix)
                .withNamespace(ITEM).withNamespace(ANY).withNamespace(ROWS).withClock(clock)
                .withBatchSize(100).withPoolSize(4)
                .withConnectTimeout(Duration.ofSeconds(2)).withSocketTimeout(Duration.ofSeconds(10));
    }

    @Override
    FeatureStore createStore() {
        return RedisFeatureStore.connect(config().build());
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

    @Test
    void keysFollowTheDocumentedLayout() {
        FeatureStore s = store();
        s.put("item", "i:1", vec(1));
        byte[] stored = raw.get((prefix + ":item:v0:i:1").getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(ValueCodec.encodeVector(vec(1)), stored);
        assertEquals(12 + 16, stored.length);
        assertEquals(4, stored[4]);
        long v;
        try (VersionedLoad load = s.beginLoad("item")) {
            load.put("i:1", vec(2));
            v = load.commit();
        }
        assertEquals(Long.toString(v), raw.get(prefix + ":{item}:current"));
        assertTrue(raw.exists((prefix + ":item:v" + v + ":i:1").getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, raw.zcard(prefix + ":{item}:retired"));
    }

    @Test
    void ttlIsSetOnValueKeysButNotOnThePointer() {
        FeatureStore plain = store();
        plain.put("item", "p", vec(1));
        assertEquals(-1, raw.pttl(((RedisFeatureStore) plain).valueKey("item", 0, "p")));

        prefix = prefix + "ttl";
        RedisFeatureStore s = RedisFeatureStore.connect(config().withTtl(Duration.ofSeconds(60)).build());
        try {
            s.put("item", "a", vec(1));
            long ttl = raw.pttl(s.valueKey("item", 0, "a"));
            assertTrue(ttl > 0 && ttl <= 60_000, "pttl " + ttl);
            long v;
            try (VersionedLoad load = s.beginLoad("item")) {
                Map<String, float[]> m = new LinkedHashMap<>();
                for (int i = 0; i < 250; i++) {
                    m.put("k" + i, vec(i));
                }
                load.putAll(m);
                v = load.commit();
            }
            for (String k : new String[] {"k0", "k123", "k249"}) {
                long t = raw.pttl(s.valueKey("item", v, k));
                assertTrue(t > 0 && t <= 60_000, k + " pttl " + t);
            }
            assertEquals(-1, raw.pttl(prefix + ":{item}:current"));
        } finally {
            s.close();
        }
    }

    @Test
    void unreachableServerIsAClearErrorNamingHostAndPort() throws Exception {
        int port = RedisServerExtension.freePort();
        RedisStoreConfig c = RedisStoreConfig.builder().withHost("127.0.0.1").withPort(port).withNamespace(ITEM)
                .withConnectTimeout(Duration.ofMillis(500)).build();
        StoreConnectionException e = assertThrows(StoreConnectionException.class, () -> RedisFeatureStore.connect(c));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void configNamesTheBadField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisStoreConfig.builder().withNamespace(ITEM).withPort(70000).build());
        assertTrue(e.getMessage().startsWith("port: 70000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RedisStoreConfig.builder().withNamespace(ITEM).withPrefix("a*b").build());
        assertTrue(e.getMessage().startsWith("prefix:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RedisStoreConfig.builder().withNamespace(ITEM).withSocketTimeout(Duration.ZERO).build());
        assertTrue(e.getMessage().startsWith("socketTimeout:"), e.getMessage());
    }

    @Test
    void redisStoppedInTheMiddleOfABulkLoadFailsTheLoad() throws Exception {
        RedisFeatureStore s = RedisFeatureStore.connect(config().withBatchSize(10).build());
        try {
            s.put("item", "a", vec(1));
            VersionedLoad load = s.beginLoad("item");
            Map<String, float[]> first = new LinkedHashMap<>();
            for (int i = 0; i < 20; i++) {
                first.put("k" + i, vec(i));
            }
            load.putAll(first);
            assertTrue(raw.exists(s.valueKey("item", load.version(), "k19")), "the first batches were flushed");
            REDIS.stop();
            try {
                Map<String, float[]> second = new LinkedHashMap<>();
                for (int i = 20; i < 40; i++) {
                    second.put("k" + i, vec(i));
                }
                StoreConnectionException e = assertThrows(StoreConnectionException.class, () -> load.putAll(second));
                assertTrue(e.getMessage().contains(REDIS.host() + ":" + REDIS.port()), e.getMessage());
                assertEquals(VersionedLoad.State.FAILED, load.state());
                IllegalStateException c = assertThrows(IllegalStateException.class, load::commit);
                assertTrue(c.getMessage().contains("failed earlier") && c.getMessage().contains("previous version"),
                        c.getMessage());
                load.close();
                assertEquals(VersionedLoad.State.ABORTED, load.state());
                StoreConnectionException r = assertThrows(StoreConnectionException.class, () -> s.get("item", "a"));
                assertTrue(r.getMessage().contains(REDIS.host() + ":" + REDIS.port()), r.getMessage());
            } finally {
                REDIS.start();
            }
        } finally {
            s.close();
        }
        try (FeatureStore again = createStore()) {
            again.put("item", "b", vec(2));
            assertArrayEquals(vec(2), again.get("item", "b").orElseThrow());
            assertTrue(again.get("item", "a").isEmpty(), "the restarted server persists nothing");
        }
    }
}
