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
import org.recsys4j.core.data.ItemAttribute;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server on a numeric-id catalogue that is not MovieLens: a generated shop whose users and items are written as
 * 64-bit numbers beyond the int range ({@code 9000000000 + 7·i}, {@code 5000000000 + i}), epoch-second timestamps,
 * and items with a category, a brand, a price band and a price but no title, year, genres or links. Read by the
 * generic readers with NUMERIC ids, trained and served on a free port, checked over real HTTP: ids stay the numbers
 * they were, every page answers, nothing MovieLens-shaped is made up, and what was planted is recommended.
 */
class NumericIdCatalogueServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ITEM_BASE = 9_000_000_000L;
    private static final long USER_BASE = 5_000_000_000L;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static SyntheticShop.Planted planted;
    static Map<String, Long> itemNumber = new HashMap<>();
    static Map<Long, String> skuOf = new HashMap<>();
    static Map<String, Long> userNumber = new HashMap<>();
    static Interactions interactions;
    static ItemCatalog catalog;
    static RecServer server;

    @BeforeAll
    static void start() throws Exception {
        Path shop = dir.resolve("shop");
        planted = SyntheticShop.builder(300, 120, 11).withCategories(6).build().write(shop);
        ItemCatalog strings = CatalogReader.builder(SyntheticShop.catalogMapping()).build()
                .read(shop.resolve("items.csv")).data();
        EventLog log = EventLogReader.builder(SyntheticShop.eventMapping()).withKnownItems(strings.items(), "items.csv")
                .build().read(shop.resolve("events.csv")).data();
        // the same shop written with numbers for ids and seconds for times, and without a title
        StringBuilder items = new StringBuilder("item_id,category,brand,price_band,price\n");
        ItemAttribute.Categorical category = strings.categorical("category");
        ItemAttribute.Categorical brand = strings.categorical("brand");
        ItemAttribute.Categorical band = strings.categorical("price_band");
        ItemAttribute.Numeric price = (ItemAttribute.Numeric) strings.attribute("price").orElseThrow();
        for (int i = 0; i < strings.size(); i++) {
            long id = ITEM_BASE + 7L * i;
            itemNumber.put(strings.items().id(i), id);
            skuOf.put(id, strings.items().id(i));
            items.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s%n", id, category.valueAt(i).orElseThrow(),
                    brand.valueAt(i).orElse(""), band.valueAt(i).orElse(""), Double.toString(price.values()[i])));
        }
        StringBuilder events = new StringBuilder("ts,user,item,event\n");
        for (int k = 0; k < log.size(); k++) {
            String user = log.users().id(log.user(k));
            long u = userNumber.computeIfAbsent(user, x -> USER_BASE + userNumber.size());
            events.append(log.timestamp(k)).append(',').append(u).append(',')
                    .append(itemNumber.get(log.items().id(log.item(k)))).append(',').append(log.type(k).orElseThrow())
                    .append('\n');
        }
        Files.writeString(dir.resolve("items.csv"), items, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("events.csv"), events, StandardCharsets.UTF_8);

        catalog = CatalogReader.builder(CatalogMapping.builder("item_id").withIds(IdIndex.Kind.NUMERIC)
                        .field(CatalogMapping.Field.categorical("category").withRequired(true))
                        .field(CatalogMapping.Field.categorical("brand"))
                        .field(CatalogMapping.Field.categorical("price_band"))
                        .field(CatalogMapping.Field.numeric("price")).build())
                .build().read(dir.resolve("items.csv")).data();
        EventLog numeric = EventLogReader.builder(EventMapping.builder("user", "item", "ts", TimestampUnit.SECONDS)
                        .withEventType("event").withUserIds(IdIndex.Kind.NUMERIC).withItemIds(IdIndex.Kind.NUMERIC).build())
                .withKnownItems(catalog.items(), "items.csv").build().read(dir.resolve("events.csv")).data();
        assertEquals(log.size(), numeric.size());
        Feedback policy = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.SUM);
        interactions = policy.apply(numeric);
        TrainingSettings training = new TrainingSettings(16, 30, 2, 6, 8, 2, 3, 2, 7);   // SASRec: 3 epochs at most
        EventModels models = EventModels.obtain(new EventModels.Input(numeric, policy, catalog, interactions,
                "numeric-shop-test"), training, EventSettings.defaults(), WorkDir.none(), Progress.silent());
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

    private record Reply(int status, String type, JsonNode body, String text) {
    }

    private static Reply get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("");
        return new Reply(r.statusCode(), type, type.startsWith("application/json") ? JSON.readTree(r.body()) : null,
                r.body());
    }

    private static long item(String sku) {
        return itemNumber.get(sku);
    }

    @Test
    void anItemKeepsItsNumberAndListsOnlyItsOwnAttributes() throws Exception {
        String sku = planted.itemIds().get(5);
        Reply r = get("/api/items/" + item(sku));
        assertEquals(200, r.status(), r.text());
        assertTrue(r.body().get("itemId").isIntegralNumber(), r.text());
        assertEquals(item(sku), r.body().get("itemId").asLong(), "a 64-bit id comes back as the same number");
        Map<String, JsonNode> attrs = new HashMap<>();
        for (JsonNode a : r.body().get("attributes")) {
            attrs.put(a.get("name").asText(), a.get("value"));
        }
        assertEquals(Set.of("category", "brand", "price_band", "price"), attrs.keySet(), r.text());
        assertEquals(planted.category(sku), attrs.get("category").asText());
        assertEquals(planted.brand(sku), attrs.get("brand").asText());
        assertTrue(r.body().get("imdbUrl").isNull(), "no IMDb link without such an attribute");
        assertFalse(r.body().has("movieId"), r.text());
        assertFalse(r.text().contains("genres"), r.text());
        // the MovieLens path name is the same endpoint
        assertEquals(r.body(), get("/api/movies/" + item(sku)).body());
    }

    @Test
    void similarItemsAndRecommendationsAreNumbersOfThisCatalogueAndFollowWhatWasPlanted() throws Exception {
        Set<Long> known = new HashSet<>(skuOf.keySet());
        int same = 0;
        int total = 0;
        for (int q = 0; q < 20; q++) {
            String sku = planted.itemIds().get(q * 5);
            Reply r = get("/api/items/" + item(sku) + "/similar?model=item2vec&k=10");
            assertEquals(200, r.status(), r.text());
            for (JsonNode n : r.body().get("items")) {
                assertTrue(n.get("itemId").isIntegralNumber(), r.text());
                long id = n.get("itemId").asLong();
                assertTrue(known.contains(id), "unknown id " + id);
                same += planted.category(skuOf.get(id)).equals(planted.category(sku)) ? 1 : 0;
                total++;
            }
        }
        assertTrue(total > 100, "answers: " + total);
        assertTrue(same >= 0.8 * total, same + " of " + total + " similar items in the query's category");

        int inMain = 0;
        int recommended = 0;
        for (int u = 0; u < 30; u++) {
            String user = planted.userIds().get(u * 7);
            long id = userNumber.get(user);
            Reply profile = get("/api/users/" + id);
            assertEquals(200, profile.status(), profile.text());
            assertEquals(id, profile.body().get("userId").asLong(), profile.text());
            Set<Long> seen = new HashSet<>();
            int row = interactions.users().indexOf(Long.toString(id));
            for (int k = 0; k < interactions.size(); k++) {
                if (interactions.user(k) == row) {
                    seen.add(interactions.items().longId(interactions.item(k)));
                }
            }
            Reply r = get("/api/users/" + id + "/recommendations?pipeline=multi&k=10");
            assertEquals(200, r.status(), r.text());
            for (JsonNode n : r.body().get("items")) {
                long item = n.get("itemId").asLong();
                assertFalse(seen.contains(item), "a seen item recommended: " + item);
                inMain += planted.category(skuOf.get(item)).equals(planted.mainCategory(user)) ? 1 : 0;
                recommended++;
            }
        }
        assertTrue(recommended >= 250, "recommended: " + recommended);
        // 6 categories: chance is 1/6
        assertTrue(inMain >= 2.0 * recommended / 6, inMain + " of " + recommended + " in the user's main category");
    }

    @Test
    void idsThatAreNotThisCataloguesAreJsonErrors() throws Exception {
        Reply unknown = get("/api/items/" + (ITEM_BASE + 1));   // not a multiple of 7 after the base: no such item
        assertEquals(404, unknown.status(), unknown.text());
        assertTrue(unknown.body().get("error").asText().contains(Long.toString(ITEM_BASE + 1)), unknown.text());
        Reply text = get("/api/items/sku-1");
        assertTrue(text.status() == 400 || text.status() == 404, text.text());
        assertTrue(text.type().startsWith("application/json"), text.type());
        assertTrue(text.body().get("error").asText().contains("sku-1"), text.text());
        Reply overflow = get("/api/items/99999999999999999999");
        assertTrue(overflow.status() == 400 || overflow.status() == 404, overflow.text());
        assertTrue(overflow.type().startsWith("application/json"), overflow.type());
        Reply user = get("/api/users/" + (USER_BASE + 100_000) + "/recommendations?k=5");
        assertEquals(404, user.status(), user.text());
        Reply health = get("/api/health");
        assertEquals(200, health.status(), health.text());
        Reply categories = get("/api/categories");
        assertEquals(200, categories.status(), categories.text());
        assertTrue(categories.text().contains(planted.category(planted.itemIds().get(0))), categories.text());
    }
}
