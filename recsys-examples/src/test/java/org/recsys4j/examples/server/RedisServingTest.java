package org.recsys4j.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.testing.RedisServerExtension;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server with its store in a real redis-server (skipped without one unless RECSYS4J_REQUIRE_REDIS=1):
 * Redis stopped mid-test keeps answers coming from the in-memory copy with the fallback reported,
 * feedback taken during the outage reaches Redis when it is back, and answers stop reporting the fallback.
 */
class RedisServingTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.persistent();

    @Test
    void aRedisOutageIsServedFromMemoryAndRecovers() throws Exception {
        RedisStoreConfig.Builder cfg = RedisStoreConfig.builder().withHost(REDIS.host()).withPort(REDIS.port())
                .withPrefix("servetest").withConnectTimeout(Duration.ofMillis(300)).withSocketTimeout(Duration.ofMillis(1000));
        try (ServerFixture f = new ServerFixture(cfg)) {
            long userId = f.data.ratings().users().longId(2);
            String url = "/api/users/" + userId + "/recommendations?k=8&pipeline=multi";
            JsonNode up = f.get(url).body();
            assertFalse(up.get("fallback").asBoolean(), up.toString());
            assertEquals("redis", f.get("/api/health").body().get("store").asText());
            List<Long> normal = ids(up);
            long movie = f.data.catalog().items().longId(f.data.ratings().item(0));
            JsonNode similarUp = f.get("/getsimilarmovie?movieId=" + movie + "&size=5&model=node2vec").body();

            REDIS.stop();
            for (int i = 0; i < 5; i++) {
                ServerFixture.Reply r = f.get(url);
                assertEquals(200, r.status(), r.body().toString());
                assertTrue(r.body().get("fallback").asBoolean(), r.body().toString());
                assertTrue(r.body().get("fallbacks").toString().contains("store"), r.body().toString());
                assertEquals(normal, ids(r.body()), "the in-memory copy gives the same answer");
            }
            assertEquals(similarUp, f.get("/getsimilarmovie?movieId=" + movie + "&size=5&model=node2vec").body());
            assertEquals(200, f.get("/getuser?id=" + userId).status());
            // feedback during the outage: taken, queued for Redis, reflected at once
            long rated = normal.get(0);
            JsonNode fb = f.post("/api/feedback", "{\"userId\": " + userId + ", \"movieId\": " + rated + ", \"rating\": 4}").body();
            assertFalse(fb.get("storeWritten").asBoolean(), fb.toString());
            assertFalse(ids(f.get(url).body()).contains(rated));
            JsonNode m = f.get("/api/metrics").body().get("store");
            assertTrue(m.get("fallbacks").asLong() >= 5, m.toString());
            assertTrue(m.get("remoteDown").asBoolean());
            assertEquals(1, m.get("pendingWrites").asInt());

            REDIS.start();
            Thread.sleep(700);   // past the breaker's retry interval (500 ms)
            JsonNode back = f.get(url).body();
            assertFalse(back.get("fallback").asBoolean(), back.toString());
            assertFalse(ids(back).contains(rated));
            m = f.get("/api/metrics").body().get("store");
            assertEquals(0, m.get("pendingWrites").asInt(), m.toString());
            assertEquals(1, m.get("replayedWrites").asInt(), m.toString());
            assertFalse(m.get("remoteDown").asBoolean());
            // the queued feedback is in Redis itself
            byte[] blob = f.serving().store().remote().getBlob(ServingData.HISTORY, Long.toString(userId)).orElse(null);
            assertNotNull(blob);
            List<History.Entry> h = History.decode(blob, "u");
            assertEquals(rated, h.get(h.size() - 1).movieId());
        }
    }

    private static List<Long> ids(JsonNode body) {
        return java.util.stream.StreamSupport.stream(body.get("items").spliterator(), false)
                .map(n -> n.get("movieId").asLong()).toList();
    }
}
