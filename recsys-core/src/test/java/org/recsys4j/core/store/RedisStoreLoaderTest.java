package org.recsys4j.core.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.core.testing.RedisServerExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StoreLoader} into a {@link RedisFeatureStore} on a real redis-server. */
class RedisStoreLoaderTest extends StoreLoaderContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    RedisStoreConfig.Builder config() {
        return RedisStoreConfig.builder().withHost(REDIS.host()).withPort(REDIS.port())
                .withPrefix("loader" + PREFIXES.incrementAndGet())
                .withNamespace(ITEM).withNamespace(ROWS).withBatchSize(50).withPoolSize(4)
                .withConnectTimeout(Duration.ofSeconds(2)).withSocketTimeout(Duration.ofSeconds(10));
    }

    @Override
    FeatureStore createStore() {
        return RedisFeatureStore.connect(config().build());
    }

    @Test
    void aServerStoppedMidLoadFailsTheLoadAndKeepsThePreviousVersion() throws Exception {
        FeatureStore s = store();
        StoreLoader loader = StoreLoader.builder(s).withBatchSize(100).build();
        long v1 = loader.load("item", table(200, 0)).version();
        AtomicInteger reports = new AtomicInteger();
        StoreLoader stopping = StoreLoader.builder(s).withBatchSize(100).withProgressInterval(Duration.ZERO)
                .withListener(p -> {
                    if (reports.incrementAndGet() == 3) {
                        try {
                            REDIS.stop();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    }
                }).build();
        try {
            StoreConnectionException e = assertThrows(StoreConnectionException.class,
                    () -> stopping.load("item", table(1000, 5)));
            assertTrue(e.getMessage().contains(REDIS.host() + ":" + REDIS.port()), e.getMessage());
        } finally {
            REDIS.start();
        }
        try (FeatureStore fresh = RedisFeatureStore.connect(config().build())) {
            assertEquals(0, fresh.currentVersion("item"), "the restarted server is empty (no persistence)");
        }
        assertTrue(v1 > 0);
    }

    @Override
    void assertPartialVersionGone(String namespace, long version, int rows) {
        RedisFeatureStore s = (RedisFeatureStore) store();
        try (redis.clients.jedis.JedisPooled raw = new redis.clients.jedis.JedisPooled(REDIS.host(), REDIS.port())) {
            assertEquals(java.util.Set.of(), raw.keys(s.config().prefix() + ":" + namespace + ":v" + version + ":*"));
            assertTrue(raw.keys(s.config().prefix() + ":" + namespace + ":v*").size() >= 30, "the current version's keys stay");
        }
    }

    @Test
    void writesOneKeyPerRowUnderTheLoadsVersion() {
        RedisFeatureStore s = (RedisFeatureStore) store();
        StoreLoader.Summary sum = StoreLoader.builder(s).withBatchSize(7).build().load("item", table(123, 0));
        try (redis.clients.jedis.JedisPooled raw = new redis.clients.jedis.JedisPooled(REDIS.host(), REDIS.port())) {
            String pattern = s.config().prefix() + ":item:v" + sum.version() + ":*";
            assertEquals(123, raw.keys(pattern).size());
            assertArrayEquals(ValueCodec.encodeVector(vec(122)), raw.get(s.valueKey("item", sum.version(), "k122")));
        }
    }
}
