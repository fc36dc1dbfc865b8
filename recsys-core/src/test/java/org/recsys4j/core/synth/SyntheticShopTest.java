package org.recsys4j.core.synth;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemAttribute;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.Loaded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shop generator: its files read back strictly through the generic readers, and the structure it planted is there. */
class SyntheticShopTest {
    private static final SyntheticShop SHOP = SyntheticShop.builder(2_000, 400, 7).build();

    @TempDir
    static Path dir;
    private static SyntheticShop.Planted planted;
    private static EventLog log;
    private static ItemCatalog catalog;

    @BeforeAll
    static void generateAndReadBack() throws IOException {
        planted = SHOP.write(dir);
        // strict: a single bad row in the generated files fails the test
        catalog = CatalogReader.builder(SyntheticShop.catalogMapping()).build().read(dir.resolve("items.csv")).data();
        log = EventLogReader.builder(SyntheticShop.eventMapping()).withKnownItems(catalog.items(), "items.csv").build()
                .read(dir.resolve("events.csv")).data();
    }

    @Test
    void theFilesReadBackWithEveryEventAndItem() {
        assertEquals(planted.events(), log.size());
        assertEquals(List.of("buy", "cart", "view"), log.eventTypes());
        Map<String, Integer> byType = log.countsByType();
        for (String t : SyntheticShop.EVENT_TYPES) {
            assertEquals(planted.events(t), byType.get(t), t);
        }
        assertEquals(400, catalog.size());
        assertEquals(List.of("title", "category", "brand", "price", "price_band", "tags", "listed_at"),
                catalog.attributes().stream().map(ItemAttribute::name).toList());
        ItemAttribute.Categorical category = catalog.categorical("category");
        ItemAttribute.Categorical brand = catalog.categorical("brand");
        ItemAttribute.Categorical band = catalog.categorical("price_band");
        for (String id : planted.itemIds()) {
            int i = catalog.items().indexOf(id);
            assertEquals(planted.category(id), category.valueAt(i).orElseThrow());
            assertEquals(planted.brand(id), brand.valueAt(i).orElseThrow());
            assertEquals(planted.priceBand(id), band.valueAt(i).orElseThrow());
            assertTrue(catalog.numeric("price").valueAt(i).isPresent());
            assertTrue(catalog.timestamp("listed_at").valueAt(i).getAsLong() < SyntheticShop.DEFAULT_START_SECOND);
        }
        assertEquals(8, category.vocabulary().size());
        // a title with a comma is quoted and comes back whole
        assertTrue(catalog.text("title").valueAt(0).isPresent());
        assertTrue(java.util.stream.IntStream.range(0, catalog.size())
                .anyMatch(i -> catalog.text("title").valueAt(i).orElseThrow().contains(", size ")));
    }

