package org.recsys4j.examples.modules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.core.testing.RedisServerExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Redis store on the module path against a real {@code redis-server}: a vector written through
 * {@code RedisFeatureStore} (jedis and commons-pool2 resolved as modules) reads back equal.
 */
class ModulePathRedisTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void aVectorRoundTripsThroughRedisOnTheModulePath() throws Exception {
        assertEquals("[1.0, 2.0]", ModulePathTest.runFull(REDIS.port()).get("redis.roundTrip"));
    }
}
