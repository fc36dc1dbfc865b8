package org.recsys4j.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.synth.SyntheticShop;
import org.recsys4j.core.testing.RedisServerExtension;
import org.recsys4j.examples.ConsoleCapture;
import org.recsys4j.examples.cli.Recsys4jCli;
import org.recsys4j.examples.train.EventModels;
import org.recsys4j.examples.train.EventSettings;
import org.recsys4j.examples.train.Progress;
import org.recsys4j.examples.train.TrainingSettings;
import org.recsys4j.examples.train.WorkDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Your own data (string ids {@code u…} / {@code sku-…}) served from a real redis-server (skipped without one unless
 * RECSYS4J_REQUIRE_REDIS=1): the histories and item vectors are loaded into Redis under the string ids, answers come
 * from Redis, a Redis outage is served from the in-memory copy with the same answers and the fallback reported, and
 * Redis back ends the fallback; {@code serve --events … --items … --redis HOST:PORT} starts on it.
 */
class ShopRedisServingTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.persistent();
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static JsonNode get(RecServer server, String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), pathAndQuery + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static List<String> ids(JsonNode body) {
        return StreamSupport.stream(body.get("items").spliterator(), false).map(n -> n.get("itemId").asText()).toList();
    }

    private static String enc(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    @Test
    void stringIdsAreServedFromRedisAndFromMemoryThroughAnOutage() throws Exception {
        SyntheticShop.Planted planted = SyntheticShop.builder(200, 80, 5).withCategories(5).build().write(dir);
        ItemCatalog catalog = CatalogReader.builder(SyntheticShop.catalogMapping()).build()
                .read(dir.resolve("items.csv")).data();
        EventLog log = EventLogReader.builder(SyntheticShop.eventMapping()).withKnownItems(catalog.items(), "items.csv")
                .build().read(dir.resolve("events.csv")).data();
        Feedback policy = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.SUM);
        Interactions interactions = policy.apply(log);
        TrainingSettings training = new TrainingSettings(16, 30, 2, 6, 8, 2, 3, 2, 7);   // SASRec: 3 epochs at most
        EventModels models = EventModels.obtain(new EventModels.Input(log, policy, catalog, interactions, "shop-redis-test"),
                training, EventSettings.defaults(), WorkDir.none(), Progress.silent());
        RedisStoreConfig.Builder cfg = RedisStoreConfig.builder().withHost(REDIS.host()).withPort(REDIS.port())
                .withPrefix("shopredis").withConnectTimeout(Duration.ofMillis(300)).withSocketTimeout(Duration.ofMillis(1000));
        ServingData data = ServingData.build(catalog, interactions, models, "category",
                new ServingData.Settings(training, 300, 30_000), cfg, new PrintStream(OutputStream.nullOutputStream()));
        try (RecServer server = RecServer.start(new ServingApi(data), "127.0.0.1", 0)) {
            assertEquals("redis", get(server, "/api/health").get("store").asText());
            // what Redis holds is keyed by the string ids: a history per user, a vector per item
            FeatureStore redis = data.store().remote();
            String user = planted.userIds().get(3);
            int row = interactions.users().indexOf(user);
            int seen = 0;
            for (int k = 0; k < interactions.size(); k++) {
                seen += interactions.user(k) == row ? 1 : 0;
            }
            byte[] blob = redis.getBlob(ServingData.HISTORY, user).orElseThrow();
            assertEquals(seen, History.decode(blob, user).size(), "the user's history, under the id " + user);
            ServingData.SimilarModel item2vec = data.models().get("item2vec");
            String sku = item2vec.vectors().ids().id(0);
            assertTrue(sku.startsWith("sku-"), sku);
            assertArrayEquals(item2vec.vectors().vector(0), redis.get(item2vec.namespace(), sku).orElseThrow());

            String recs = "/api/users/" + enc(user) + "/recommendations?k=8&pipeline=multi";
            String similar = "/api/items/" + enc(sku) + "/similar?model=item2vec&k=5";
            JsonNode up = get(server, recs);
            assertFalse(up.get("fallback").asBoolean(), up.toString());
            List<String> normal = ids(up);
            assertEquals(8, normal.size(), up.toString());
            assertTrue(normal.stream().allMatch(id -> id.startsWith("sku-")), normal.toString());
            JsonNode similarUp = get(server, similar);

            REDIS.stop();
            for (int i = 0; i < 3; i++) {
                JsonNode down = get(server, recs);
                assertTrue(down.get("fallback").asBoolean(), down.toString());
                assertTrue(down.get("fallbacks").toString().contains("store"), down.toString());
                assertEquals(normal, ids(down), "the in-memory copy gives the same answer");
            }
            assertEquals(ids(similarUp), ids(get(server, similar)));
            assertTrue(get(server, "/api/metrics").get("store").get("remoteDown").asBoolean());

            REDIS.start();
            Thread.sleep(700);   // past the breaker's retry interval (500 ms)
            JsonNode back = get(server, recs);
            assertFalse(back.get("fallback").asBoolean(), back.toString());
            assertEquals(normal, ids(back));
        }
    }

    @Test
    void serveYourDataWithRedisStartsOnIt() {
        Path shop = dir.resolve("shop");
        assertEquals(0, Recsys4jCli.run("generate", "shop", "--out", shop.toString(), "--users", "120", "--items", "60",
                "--seed", "3"), console.err.toString(StandardCharsets.UTF_8));
        console.out.reset();
        int status = Recsys4jCli.run("serve", "--events", shop.resolve("events.csv").toString(), "--items",
                shop.resolve("items.csv").toString(), "--mapping", shop.resolve("mapping.txt").toString(), "--dim", "8",
                "--epochs", "2", "--threads", "2", "--progress", "NONE", "--no-save", "--port", "0",
                "--redis", REDIS.host() + ":" + REDIS.port(), "--redis-prefix", "shopcli", "--exit-when-ready");
        String out = console.out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out + "\n" + console.err);
        assertTrue(out.contains("120 users"), out);
        assertTrue(out.contains("histories and") && out.contains("redis"), out);
        assertTrue(out.contains("(HTTP 200)"), out);
    }
}
