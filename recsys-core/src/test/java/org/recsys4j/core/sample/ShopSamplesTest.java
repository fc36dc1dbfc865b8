package org.recsys4j.core.sample;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemAttribute;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.HashedCross;
import org.recsys4j.core.feature.SparseRow;
import org.recsys4j.core.testing.PlantedShop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generic sample builder on data that is not MovieLens: text ids, a categorical {@code category} and
 * {@code brand}, a numeric {@code price}, view / cart / buy events weighted 1 / 3 / 10 by a {@code Feedback}
 * policy, carts and purchases positive. A hand-made log with every feature worked out by hand, a planted shop
 * where the favourite category is the planted one and every feature equals a brute-force recomputation, and the
 * errors that name what is wrong.
 */
class ShopSamplesTest {
    static final Feedback WEIGHTS = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0),
            Feedback.Combine.SUM);
    static final LabelRule CONVERTED = LabelRule.eventTypes(List.of("cart", "buy"));

    static SampleSpec spec() {
        return SampleSpec.builder(CONVERTED)
                .withItemAttributes(List.of("category", "brand", "price"))
                .withFavourites(List.of("category", "brand"))
                .withMaxRecentPositives(3)
                .withMaxFavourites(2)
                .build();
    }

    /** Six items in three categories; sku-e has no brand. */
    static ItemCatalog catalog() {
        return ItemCatalog.builder()
                .field("category", AttributeType.CATEGORICAL)
                .field("brand", AttributeType.CATEGORICAL)
                .field("price", AttributeType.NUMERIC)
                .field("title", AttributeType.TEXT)
                .add("sku-a", Map.of("category", "shoes", "brand", "nike", "price", 50.0))
                .add("sku-b", Map.of("category", "shoes", "brand", "adidas", "price", 80.0))
                .add("sku-c", Map.of("category", "books", "brand", "penguin", "price", 10.0))
                .add("sku-d", Map.of("category", "shoes", "brand", "nike", "price", 60.0))
                .add("sku-e", Map.of("category", "books", "price", 12.0))
                .add("sku-f", Map.of("category", "toys", "brand", "lego", "price", 30.0))
                .build();
    }

    /*
     * u1: 10 view a | 20 cart a | 30 buy a | 40 view c, 40 cart c | 50 view b | 60 cart d | 70 buy d
     *     | 80 view f, 80 cart e | 90 view b
     * u2: 15 view a | 25 buy f | 35 view a | 45 cart a
     */
    static EventLog log(ItemCatalog c) {
        return EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).withItems(c.items())
                .addTyped("u1", "sku-a", 10, "view").addTyped("u2", "sku-a", 15, "view")
                .addTyped("u1", "sku-a", 20, "cart").addTyped("u2", "sku-f", 25, "buy")
                .addTyped("u1", "sku-a", 30, "buy").addTyped("u2", "sku-a", 35, "view")
                .addTyped("u1", "sku-c", 40, "view").addTyped("u1", "sku-c", 40, "cart")
                .addTyped("u2", "sku-a", 45, "cart").addTyped("u1", "sku-b", 50, "view")
                .addTyped("u1", "sku-d", 60, "cart").addTyped("u1", "sku-d", 70, "buy")
                .addTyped("u1", "sku-e", 80, "cart").addTyped("u1", "sku-f", 80, "view")   // log order is not id order
                .addTyped("u1", "sku-b", 90, "view")
                .build();
    }

    private static Map<String, Double> numerics(double ic, double im, double isd, double ip, double uc, double um,
                                                double usd, double up, double catAffinity, double brandAffinity) {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] v = {ic, im, isd, ip, uc, um, usd, up};
        for (int j = 0; j < v.length; j++) {
            m.put(Aggregate.values()[j].featureName(), v[j]);
        }
        m.put("categoryAffinity", catAffinity);
        m.put("brandAffinity", brandAffinity);
        return m;
    }

    @Test
    void everyFeatureOfAHandMadeShopLogAsWorkedOut() {
        ItemCatalog c = catalog();
        EventLog log = log(c);
        SampleSet s = SampleSet.build(log, WEIGHTS, c, spec());
        // u1 from its third event on, u2 from its third: 9 + 2 samples; (ts, user, item, row) order
        assertEquals(11, s.size());
        assertEquals(4, s.droppedColdUser());
        assertEquals(0, s.droppedByFeedback());
        List<String> order = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            order.add(s.timestamp(i) + " " + s.userKey(i) + " " + s.itemKey(i) + (s.label(i) ? " +" : " -"));
        }
        assertEquals(List.of("30 u1 sku-a +", "35 u2 sku-a -", "40 u1 sku-c -", "40 u1 sku-c +", "45 u2 sku-a +",
                "50 u1 sku-b -", "60 u1 sku-d +", "70 u1 sku-d +", "80 u1 sku-e +", "80 u1 sku-f -", "90 u1 sku-b -"),
                order);
        assertEquals("sku-f", log.items().id(log.item(s.eventRow(9))));
        assertEquals(13, s.eventRow(9));
        // u1 at 80, viewing sku-f: 8 earlier events, values 1 3 10 1 3 1 3 10 (sum 32, squares 230), 5 positive;
        // the cart of sku-e at the same second is not seen; sku-f was bought once before (u2 at 25)
        Sample f = s.sample(9);
        assertEquals(new Sample("u1", "sku-f", 80, 1.0f, false, Part.FIT,
                numerics(1, 10, 0, 1, 8, 4, Math.sqrt(102.0 / 7), 5.0 / 8, 0, 0),
                List.of("sku-d", "sku-c", "sku-a"),                          // distinct, most recent first
                Map.of("category", List.of("shoes", "books"), "brand", List.of("nike", "penguin")),
                Map.of("category", "toys", "brand", "lego", "price", "30"),
                HashedCross.of(10_000).bucket(HashedCross.textKey("sku-f"), HashedCross.textKey("sku-d"))), f);
        // the cart of sku-e at 80: the same user state; its item has no brand and no history; books: 1 of 5 positives
        assertEquals(0.2f, (float) s.affinity(8, "category"));
        assertEquals(0.0, s.affinity(8, "brand"));
        assertEquals(0, s.itemCount(8));
        assertEquals(s.userMean(9), s.userMean(8));
        // u1 at 90, viewing sku-b: now 10 events (+ view f, cart e), 6 positives, books twice
        assertEquals(10, s.userCount(10));
        assertEquals(3.6, s.userMean(10), 1e-12);
        assertEquals(List.of("sku-e", "sku-d", "sku-c"), s.recentPositiveKeys(10));
        assertEquals(List.of("shoes", "books"), s.favouriteValues(10, "category"));
        assertEquals(4.0 / 6, s.affinity(10, "category"), 1e-6);   // a float
        assertEquals(0.0, s.affinity(10, "brand"));                 // adidas: never positive
        assertEquals(1, s.itemCount(10));                           // u1's view at 50
        assertEquals(0.0, s.itemPositiveRate(10));
        // u2 at 45, carting sku-a: the buy of sku-f is u2's one positive; sku-a had 5 events, 2 positive
        assertEquals(List.of("sku-f"), s.recentPositiveKeys(4));
        assertEquals(List.of("toys"), s.favouriteValues(4, "category"));
        assertEquals(List.of("lego"), s.favouriteValues(4, "brand"));
        assertEquals(5, s.itemCount(4));
        assertEquals(3.2, s.itemMean(4), 1e-12);
        assertEquals(0.4, s.itemPositiveRate(4), 1e-12);
        // the two events of u1 at 40 (view, cart of sku-c) see the same state: a carted and bought once each
        assertEquals(List.of("sku-a"), s.recentPositiveKeys(2));
        assertEquals(List.of("sku-a"), s.recentPositiveKeys(3));
        assertEquals(0.0, s.affinity(3, "brand"));                  // penguin; the 2 positives were nike
        assertEquals(2f / 3, (float) s.affinity(6, "brand"));       // u1 at 60, sku-d is nike: 2 of 3 positives
    }

    @Test
    void aPolicyThatDropsEventsShrinksTheHistoryAndSaysHowMany() {
        ItemCatalog c = catalog();
        // views do not count at all: the 8 carts and buys remain
        Feedback conversions = Feedback.eventWeights(Map.of("cart", 3.0, "buy", 10.0), Feedback.Combine.SUM)
                .toBuilder().withMaxDroppedFraction(0.6).build();
        SampleSet s = SampleSet.build(log(c), conversions, c, spec());
        assertEquals(7, s.droppedByFeedback());
        assertEquals(8, s.history().size());
        for (int i = 0; i < s.size(); i++) {
            assertTrue(s.label(i));
            assertEquals(1.0, s.userPositiveRate(i));
        }
        // a value rule reads the policy's signal: buys (10) only
        SampleSet buys = SampleSet.build(log(c), WEIGHTS, c,
                spec().toBuilder().withLabelRule(LabelRule.valueAtLeast(10)).build());
        for (int i = 0; i < buys.size(); i++) {
            assertEquals(buys.value(i) == 10f, buys.label(i));
        }
    }

    @Test
    void thePlantedFavouriteCategoryComesOutAndEveryFeatureMatchesABruteForce() {
        PlantedShop shop = PlantedShop.generate(150, 6, 20, 11);
        EventLog log = shop.log();
        ItemCatalog c = shop.catalog();
        SampleSpec spec = spec().toBuilder().withMaxRecentPositives(5).withMaxFavourites(3).build();
        SampleSet s = SampleSet.build(log, WEIGHTS, c, spec);
        ItemAttribute.Categorical category = c.categorical("category");
        ItemAttribute.Categorical brand = c.categorical("brand");
        int checked = 0;
        int planted = 0;
        for (int i = 0; i < s.size(); i++) {
            int row = s.eventRow(i);
            int user = log.user(row);
            long t = log.timestamp(row);
            // brute force over the log: the user's and the item's events strictly before t
            int uc = 0;
            int up = 0;
            double us = 0;
            double uss = 0;
            int ic = 0;
            int ip = 0;
            double is = 0;
            double iss = 0;
            List<long[]> positives = new ArrayList<>();   // {ts, item rank (ids ascending = index), row}
            Map<String, Integer> cats = new HashMap<>();
            Map<String, Integer> brands = new HashMap<>();
            for (int k = 0; k < log.size(); k++) {
                if (log.timestamp(k) >= t) {
                    continue;
                }
                String type = log.type(k).orElseThrow();
                double v = type.equals("view") ? 1 : type.equals("cart") ? 3 : 10;
                boolean pos = !type.equals("view");
                if (log.user(k) == user) {
                    uc++;
                    us += v;
                    uss += v * v;
                    if (pos) {
                        up++;
                        positives.add(new long[] {log.timestamp(k), log.item(k), k});
                        cats.merge(category.valueAt(log.item(k)).orElseThrow(), 1, Integer::sum);
                        brand.valueAt(log.item(k)).ifPresent(b -> brands.merge(b, 1, Integer::sum));
                    }
                }
                if (log.item(k) == log.item(row)) {
                    ic++;
                    is += v;
                    iss += v * v;
                    ip += pos ? 1 : 0;
                }
            }
            String at = "sample " + i;
            assertEquals(uc, s.userCount(i), at);
            assertEquals(uc == 0 ? 0 : us / uc, s.userMean(i), 1e-12, at);
            assertEquals(SampleSet.std(uc, us, uss), s.userStddev(i), 1e-9, at);
            assertEquals(uc == 0 ? 0 : (double) up / uc, s.userPositiveRate(i), 1e-12, at);
            assertEquals(ic, s.itemCount(i), at);
            assertEquals(ic == 0 ? 0 : is / ic, s.itemMean(i), 1e-12, at);
            assertEquals(SampleSet.std(ic, is, iss), s.itemStddev(i), 1e-9, at);
            assertEquals(ic == 0 ? 0 : (double) ip / ic, s.itemPositiveRate(i), 1e-12, at);
            // recent: latest first, ties of a second by item id descending, each item once
            positives.sort((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0])
                    : a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(b[2], a[2]));
            List<String> recent = new ArrayList<>();
            for (long[] p : positives) {
                String id = c.items().id((int) p[1]);
                if (!recent.contains(id) && recent.size() < 5) {
                    recent.add(id);
                }
            }
            assertEquals(recent, s.recentPositiveKeys(i), at);
            assertEquals(top(cats, 3), s.favouriteValues(i, "category"), at);
            assertEquals(top(brands, 3), s.favouriteValues(i, "brand"), at);
            String itemCategory = category.valueAt(log.item(row)).orElseThrow();
            assertEquals(up == 0 ? 0f : (float) ((double) cats.getOrDefault(itemCategory, 0) / up),
                    (float) s.affinity(i, "category"), at);
            if (up >= 8) {
                checked++;
                if (s.favouriteValues(i, "category").get(0).equals(shop.mainCategory(s.userKey(i)))) {
                    planted++;
                }
            }
        }
        assertTrue(checked > 300, "samples of users with 8 earlier positives: " + checked);
        assertTrue(planted >= 0.95 * checked, "favourite category = the planted main one: " + planted + " of " + checked);
    }

    /** The k values with the highest counts, ties by name. */
    private static List<String> top(Map<String, Integer> counts, int k) {
        List<String> names = new ArrayList<>(counts.keySet());
        names.sort((a, b) -> !counts.get(a).equals(counts.get(b)) ? Integer.compare(counts.get(b), counts.get(a))
                : a.compareTo(b));
        return names.subList(0, Math.min(k, names.size()));
    }

    @Test
    void theEncodingWorksOnTextIdsAndCategoricalAttributes() {
        PlantedShop shop = PlantedShop.generate(120, 5, 16, 3);
        SampleSet s = SampleSet.build(shop.log(), WEIGHTS, shop.catalog(), spec());
        FittedSchema<Integer> f = SampleFeatures.fit(s);
        assertEquals(List.of("userId", "itemId", "category", "brand", "price", "recentPositive", "favouriteCategory",
                "favouriteBrand", "itemCount", "itemMean", "itemStddev", "itemPositiveRate", "userCount", "userMean",
                "userStddev", "userPositiveRate", "categoryAffinity", "brandAffinity", "wideCross"), f.featureNames());
        for (int i = 0; i < s.size(); i += 17) {
            SparseRow row = f.sparse(i);
            assertTrue(row.size() >= 9, "sample " + i);
        }
        // favourites are encoded through the item attribute's vocabulary (5 categories + OOV)
        assertEquals(6, f.fieldWidth("favouriteCategory"));
        assertEquals(6, f.fieldWidth("category"));
    }

    @Test
    void badSpecsAndInputsNameWhatIsWrong() {
        ItemCatalog c = catalog();
        EventLog log = log(c);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleSet.build(log, WEIGHTS, c,
                spec().toBuilder().withFavourites(List.of("colour")).build()));
        assertEquals("favourites: no attribute 'colour' in the catalogue; it has category (CATEGORICAL), "
                + "brand (CATEGORICAL), price (NUMERIC), title (TEXT)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SampleSet.build(log, WEIGHTS, c,
                spec().toBuilder().withFavourites(List.of("price")).build()));
        assertTrue(e.getMessage().startsWith("favourites: 'price' is NUMERIC; favourite values need a CATEGORICAL or "
                + "MULTI_CATEGORICAL attribute"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SampleSet.build(log, WEIGHTS, c,
                spec().toBuilder().withItemAttributes(List.of("title")).build()));
        assertTrue(e.getMessage().startsWith("itemAttributes: 'title' is TEXT"), e.getMessage());
        // a type rule needs event types: not in Interactions, and the log must have one of them
        Interactions x = WEIGHTS.apply(log);
        e = assertThrows(IllegalArgumentException.class, () -> SampleSet.build(x, c, spec()));
        assertTrue(e.getMessage().startsWith("labelRule: type in [buy, cart] reads event types"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SampleSet.build(log, WEIGHTS, c,
                spec().toBuilder().withLabelRule(LabelRule.eventTypes(List.of("purchase"))).build()));
        assertEquals("label: positive types [purchase] do not occur in the log; its types: [buy, cart, view]",
                e.getMessage());
        // events over another item index
        EventLog other = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).addTyped("u", "x", 1, "buy").build();
        e = assertThrows(IllegalArgumentException.class, () -> SampleSet.build(other, WEIGHTS, c, spec()));
        assertTrue(e.getMessage().startsWith("log: item index (1 ids) is not the catalogue's items() (6 ids)"),
                e.getMessage());
        // the spec itself
        assertEquals("featureNames: 'movieId' is not a feature of this spec; its features: [userId, itemId, category, "
                        + "brand, price, recentPositive, favouriteCategory, favouriteBrand, itemCount, itemMean, "
                        + "itemStddev, itemPositiveRate, userCount, userMean, userStddev, userPositiveRate, "
                        + "categoryAffinity, brandAffinity, wideCross]",
                assertThrows(IllegalArgumentException.class, () -> spec().toBuilder()
                        .withFeatureNames(Map.of("movieId", "x")).build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> spec().toBuilder()
                .withFeatureNames(Map.of("itemId", "userId")).build()).getMessage()
                .startsWith("featureNames: two features are called 'userId'"));
        assertEquals("favourites: 'brand' is listed twice in [brand, brand]", assertThrows(IllegalArgumentException.class,
                () -> spec().toBuilder().withFavourites(List.of("brand", "brand")).build()).getMessage());
        assertEquals("labelRule", assertThrows(NullPointerException.class,
                () -> SampleSpec.builder(null).build()).getMessage());
        assertEquals("types: none; name at least one positive event type",
                assertThrows(IllegalArgumentException.class, () -> LabelRule.eventTypes(List.of())).getMessage());
        assertFalse(spec().recentDistinct() == SampleSpec.protocolC().recentDistinct());
    }
}