    @Test
    void idsAreStringsShapedLikeAShopsAndSessionsBelongToTheirUser() throws IOException {
        for (int u = 0; u < log.users().size(); u++) {
            assertTrue(log.users().id(u).matches("u[1-9][0-9]*"), log.users().id(u));
        }
        for (String id : planted.itemIds()) {
            assertTrue(id.matches("sku-[0-9a-f]{4}"), id);
        }
        assertEquals(400, new HashSet<>(planted.itemIds()).size());
        Set<String> sessions = new HashSet<>();
        List<String> lines = Files.readAllLines(dir.resolve("events.csv"));
        assertEquals("event_time,user_id,session_id,item_id,event,quantity", lines.get(0));
        long previous = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertTrue(f[2].startsWith(f[1] + "-s"), line);
            sessions.add(f[2]);
            long t = java.time.Instant.parse(f[0]).getEpochSecond();
            assertTrue(t >= previous, "events in time order: " + line);
            previous = t;
        }
        assertEquals(planted.sessions(), sessions.size());
        assertEquals(2_000 * (1 + 5.0), planted.sessions(), 2_000 * 0.6);   // 1 + geometric(mean 5) per user
    }

    @Test
    void theFunnelFollowsThePlantedRatesAndTheUsersPriceBand() {
        // views and carts of items in / out of the user's preferred band; carts and buys
        long[] views = new long[2];
        long[] carts = new long[2];
        long buys = 0;
        for (int k = 0; k < log.size(); k++) {
            String user = log.users().id(log.user(k));
            String item = log.items().id(log.item(k));
            int in = planted.priceBand(item).equals(planted.preferredBand(user)) ? 1 : 0;
            switch (log.type(k).orElseThrow()) {
                case "view" -> views[in]++;
                case "cart" -> carts[in]++;
                default -> buys++;
            }
        }
        double outside = (double) carts[0] / views[0];
        double inside = (double) carts[1] / views[1];
        assertEquals(SyntheticShop.DEFAULT_CART_RATE, outside, 0.01, "cart rate outside the preferred band");
        assertEquals(SyntheticShop.DEFAULT_CART_RATE * SyntheticShop.DEFAULT_BAND_AFFINITY, inside, 0.02,
                "cart rate inside the preferred band");
        assertEquals(SyntheticShop.DEFAULT_BUY_RATE, (double) buys / (carts[0] + carts[1]), 0.03, "buy rate of carts");
        // quantities: views and carts weigh 1, purchases 1 to 3
        for (int k = 0; k < log.size(); k++) {
            double w = log.weight(k);
            assertTrue(log.type(k).orElseThrow().equals("buy") ? w >= 1 && w <= 3 : w == 1, "weight " + w);
        }
    }

    @Test
    void usersConcentrateOnTheirMainCategory() {
        Map<String, Map<String, Integer>> viewsByCategory = new HashMap<>();
        long inMain = 0;
        long total = 0;
        for (int k = 0; k < log.size(); k++) {
            if (!log.type(k).orElseThrow().equals("view")) {
                continue;
            }
            String user = log.users().id(log.user(k));
            String c = planted.category(log.items().id(log.item(k)));
            viewsByCategory.computeIfAbsent(user, u -> new HashMap<>()).merge(c, 1, Integer::sum);
            inMain += c.equals(planted.mainCategory(user)) ? 1 : 0;
            total++;
        }
        // expected share: mainShare * focus + (1 - mainShare) * (1 - focus) / (C - 1) = 0.80 * 0.95 + 0.20 * 0.05 / 7
        assertEquals(0.7614, (double) inMain / total, 0.03);
        int users = 0;
        int modeIsMain = 0;
        for (Map.Entry<String, Map<String, Integer>> e : viewsByCategory.entrySet()) {
            int sum = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
            if (sum < 15) {
                continue;
            }
            users++;
            String mode = e.getValue().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            modeIsMain += mode.equals(planted.mainCategory(e.getKey())) ? 1 : 0;
        }
        assertTrue(users > 500, "users with 15+ views: " + users);
        assertTrue(modeIsMain > 0.9 * users, modeIsMain + " of " + users + " users view their main category most");
    }

    @Test
    void popularityIsSkewedWithinEachCategory() {
        int[] views = new int[catalog.size()];
        for (int k = 0; k < log.size(); k++) {
            if (log.type(k).orElseThrow().equals("view")) {
                views[log.item(k)]++;
            }
        }
        int[] sorted = views.clone();
        Arrays.sort(sorted);
        long all = Arrays.stream(sorted).sum();
        long top = 0;
        for (int i = sorted.length - sorted.length / 10; i < sorted.length; i++) {
            top += sorted[i];
        }
        // Zipf(1) over 50 items per category: the top 10% of items get about 45% of the views (uniform: 10%)
        assertTrue(top > 0.35 * all, "top 10% of items: " + top + " of " + all + " views");
        // rank 0 of each category beats its rank 20
        for (String c : planted.categories()) {
            String first = null;
            String twentieth = null;
            for (String id : planted.itemIds()) {
                if (planted.category(id).equals(c) && planted.popularityRank(id) == 0) {
                    first = id;
                } else if (planted.category(id).equals(c) && planted.popularityRank(id) == 20) {
                    twentieth = id;
                }
            }
            assertTrue(views[catalog.items().indexOf(first)] > 3 * views[catalog.items().indexOf(twentieth)], c);
        }
    }

    @Test
    void priceBandsAreTheTertilesOfEachCategory() {
        ItemAttribute.Numeric price = catalog.numeric("price");
        for (String c : planted.categories()) {
            double[] max = new double[3];
            double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
            int[] n = new int[3];
            for (String id : planted.itemIds()) {
                if (!planted.category(id).equals(c)) {
                    continue;
                }
                int b = SyntheticShop.PRICE_BANDS.indexOf(planted.priceBand(id));
                double p = price.valueAt(catalog.items().indexOf(id)).getAsDouble();
                max[b] = Math.max(max[b], p);
                min[b] = Math.min(min[b], p);
                n[b]++;
            }
            assertTrue(max[0] <= min[1] && max[1] <= min[2], c + ": bands overlap");
            assertTrue(Math.abs(n[0] - n[2]) <= 1, c + ": " + Arrays.toString(n));
        }
    }

    @Test
    void theSameSeedWritesTheSameBytes(@TempDir Path other, @TempDir Path third) throws IOException {
        SyntheticShop.Planted again = SyntheticShop.builder(2_000, 400, 7).build().write(other);
        assertArrayEquals(Files.readAllBytes(dir.resolve("events.csv")), Files.readAllBytes(other.resolve("events.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("items.csv")), Files.readAllBytes(other.resolve("items.csv")));
        assertEquals(planted.mainCategory("u17"), again.mainCategory("u17"));
        SyntheticShop.builder(2_000, 400, 8).build().write(third);
        assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("events.csv")),
                Files.readAllBytes(third.resolve("events.csv"))));
        try (var files = Files.list(other)) {
            assertEquals(List.of("events.csv", "items.csv"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void aFeedbackPolicyTurnsTheFunnelIntoInteractions() throws IOException {
        Loaded<EventLog> events = EventLogReader.builder(SyntheticShop.eventMapping()).withOptions(LoadOptions.lenient())
                .build().read(dir.resolve("events.csv"));
        Feedback.Result r = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.SUM)
                .applyWithReport(events.data());
        Interactions x = r.interactions();
        assertEquals(0, r.report().eventsDropped());
        assertTrue(r.report().combined() > 0, "repeated views of an item combine");
        double sum = 0;
        for (int k = 0; k < x.size(); k++) {
            sum += x.value(k);
        }
        double expected = planted.events("view") + 3.0 * planted.events("cart");
        assertTrue(sum > expected + 10.0 * planted.events("buy") - 1e-6, "a purchase of n units weighs 10 n");
        // purchases alone are a minority of the events: a policy that keeps only them must say so
        assertThrows(org.recsys4j.core.data.TooManyEventsDroppedException.class,
                () -> Feedback.eventWeights(Map.of("buy", 1.0), Feedback.Combine.SUM).apply(events.data()));
    }

    @Test
    void optionsAreValidated() {
        assertEquals("items: 3, must be >= categories (8)", assertThrows(IllegalArgumentException.class,
                () -> SyntheticShop.builder(10, 3, 1).build()).getMessage());
        assertEquals("cartRate: 1.5, must be in [0, 1]", assertThrows(IllegalArgumentException.class,
                () -> SyntheticShop.builder(10, 30, 1).withCartRate(1.5).build()).getMessage());
        assertEquals("viewsPerSession: 0.5, must be in [1, 1000]", assertThrows(IllegalArgumentException.class,
                () -> SyntheticShop.builder(10, 30, 1).withViewsPerSession(0.5).build()).getMessage());
        assertEquals("user: no user 'u0' in the shop", assertThrows(IllegalArgumentException.class,
                () -> planted.mainCategory("u0")).getMessage());
    }
}
