package org.recsys4j.examples.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.RedisFeatureStore;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.testing.RedisServerExtension;

/** RedisEmbeddings against a real redis-server (skipped without one) and the in-memory store. */
class RedisEmbeddingsTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void redisAndMemoryServeTheSameNeighboursFromTheLoadedVectors(@TempDir Path dir) throws Exception {
        MovieLensData ml = Slice.load(dir);
        long seed = ml.catalog().items().longId(0);
        NamespaceSpec spec = NamespaceSpec.vectors(RedisEmbeddings.NAMESPACE, 16);
        RedisEmbeddings.Result fromRedis;
        RedisEmbeddings.Result second;
        try (FeatureStore redis = RedisFeatureStore.connect(RedisStoreConfig.builder().withHost(REDIS.host())
                .withPort(REDIS.port()).withPrefix("examples-test").withNamespace(spec).build())) {
            fromRedis = RedisEmbeddings.loadAndQuery(ml, redis, seed, 10, 16, 40);
            second = RedisEmbeddings.loadAndQuery(ml, redis, seed, 10, 16, 40);
        }
        RedisEmbeddings.Result fromMemory;
        try (FeatureStore memory = InMemoryFeatureStore.builder().withNamespace(spec).build()) {
            fromMemory = RedisEmbeddings.loadAndQuery(ml, memory, seed, 10, 16, 40);
        }
        assertEquals(fromMemory.load().rows(), fromRedis.load().rows());
        assertEquals(fromRedis.load().version() + 1, second.load().version(), "each load is a new version");
        List<Long> ids = fromRedis.similar().stream().map(SimilarMovies.Similar::movieId).toList();
        assertEquals(fromMemory.similar().stream().map(SimilarMovies.Similar::movieId).toList(), ids,
                "Redis round-trips the vectors exactly");
        assertEquals(10, ids.size());
        assertTrue(!ids.contains(seed));
        assertTrue(ids.stream().filter(id -> Slice.cluster(ml, id) == 0).count() >= 7, ids.toString());
    }
}
