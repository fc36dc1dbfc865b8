package org.recsys4j.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.synth.SyntheticShop;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.sample.LabelRule;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.examples.train.EventCtr;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server on your own data: a generated shop (string ids {@code u…} / {@code sku-…}, view / cart / buy events,
 * items with category, brand, price, tags and a listing time) served through {@link ServingData#build(ItemCatalog,
 * Interactions, EventModels, String, ServingData.Settings, org.recsys4j.core.store.RedisStoreConfig.Builder,
 * PrintStream)} on a free port, checked over real HTTP against what the generator planted.
 */
class ShopServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CATEGORIES = 8;

    @TempDir
    static Path dir;
    static SyntheticShop.Planted planted;
    static Interactions interactions;
    static EventModels models;
    static RecServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Shop shop = Shop.start(dir);
        planted = shop.planted();
        interactions = shop.interactions();
        models = shop.models();
        server = shop.server();
    }

    /**
     * A shop served on a free port: what was planted, the interactions of the policy, the server.
     *
     * @param planted      what the generator planted
     * @param interactions the interactions (view 1, cart 3, buy 10, summed per pair)
     * @param models       the models served (with the CTR ranker)
     * @param server       the running server
     */
    record Shop(SyntheticShop.Planted planted, Interactions interactions, EventModels models, RecServer server) {
        /** Generates the shop (400 users, 160 items, 8 categories, seed 7) into {@code dir} and serves it. */
        static Shop start(Path dir) throws Exception {
            SyntheticShop.Planted planted = SyntheticShop.builder(400, 160, 7).withCategories(CATEGORIES).build().write(dir);
            ItemCatalog catalog = CatalogReader.builder(SyntheticShop.catalogMapping()).build()
                    .read(dir.resolve("items.csv")).data();
            EventLog log = EventLogReader.builder(SyntheticShop.eventMapping()).withKnownItems(catalog.items(), "items.csv")
                    .build().read(dir.resolve("events.csv")).data();
            Feedback policy = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.SUM);
            Interactions interactions = policy.applyWithReport(log).interactions();
            TrainingSettings training = new TrainingSettings(16, 30, 2, 6, 8, 10, 2, 7);
            EventModels models = EventModels.obtain(new EventModels.Input(log, policy, catalog, interactions, "shop-test"),
                    training, EventSettings.defaults(), WorkDir.none(), Progress.silent());
            ServingData data = ServingData.build(catalog, interactions, models, "category",
                    new ServingData.Settings(training, 300, 30_000), null, new PrintStream(OutputStream.nullOutputStream()));
            return new Shop(planted, interactions, models, RecServer.start(new ServingApi(data), "127.0.0.1", 0));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    record Reply(int status, String type, JsonNode body) {
    }

    static Reply get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("");
        return new Reply(r.statusCode(), type, type.startsWith("application/json") ? JSON.readTree(r.body()) : null);
    }

    static Reply post(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("");
        return new Reply(r.statusCode(), type, type.startsWith("application/json") ? JSON.readTree(r.body()) : null);
    }

    static String enc(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    @Test
    void anItemListsItsAttributesByTypeAndNoMovieLinks() throws Exception {
        String sku = planted.itemIds().get(3);
        Reply r = get("/api/items/" + enc(sku));
        assertEquals(200, r.status(), String.valueOf(r.body()));
        assertEquals(sku, r.body().get("itemId").asText());
        assertTrue(r.body().get("itemId").isTextual(), "a string id stays a string");
        Map<String, JsonNode> attrs = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        for (JsonNode a : r.body().get("attributes")) {
            attrs.put(a.get("name").asText(), a.get("value"));
            types.put(a.get("name").asText(), a.get("type").asText());
        }
        assertEquals(planted.category(sku), attrs.get("category").asText());
        assertEquals("categorical", types.get("category"));
        assertEquals(planted.brand(sku), attrs.get("brand").asText());
        assertEquals(planted.priceBand(sku), attrs.get("price_band").asText());
        assertEquals("numeric", types.get("price"));
        assertTrue(attrs.get("price").isNumber() && attrs.get("price").asDouble() > 0, String.valueOf(attrs));
        assertEquals("multi_categorical", types.get("tags"));
        assertTrue(attrs.get("tags").isArray(), String.valueOf(attrs));
        assertEquals("timestamp", types.get("listed_at"));
        assertEquals("text", types.get("title"));
        assertEquals(attrs.get("title").asText(), r.body().get("title").asText());
        assertTrue(r.body().get("imdbUrl").isNull(), "no IMDb link without such an attribute");
        assertFalse(r.body().has("movieId"));
        // the MovieLens path names are the same endpoint
        assertEquals(r.body(), get("/api/movies/" + enc(sku)).body());
    }

    @Test
    void similarItemsAreMostlyOfTheItemsCategory() throws Exception {
        for (String model : List.of("item2vec", "als")) {
            int same = 0;
            int total = 0;
            for (String sku : popularItems(20)) {
                Reply r = get("/api/items/" + enc(sku) + "/similar?model=" + model + "&k=10");
                assertEquals(200, r.status(), String.valueOf(r.body()));
                assertEquals(sku, r.body().get("itemId").asText());
                for (JsonNode row : r.body().get("items")) {
                    assertFalse(row.get("itemId").asText().equals(sku), "an item is not its own neighbour");
                    same += planted.category(row.get("itemId").asText()).equals(planted.category(sku)) ? 1 : 0;
                    total++;
                }
            }
            assertTrue(total >= 150, model + " answers: " + total);
            double share = same / (double) total;
            // item2vec over the shop's sessions (the bar: 95 %); iALS is coarser but far above chance
            assertTrue(share >= (model.equals("item2vec") ? 0.95 : 0.75), model + ": same category " + share
                    + " (chance 1/" + CATEGORIES + ")");
        }
    }

    @Test
    void recommendationsExcludeSeenItemsAndFavourTheUsersMainCategory() throws Exception {
        Map<String, Double> bandShare = new HashMap<>();
        for (String pipeline : List.of("multi", "multi-ials", "multi-ctr", "emb", "sasrec", "default")) {
            int inMain = 0;
            int inBand = 0;
            int total = 0;
            for (String user : planted.userIds().subList(0, 40)) {
                Reply u = get("/api/users/" + enc(user));
                assertEquals(200, u.status(), String.valueOf(u.body()));
                Set<String> seen = new HashSet<>();
                u.body().get("history").forEach(h -> seen.add(h.get("itemId").asText()));
                assertEquals(interactions.byUser().end(interactions.users().indexOf(user))
                        - interactions.byUser().start(interactions.users().indexOf(user)), seen.size());
                Reply r = get("/api/users/" + enc(user) + "/recommendations?pipeline=" + pipeline + "&k=10");
                assertEquals(200, r.status(), String.valueOf(r.body()));
                assertEquals(user, r.body().get("userId").asText());
                assertEquals(10, r.body().get("items").size(), String.valueOf(r.body()));
                for (JsonNode row : r.body().get("items")) {
                    String sku = row.get("itemId").asText();
                    assertFalse(seen.contains(sku), pipeline + ": " + user + " has seen " + sku);
                    inMain += planted.category(sku).equals(planted.mainCategory(user)) ? 1 : 0;
                    inBand += planted.priceBand(sku).equals(planted.preferredBand(user)) ? 1 : 0;
                    total++;
                }
            }
            double share = inMain / (double) total;
            System.out.printf(java.util.Locale.ROOT, "shop served: %s top 10 in the main category %.4f (chance %.4f), in "
                    + "the preferred price band %.4f%n", pipeline, share, 1.0 / CATEGORIES, inBand / (double) total);
            bandShare.put(pipeline, inBand / (double) total);
            // measured 0.63 to 0.75 (settings above): four times chance at least. multi-ctr (measured 0.51): three
            // times, since its CTR model orders iALS's best 20 by conversion, which the shop plants on price bands,
            // not categories
            double times = pipeline.equals("multi-ctr") ? 3.0 : 4.0;
            assertTrue(share >= times / CATEGORIES, pipeline + ": in the main category " + share + ", chance 1/" + CATEGORIES);
        }
        // what the CTR model learnt shows: more of its items are in the user's preferred price band (chance 1/3;
        // measured 0.41 against 0.30 for the same recall ranked by iALS alone)
        assertTrue(bandShare.get("multi-ctr") > bandShare.get("multi-ials") + 0.05, String.valueOf(bandShare));
    }

    /**
     * The CTR ranker of your data: trained on leakage-safe samples of the shop's log (carts and purchases positive,
     * the catalogue's attributes), it beats the popularity baseline's AUC on the held-out latest seconds, below the
     * planted truth's (an event on an item of the user's preferred price band converts twice as often: the only
     * conversion signal the generator plants, which the model must infer from a few positives per user); served,
     * {@code multi-ctr} says that it ranked with it.
     */
    @Test
    void theCtrRankerBeatsPopularityAndServedListsSayItRan() throws Exception {
        EventCtr ctr = models.ctr().orElseThrow(() -> new AssertionError(models.ctrSkipped()));
        assertEquals("ctr-lr", ctr.rankerName());
        assertEquals(LabelRule.eventTypes(List.of("buy", "cart")), ctr.spec().labelRule());
        assertEquals(List.of("category", "brand", "price", "price_band", "tags"), ctr.spec().itemAttributes());
        assertEquals(List.of("category", "brand", "price_band", "tags"), ctr.spec().favourites());
        SampleSet samples = ctr.data().samples();
        double truth = plantedAuc(samples);
        System.out.printf(java.util.Locale.ROOT, "shop ctr: %d samples (test %d), test AUC %s %.4f, popularity %.4f, "
                        + "planted truth (preferred price band) %.4f%n", samples.size(), ctr.data().test().size(),
                ctr.type(), ctr.testAuc(), ctr.popularityAuc(), truth);
        assertEquals(EventCtr.popularityAuc(samples), ctr.popularityAuc(), 1e-6);
        assertTrue(ctr.testAuc() > ctr.popularityAuc() + 0.01, ctr.testAuc() + " vs popularity " + ctr.popularityAuc());
        // the planted truth knows each user's band; the model infers it from a few positives per user
        assertTrue(ctr.testAuc() < truth, ctr.testAuc() + " vs the planted truth " + truth);

        int users = 0;
        for (String user : planted.userIds().subList(0, 20)) {
            Reply r = get("/api/users/" + enc(user) + "/recommendations?pipeline=multi-ctr&k=10");
            assertEquals(200, r.status(), String.valueOf(r.body()));
            assertEquals("multi-ctr", r.body().get("pipeline").asText());
            assertEquals("ials-dot > ctr-lr", r.body().get("ranker").asText(), String.valueOf(r.body()));
            assertFalse(r.body().get("fallback").asBoolean(), String.valueOf(r.body()));
            users++;
        }
        assertEquals(20, users);
        JsonNode health = get("/api/health").body();
        assertTrue(JSON.convertValue(health.get("pipelines"), List.class).contains("multi-ctr"), String.valueOf(health));
        assertEquals("ctr-lr", health.get("ctr").get("ranker").asText(), String.valueOf(health));
        assertEquals(ctr.testAuc(), health.get("ctr").get("testAuc").asDouble(), 1e-12);
    }

    /**
     * The sequence model of your data: SASRec trained on each user's interactions in time order (as the MovieLens
     * demo's) serves the pipeline {@code sasrec}; the list follows the user's latest events at once, without
     * retraining: a new user who views a few items of one category gets that category, and after views in another
     * category the next list moves there.
     */
    @Test
    void theSequencePipelineFollowsTheLatestEventsWithoutRetraining() throws Exception {
        assertTrue(models.sequenceModel().isPresent(), models.sequenceSkipped());
        assertEquals("", models.sequenceSkipped());
        assertEquals(interactions.items(), models.sequenceModel().orElseThrow().items());
        JsonNode health = get("/api/health").body();
        assertTrue(JSON.convertValue(health.get("pipelines"), List.class).contains("sasrec"), String.valueOf(health));
        assertEquals("sasrec", health.get("sequence").get("pipeline").asText(), String.valueOf(health));

        Map<String, List<String>> byCategory = new HashMap<>();
        for (String sku : popularItems(160)) {
            byCategory.computeIfAbsent(planted.category(sku), c -> new java.util.ArrayList<>()).add(sku);
        }
        List<String> categories = new java.util.ArrayList<>(byCategory.keySet());
        java.util.Collections.sort(categories);
        int firstWins = 0;
        int secondWins = 0;
        for (int c = 0; c < 4; c++) {
            String first = categories.get(c);
            String second = categories.get((c + 4) % categories.size());
            String user = "u-seq-" + c;
            long t = 2_000_000_000L;
            for (String sku : byCategory.get(first).subList(0, 3)) {
                assertEquals(200, post("/api/feedback", "{\"userId\": \"" + user + "\", \"itemId\": \"" + sku
                        + "\", \"event\": \"view\", \"timestamp\": " + (t += 60) + "}").status());
            }
            String url = "/api/users/" + enc(user) + "/recommendations?pipeline=sasrec&k=10";
            JsonNode before = get(url).body();
            assertEquals("sasrec", before.get("ranker").asText(), String.valueOf(before));
            assertFalse(before.get("fallback").asBoolean(), String.valueOf(before));
            assertEquals(10, before.get("items").size(), String.valueOf(before));
            firstWins += count(before, first);
            for (String sku : byCategory.get(second).subList(0, 6)) {
                assertEquals(200, post("/api/feedback", "{\"userId\": \"" + user + "\", \"itemId\": \"" + sku
                        + "\", \"event\": \"view\", \"timestamp\": " + (t += 60) + "}").status());
            }
            JsonNode after = get(url).body();
            assertEquals(10, after.get("items").size(), String.valueOf(after));
            secondWins += count(after, second);
        }
        System.out.printf(java.util.Locale.ROOT, "shop sasrec: of 4 x 10 items, %d in the category of 3 views, then %d "
                + "in the category of the 6 later views (chance 5 of 40)%n", firstWins, secondWins);
        // measured on this shop: 40 and 39 of 40; chance is 1/8 of each list
        assertTrue(firstWins >= 32, "in the viewed category: " + firstWins + " of 40");
        assertTrue(secondWins >= 32, "in the later category: " + secondWins + " of 40");
    }

    private static int count(JsonNode answer, String category) {
        int n = 0;
        for (JsonNode row : answer.get("items")) {
            n += planted.category(row.get("itemId").asText()).equals(category) ? 1 : 0;
        }
        return n;
    }

    /**
     * Feedback on a catalogue with text ids: an event (user, item, type) is weighed and combined by the policy the
     * models were trained under, stored, and changes the user's next for-you list: the item is no longer recommended,
     * the cached answer is dropped, and the CTR features (the user's positive events and aggregates) see a purchase.
     */
    @Test
    void feedbackIsAnEventOfTheShopAndChangesTheNextList() throws Exception {
        String user = planted.userIds().get(300);
        String url = "/api/users/" + enc(user) + "/recommendations?pipeline=multi-ctr&k=10";
        JsonNode before = get(url).body();
        assertTrue(get(url).body().get("cached").asBoolean(), "the second identical request is a cache hit");
        String sku = before.get("items").get(0).get("itemId").asText();
        int historyBefore = get("/api/users/" + enc(user)).body().get("history").size();

        Reply fb = post("/api/feedback", "{\"userId\": \"" + user + "\", \"itemId\": \"" + sku
                + "\", \"event\": \"buy\", \"timestamp\": 2000000000}");
        assertEquals(200, fb.status(), String.valueOf(fb.body()));
        assertEquals(user, fb.body().get("userId").asText());
        assertEquals(sku, fb.body().get("itemId").asText());
        assertEquals(10.0, fb.body().get("signal").asDouble(), "buy weighs 10 in the policy");
        assertEquals(10.0, fb.body().get("interaction").asDouble());
        assertTrue(fb.body().get("positive").asBoolean(), "a purchase is a positive CTR event");
        assertEquals(historyBefore + 1, fb.body().get("historySize").asInt());
        assertTrue(fb.body().get("invalidatedCacheEntries").asInt() >= 1, String.valueOf(fb.body()));
        JsonNode page = get("/api/users/" + enc(user)).body();
        assertEquals(sku, page.get("history").get(0).get("itemId").asText(), "the purchase is the newest");
        assertEquals(10.0, page.get("history").get(0).get("signal").asDouble());

        JsonNode after = get(url).body();
        assertFalse(after.get("cached").asBoolean());
        assertEquals("ials-dot > ctr-lr", after.get("ranker").asText());
        Map<String, Double> scoreBefore = new HashMap<>();
        before.get("items").forEach(it -> scoreBefore.put(it.get("itemId").asText(), it.get("score").asDouble()));
        boolean changed = false;
        for (JsonNode it : after.get("items")) {
            assertFalse(it.get("itemId").asText().equals(sku), "the bought item is recommended again");
            Double old = scoreBefore.get(it.get("itemId").asText());
            changed |= old != null && Math.abs(old - it.get("score").asDouble()) > 1e-9;
        }
        assertTrue(changed, "the CTR scores did not change with a purchase: " + before + "\n" + after);

        // a second event of the pair combines as the policy says (SUM): one interaction worth 11
        JsonNode view = post("/api/feedback", "{\"userId\": \"" + user + "\", \"itemId\": \"" + sku
                + "\", \"event\": \"view\", \"timestamp\": 2000000100}").body();
        assertEquals(11.0, view.get("interaction").asDouble(), String.valueOf(view));
        assertEquals(historyBefore + 1, view.get("historySize").asInt());
        assertFalse(view.get("positive").asBoolean());

        // a new user starts a history with feedback and gets recommendations from it
        Reply fresh = post("/api/feedback", "{\"userId\": \"u-new-1\", \"itemId\": \"" + sku
                + "\", \"event\": \"cart\"}");
        assertEquals(200, fresh.status(), String.valueOf(fresh.body()));
        assertEquals(1, fresh.body().get("historySize").asInt());
        JsonNode rec = get("/api/users/u-new-1/recommendations?pipeline=multi-ctr&k=5").body();
        assertEquals(5, rec.get("items").size(), String.valueOf(rec));
        assertEquals("ials-dot > ctr-lr", rec.get("ranker").asText());
    }

    /** Feedback that does not fit the catalogue or the policy is a 400 or 404 that says why; nothing is stored. */
    @Test
    void badFeedbackOnTheShopIsA4xxThatSaysWhy() throws Exception {
        String user = planted.userIds().get(301);
        String sku = planted.itemIds().get(0);
        int history = get("/api/users/" + enc(user)).body().get("history").size();
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"userId\": \"" + user + "\", \"movieId\": 1, \"rating\": 4}", "'movieId': unknown");
        bad.put("{\"userId\": \"" + user + "\", \"itemId\": \"" + sku + "\", \"event\": \"like\"}",
                "'like' has no weight in the policy");
        bad.put("{\"userId\": \"" + user + "\", \"itemId\": \"" + sku + "\"}", "field 'event': missing");
        bad.put("{\"userId\": 17, \"itemId\": \"" + sku + "\", \"event\": \"view\"}", "must be a JSON string");
        bad.put("{\"userId\": \"" + user + "\", \"itemId\": \"" + sku + "\", \"event\": \"view\", \"value\": 4}",
                "field 'value': not used");
        bad.put("{\"userId\": \"" + user + "\", \"itemId\": \"" + sku + "\", \"event\": \"view\", \"weight\": 0}",
                "must be > 0");
        bad.put("{\"userId\": \"" + user + "\", \"itemId\": \"" + sku + "\", \"event\": \"view\", "
                + "\"timestamp\": 1700000000000}", "not milliseconds");
        bad.put("{\"userId\": \"\", \"itemId\": \"" + sku + "\", \"event\": \"view\"}", "field 'userId': empty");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Reply r = post("/api/feedback", e.getKey());
            assertEquals(400, r.status(), e.getKey() + ": " + r.body());
            assertTrue(r.body().get("error").asText().contains(e.getValue()), e.getKey() + ": " + r.body());
        }
        Reply missing = post("/api/feedback", "{\"userId\": \"" + user + "\", \"itemId\": \"sku-nope\", \"event\": \"view\"}");
        assertEquals(404, missing.status(), String.valueOf(missing.body()));
        assertTrue(missing.body().get("error").asText().contains("'sku-nope'"), String.valueOf(missing.body()));
        assertEquals(history, get("/api/users/" + enc(user)).body().get("history").size(), "nothing was stored");
    }

    /**
     * The embedding map serves any catalogue: the items' 2-D layout coloured by the category attribute, text ids as
     * JSON strings; item2vec's layout puts the items of one category together (each point's nearest point on the map
     * is mostly of its category).
     */
    @Test
    void theEmbeddingMapColoursItemsByTheCategoryAttribute() throws Exception {
        Reply r = get("/api/map?model=item2vec&limit=160");
        assertEquals(200, r.status(), String.valueOf(r.body()));
        assertEquals("category", r.body().get("category").asText());
        assertEquals(CATEGORIES, r.body().get("categories").size(), String.valueOf(r.body().get("categories")));
        assertFalse(r.body().has("genres"));
        JsonNode points = r.body().get("points");
        assertEquals(160, points.size());
        int same = 0;
        for (JsonNode p : points) {
            String sku = p.get("itemId").asText();
            assertTrue(p.get("itemId").isTextual());
            assertEquals(planted.category(sku), p.get("category").asText());
            assertEquals(List.of(planted.category(sku)), JSON.convertValue(p.get("categories"), List.class));
            JsonNode nearest = null;
            double best = Double.MAX_VALUE;
            for (JsonNode q : points) {
                double d = Math.hypot(p.get("x").asDouble() - q.get("x").asDouble(), p.get("y").asDouble() - q.get("y").asDouble());
                if (q != p && d < best) {
                    best = d;
                    nearest = q;
                }
            }
            same += nearest.get("category").asText().equals(p.get("category").asText()) ? 1 : 0;
        }
        System.out.printf(java.util.Locale.ROOT, "shop map: nearest point on the item2vec map in the same category: %d of %d%n",
                same, points.size());
        assertTrue(same >= 0.5 * points.size(), same + " of " + points.size() + " (chance 1/" + CATEGORIES + ")");
        Reply tsne = get("/api/map?model=als&method=tsne&limit=40");
        assertEquals(200, tsne.status(), String.valueOf(tsne.body()));
        assertEquals(40, tsne.body().get("points").size());
    }

    /** Test AUC of the planted truth: 1 when the item is in the user's preferred price band, else 0. */
    private static double plantedAuc(SampleSet s) {
        int n = s.count(Part.TEST);
        double[] score = new double[n];
        boolean[] label = new boolean[n];
        int t = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.part(i) == Part.TEST) {
                score[t] = planted.priceBand(s.itemKey(i)).equals(planted.preferredBand(s.userKey(i))) ? 1 : 0;
                label[t++] = s.label(i);
            }
        }
        return Metrics.auc(score, label);
    }

    @Test
    void theUserPageShowsTheMainCategoryFirst() throws Exception {
        int hits = 0;
        List<String> users = planted.userIds().subList(0, 50);
        for (String user : users) {
            JsonNode body = get("/api/users/" + enc(user)).body();
            assertEquals("category", body.get("category").asText());
            String first = body.get("categories").fieldNames().next();
            hits += first.equals(planted.mainCategory(user)) ? 1 : 0;
        }
        assertTrue(hits >= 0.8 * users.size(), hits + " of " + users.size());
    }

    @Test
    void categoriesListTheirItemsByPopularity() throws Exception {
        Reply all = get("/api/categories");
        assertEquals(200, all.status());
        assertEquals(CATEGORIES, all.body().get("genres").size(), String.valueOf(all.body()));
        String category = planted.categories().get(0);
        Reply list = get("/api/categories/" + enc(category) + "?k=500");
        assertEquals(200, list.status(), String.valueOf(list.body()));
        assertEquals("popularity", list.body().get("sortby").asText());
        int previous = Integer.MAX_VALUE;
        for (JsonNode row : list.body().get("items")) {
            assertEquals(category, planted.category(row.get("itemId").asText()));
            assertTrue(row.get("interactions").asInt() <= previous);
            previous = row.get("interactions").asInt();
        }
        Reply bad = get("/api/categories/" + enc(category) + "?sortby=rating");
        assertEquals(400, bad.status());
        assertTrue(bad.body().get("error").asText().contains("valid: popularity"), String.valueOf(bad.body()));
        JsonNode health = get("/api/health").body();
        assertEquals("your-data", health.get("catalogue").asText());
        assertEquals(160, health.get("items").asInt());
        assertEquals(List.of("item2vec", "als"), JSON.convertValue(health.get("models"), List.class));
    }

    @Test
    void unknownAndMalformedIdsAreJsonErrors() throws Exception {
        for (String path : List.of("/api/items/sku-nope", "/api/items/sku-nope/similar", "/api/users/nobody",
                "/api/users/nobody/recommendations", "/api/categories/nothing", "/getmovie?id=1", "/getuser?id=1")) {
            Reply r = get(path);
            assertEquals(404, r.status(), path + ": " + r.body());
            assertEquals(404, r.body().get("status").asInt(), path);
            assertFalse(r.body().get("error").asText().isEmpty(), path);
        }
        assertTrue(get("/api/items/sku-nope").body().get("error").asText().contains("'sku-nope'"));
        assertTrue(get("/api/users/nobody").body().get("error").asText().contains("'nobody'"));
        Reply control = get("/api/items/" + enc("sku\u0001x"));
        assertEquals(400, control.status(), String.valueOf(control.body()));
        Reply longId = get("/api/items/" + "x".repeat(300));
        assertEquals(400, longId.status(), String.valueOf(longId.body()));
        Reply model = get("/api/items/" + enc(planted.itemIds().get(0)) + "/similar?model=deepwalk");
        assertEquals(400, model.status());
        assertTrue(model.body().get("error").asText().contains("valid: item2vec, als"), String.valueOf(model.body()));
    }

    private static List<String> popularItems(int n) {
        int[] count = new int[interactions.numItems()];
        for (int k = 0; k < interactions.size(); k++) {
            count[interactions.item(k)]++;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(count[b], count[a]));
        List<String> out = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            out.add(interactions.items().id(order.get(p)));
        }
        return out;
    }
}
