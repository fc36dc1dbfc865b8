package org.recsys4j.core.util;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.testing.IsolatedClassPath;

import java.util.Arrays;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jedis is an optional dependency of recsys-core: without it on the class path, the in-memory store
 * works and asking for the Redis store fails with a message naming the dependency to add.
 */
class OptionalDependencyTest {
    private static final IsolatedClassPath NO_JEDIS = IsolatedClassPath.without("jedis-");

    /** Uses the in-memory store, as an application without jedis does. */
    public static final class InMemoryStore implements Callable<String> {
        @Override
        public String call() {
            FeatureStore store = InMemoryFeatureStore.builder().withNamespace(NamespaceSpec.vectors("item", 2)).build();
            store.put("item", "a", new float[] {1, 2});
            return Arrays.toString(store.get("item", "a").orElseThrow());
        }
    }

    /** Asks for the Redis store's config. */
    public static final class RedisConfig implements Callable<String> {
        @Override
        public String call() {
            return RedisStoreConfig.builder().withNamespace(NamespaceSpec.vectors("item", 2)).build().toString();
        }
    }

    @Test
    void theInMemoryStoreNeedsNoJedis() throws Exception {
        assertTrue(NO_JEDIS.removesSomething(), "jedis is on the test class path");
        assertEquals("[1.0, 2.0]", NO_JEDIS.call(InMemoryStore.class));
    }

    @Test
    void theRedisStoreWithoutJedisSaysWhatToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NO_JEDIS.call(RedisConfig.class));
        assertTrue(e.getMessage().startsWith("RedisFeatureStore needs redis.clients:jedis on the class path"), e.getMessage());
    }

    @Test
    void withJedisTheCheckPasses() throws Exception {
        OptionalDependency.require("redis.clients.jedis.UnifiedJedis", "redis.clients:jedis", "RedisFeatureStore");
        assertTrue(new RedisConfig().call().contains("127.0.0.1"));
    }
}
