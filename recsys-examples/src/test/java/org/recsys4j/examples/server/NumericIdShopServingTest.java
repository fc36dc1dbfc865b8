package org.recsys4j.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.CatalogMapping;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.io.EventMapping;
import org.recsys4j.core.io.TimestampUnit;
import org.recsys4j.core.synth.SyntheticShop;
import org.recsys4j.examples.train.EventModels;
import org.recsys4j.examples.train.EventSettings;
import org.recsys4j.examples.train.Progress;
import org.recsys4j.examples.train.TrainingSettings;
import org.recsys4j.examples.train.WorkDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Your own data with numeric ids (not MovieLens): the generated shop's files rewritten with whole-number user and
 * item ids, read with NUMERIC id mappings and served over HTTP. Ids are JSON numbers in every answer, the CTR
 * pipeline serves, and feedback takes JSON integers (a string id is a 400 saying so) and changes the next list.
 */
class NumericIdShopServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static RecServer server;
    static Interactions interactions;

    @BeforeAll
    static void start() throws Exception {
        Path shop = dir.resolve("shop");
        SyntheticShop.builder(300, 120, 11).withCategories(6).build().write(shop);
        // the same files with numeric ids: u17 -> 17, the i-th catalogue item -> 1000 + i
        List<String> items = Files.readAllLines(shop.resolve("items.csv"));
        Map<String, String> itemId = new HashMap<>();
        StringBuilder catalogue = new StringBuilder(items.get(0)).append('\n');
        for (int i = 1; i < items.size(); i++) {
            String line = items.get(i);
            String sku = line.substring(0, line.indexOf(','));
            itemId.put(sku, Integer.toString(1000 + i));
            catalogue.append(1000 + i).append(line.substring(sku.length())).append('\n');
        }
        List<String> events = Files.readAllLines(shop.resolve("events.csv"));
        StringBuilder log = new StringBuilder(events.get(0)).append('\n');
        for (int k = 1; k < events.size(); k++) {
            String[] f = events.get(k).split(",", -1);   // event_time,user_id,session_id,item_id,event,quantity
            f[1] = f[1].substring(1);
            f[3] = itemId.get(f[3]);
            log.append(String.join(",", f)).append('\n');
        }
        Files.writeString(dir.resolve("items.csv"), catalogue);
        Files.writeString(dir.resolve("events.csv"), log);
        ItemCatalog catalog = CatalogReader.builder(CatalogMapping.builder("item_id")
                        .field(CatalogMapping.Field.text("title"))
                        .field(CatalogMapping.Field.categorical("category"))
                        .field(CatalogMapping.Field.categorical("brand"))
                        .field(CatalogMapping.Field.numeric("price"))
                        .withIds(IdIndex.Kind.NUMERIC).build())
                .build().read(dir.resolve("items.csv")).data();
        EventLog events2 = EventLogReader.builder(EventMapping.builder("user_id", "item_id", "event_time",
                        TimestampUnit.ISO_8601).withEventType("event").withWeight("quantity")
                        .withUserIds(IdIndex.Kind.NUMERIC).withItemIds(IdIndex.Kind.NUMERIC).build())
                .withKnownItems(catalog.items(), "items.csv").build().read(dir.resolve("events.csv")).data();
        Feedback policy = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.SUM);
        interactions = policy.apply(events2);
        TrainingSettings training = new TrainingSettings(16, 20, 2, 6, 8, 10, 3, 2, 7);   // SASRec: 3 epochs at most
        EventModels models = EventModels.obtain(new EventModels.Input(events2, policy, catalog, interactions, "numeric"),
                training, EventSettings.defaults(), WorkDir.none(), Progress.silent());
        assertTrue(models.ctr().isPresent(), models.ctrSkipped());
        ServingData data = ServingData.build(catalog, interactions, models, "category",
                new ServingData.Settings(training, 300, 30_000), null, new PrintStream(OutputStream.nullOutputStream()));
        server = RecServer.start(new ServingApi(data), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)));
        assertEquals(status, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static JsonNode post(String body, int status) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/feedback")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(status, r.statusCode(), body + ": " + r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void numericIdsAreJsonNumbersAndFeedbackTakesThem() throws Exception {
        long user = interactions.users().longId(3);
        String url = "/api/users/" + user + "/recommendations?pipeline=multi-ctr&k=10";
        JsonNode before = get(url, 200);
        assertTrue(before.get("userId").isIntegralNumber(), before.toString());
        assertEquals("ials-dot > ctr-lr", before.get("ranker").asText());
        assertEquals(10, before.get("items").size());
        JsonNode first = before.get("items").get(0).get("itemId");
        assertTrue(first.isIntegralNumber(), before.toString());
        assertTrue(get("/api/map?model=item2vec", 200).get("points").get(0).get("itemId").isIntegralNumber());

        JsonNode bad = post("{\"userId\": \"" + user + "\", \"itemId\": " + first.asLong() + ", \"event\": \"buy\"}", 400);
        assertTrue(bad.get("error").asText().contains("must be a JSON integer"), bad.toString());
        JsonNode missing = post("{\"userId\": " + user + ", \"itemId\": 999999, \"event\": \"buy\"}", 404);
        assertTrue(missing.get("error").asText().contains("999999"), missing.toString());

        JsonNode fb = post("{\"userId\": " + user + ", \"itemId\": " + first.asLong() + ", \"event\": \"buy\"}", 200);
        assertEquals(user, fb.get("userId").asLong());
        assertTrue(fb.get("itemId").isIntegralNumber());
        assertTrue(fb.get("positive").asBoolean());
        JsonNode after = get(url, 200);
        assertFalse(after.get("cached").asBoolean());
        for (JsonNode it : after.get("items")) {
            assertFalse(it.get("itemId").asLong() == first.asLong(), "the bought item is recommended again");
        }
        assertEquals(first.asLong(), get("/api/users/" + user, 200).get("history").get(0).get("itemId").asLong());
    }
}
