package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsys4j.recall.channel.Fixture.items;
import static org.recsys4j.recall.channel.Fixture.scores;

/**
 * The channels that read item attributes, on a small shop that has nothing of MovieLens: string ids, view /
 * cart / buy events combined by a Feedback policy, and categorical, multi-valued, numeric and timestamp
 * attributes named at build time.
 *
 * <pre>
 * index id      category brand tags       price listed
 * 0     sku-b1  books    paper sale       10    2000
 * 1     sku-b2  books    paper new        15    6000
 * 2     sku-g1  games    zeta  new, sale  55    4000
 * 3     sku-s1  shoes    acme  sale       40    1000
 * 4     sku-s2  shoes    acme  new        60    5000
 * 5     sku-s3  shoes    zeta             90    3000
 * 6     sku-x   (nothing)
 * </pre>
 */
class ShopChannelsTest {
    private static final Map<String, Double> WEIGHTS = Map.of("view", 1.0, "cart", 3.0, "buy", 10.0);

    private static Map<String, Object> item(String category, String brand, List<String> tags, double price, long listed) {
        Map<String, Object> m = new HashMap<>();
        m.put("category", category);
        m.put("brand", brand);
        m.put("tags", tags);
        m.put("price", price);
        m.put("listed", listed);
        return m;
    }

    static ItemCatalog shop() {
        return ItemCatalog.builder()
                .field("category", AttributeType.CATEGORICAL).field("brand", AttributeType.CATEGORICAL)
                .field("tags", AttributeType.MULTI_CATEGORICAL).field("price", AttributeType.NUMERIC)
                .field("listed", AttributeType.TIMESTAMP)
                .add("sku-b1", item("books", "paper", List.of("sale"), 10, 2000))
                .add("sku-b2", item("books", "paper", List.of("new"), 15, 6000))
                .add("sku-g1", item("games", "zeta", List.of("new", "sale"), 55, 4000))
                .add("sku-s1", item("shoes", "acme", List.of("sale"), 40, 1000))
                .add("sku-s2", item("shoes", "acme", List.of("new"), 60, 5000))
                .add("sku-s3", item("shoes", "zeta", List.of(), 90, 3000))
                .add("sku-x", Map.of())
                .build();
    }

    /**
     * u-ann: views s1, views s2, carts and buys it, views b1; u-bob: views and buys b1, views b2; u-cat: views and
     * buys g1, views s3, views s1. Summed per pair: ann s1 1, s2 14, b1 1; bob b1 11, b2 1; cat g1 11, s3 1, s1 1.
     */
    static Interactions events(ItemCatalog catalog) {
        EventLog log = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).withItems(catalog.items())
                .addTyped("u-ann", "sku-s1", 10, "view").addTyped("u-ann", "sku-s2", 20, "view")
                .addTyped("u-ann", "sku-s2", 30, "cart").addTyped("u-ann", "sku-s2", 40, "buy")
                .addTyped("u-ann", "sku-b1", 50, "view")
                .addTyped("u-bob", "sku-b1", 11, "view").addTyped("u-bob", "sku-b1", 21, "buy")
                .addTyped("u-bob", "sku-b2", 31, "view")
                .addTyped("u-cat", "sku-g1", 12, "view").addTyped("u-cat", "sku-g1", 22, "buy")
                .addTyped("u-cat", "sku-s3", 32, "view").addTyped("u-cat", "sku-s1", 42, "view")
                .build();
        return Feedback.eventWeights(WEIGHTS, Feedback.Combine.SUM).apply(log);
    }

    private static RecRequest historyOf(Interactions x, String user) {
        int u = x.users().indexOf(user);
        return RecRequest.builder(10).withUser(user, u).withHistory(x.byUser().othersOf(u)).withHistoryExcluded(true)
                .build();
    }

    @Test
    void aCategoryChannelOverACategoricalAttribute() {
        ItemCatalog catalog = shop();
        Interactions x = events(catalog);
        CategoryChannel byCategory = CategoryChannel.builder(catalog, "category", x).build();
        assertEquals("category", byCategory.name());
        assertEquals("category", byCategory.attribute());
        assertEquals(List.of("books", "games", "shoes"), byCategory.categories());
        // quality = interactions per item: b1 2, b2 1, g1 1, s1 2, s2 1, s3 1
        assertArrayEquals(new int[] {3, 4, 5}, byCategory.categoryList(2));
        RecRequest ann = historyOf(x, "u-ann");      // s1, s2 (shoes), b1 (books)
        assertArrayEquals(new double[] {1.0 / 3, 0, 2.0 / 3}, byCategory.categoryWeights(ann), 1e-12);
        List<Candidate> c = Contract.check("category", ann, 10, byCategory.recall(ann, 10));
        assertArrayEquals(new int[] {5, 1}, items(c));          // the unseen shoe first, then the unseen book
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3}, scores(c), 1e-12);
        // value-weighted: ann's purchase of s2 (14) makes shoes weigh 15 of 16
        CategoryChannel weighted = CategoryChannel.builder(catalog, "category", x).withRatings(x).build();
        assertArrayEquals(new double[] {1.0 / 16, 0, 15.0 / 16}, weighted.categoryWeights(ann), 1e-12);
    }

    @Test
    void aCategoryChannelOverAMultiValuedAttribute() {
        ItemCatalog catalog = shop();
        Interactions x = events(catalog);
        CategoryChannel byTags = CategoryChannel.builder(catalog, "tags", x).withName("tags").build();
        assertEquals(List.of("new", "sale"), byTags.categories());
        RecRequest bob = historyOf(x, "u-bob");      // b1 (sale), b2 (new)
        List<Candidate> c = Contract.check("tags", bob, 10, byTags.recall(bob, 10));
        // new: b2, g1, s2 (1 each); sale: b1 (2), s1 (2), g1 (1). g1 has both tags: 1 × (½ + ½)
        assertArrayEquals(new int[] {2, 3, 4}, items(c));
        assertArrayEquals(new double[] {1, 1, 0.5}, scores(c), 1e-12);
    }

    @Test
    void plantedMainCategoriesAreRecalledForEveryUser() {
        // 3 categories × 8 SKUs; 30 shoppers, each with a main category: 4 of its SKUs viewed, one bought, and one
        // SKU of another category viewed
        String[] cats = {"garden", "kitchen", "toys"};
        ItemCatalog.Builder cb = ItemCatalog.builder().field("category", AttributeType.CATEGORICAL);
        for (String cat : cats) {
            for (int k = 0; k < 8; k++) {
                cb.add("sku-" + cat + "-" + k, Map.of("category", cat));
            }
        }
        ItemCatalog catalog = cb.build();
        SplittableRandom r = new SplittableRandom(15);
        EventLog.Builder lb = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).withItems(catalog.items());
        for (int u = 0; u < 30; u++) {
            String user = String.format("u%02d", u);
            String main = cats[u % 3];
            int[] picks = r.ints(0, 8).distinct().limit(4).toArray();
            long t = 1000L * u;
            for (int p : picks) {
                lb.addTyped(user, "sku-" + main + "-" + p, t++, "view");
            }
            lb.addTyped(user, "sku-" + main + "-" + picks[0], t++, "buy");
            lb.addTyped(user, "sku-" + cats[(u + 1 + r.nextInt(2)) % 3] + "-" + r.nextInt(8), t, "view");
        }
        Interactions x = Feedback.eventWeights(WEIGHTS, Feedback.Combine.MAX).apply(lb.build());
        CategoryChannel channel = CategoryChannel.builder(catalog, "category", x).build();
        int[] category = catalog.categorical("category").codes();
        int inMain = 0;
        int total = 0;
        for (int u = 0; u < 30; u++) {
            RecRequest req = historyOf(x, String.format("u%02d", u));
            List<Candidate> c = Contract.check("category", req, 4, channel.recall(req, 4));
            assertEquals(4, c.size());
            assertEquals(u % 3, category[c.get(0).item()], "user " + u + ": the first candidate is of the main category");
            for (Candidate cand : c) {
                inMain += category[cand.item()] == u % 3 ? 1 : 0;
                total++;
            }
        }
        assertTrue(inMain >= 0.9 * total, inMain + " of " + total + " candidates in the main category (chance: a third)");
    }

    @Test
    void newestByATimestampOrANumericAttribute() {
        ItemCatalog catalog = shop();
        RecRequest any = RecRequest.builder(10).build();
        RankedListChannel listed = Newest.byAttribute("newest", catalog, "listed");
        List<Candidate> c = Contract.check("newest", any, 10, listed.recall(any, 10));
        assertArrayEquals(new int[] {1, 4, 2, 5, 0, 3}, items(c));   // sku-x has no listing time
        assertArrayEquals(new double[] {6000, 5000, 4000, 3000, 2000, 1000}, scores(c));
        RankedListChannel dearest = Newest.byAttribute("dearest", catalog, "price");
        assertArrayEquals(new int[] {5, 4, 2, 3, 1, 0}, items(dearest.recall(any, 10)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Newest.byAttribute("newest", catalog, "brand"));
        assertTrue(e.getMessage().startsWith("attribute: 'brand' is CATEGORICAL, not NUMERIC or TIMESTAMP"), e.getMessage());
    }

    @Test
    void contentFeaturesFromCategoricalAttributesAndNumericBuckets() {
        ItemCatalog catalog = shop();
        ContentChannel content = ContentChannel.builder(catalog).addAttribute("category").addAttribute("brand")
                .addBuckets("price", 25).build();
        assertEquals(List.of("category:books", "category:games", "category:shoes", "brand:acme", "brand:paper",
                "brand:zeta", "price:0", "price:25", "price:50", "price:75"), content.features());
        double third = (float) (1 / Math.sqrt(3));   // the weights are stored as floats
        assertEquals(Map.of("category:shoes", third, "brand:acme", third, "price:25", third), content.itemFeatures(3));
        assertEquals(Map.of(), content.itemFeatures(6));
        RecRequest s1 = RecRequest.builder(10).withHistory(new int[] {3}).withHistoryExcluded(true).build();
        List<Candidate> c = Contract.check("content", s1, 10, content.recall(s1, 10));
        // s2: shoes, acme (2 of 3 shared); s3: shoes (1 of 3); the others share nothing
        assertArrayEquals(new int[] {4, 5}, items(c));
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3}, scores(c), 1e-6);
        // a multi-valued attribute and a timestamp in buckets of 2000 s
        ContentChannel tagged = ContentChannel.builder(catalog).addAttribute("tags").addBuckets("listed", 2000).build();
        assertEquals(List.of("tags:new", "tags:sale", "listed:0", "listed:2000", "listed:4000", "listed:6000"),
                tagged.features());
    }

    @Test
    void attributeErrorsNameTheAttributeAndWhatTheCatalogueHas() {
        ItemCatalog catalog = shop();
        Interactions x = events(catalog);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CategoryChannel.builder(catalog, "price", x).build());
        assertEquals("attribute: 'price' is NUMERIC, not CATEGORICAL or MULTI_CATEGORICAL (the catalogue has category "
                + "(CATEGORICAL), brand (CATEGORICAL), tags (MULTI_CATEGORICAL), price (NUMERIC), listed (TIMESTAMP))",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CategoryChannel.builder(catalog, "genres", x).build());
        assertTrue(e.getMessage().startsWith("attribute: no 'genres' in the catalogue; it has category (CATEGORICAL)"),
                e.getMessage());
        assertEquals("attribute", assertThrows(NullPointerException.class,
                () -> CategoryChannel.builder(catalog, null, x).build()).getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ContentChannel.builder(catalog).build());
        assertTrue(e.getMessage().startsWith("features: none: add the attributes that describe the items"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ContentChannel.builder(catalog).addBuckets("price", 0).build());
        assertEquals("addBuckets: 'price' width 0.0, must be positive and finite", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ContentChannel.builder(catalog).addAttribute("brand").addAttribute("brand").build());
        assertEquals("attribute: 'brand' added twice", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ContentChannel.builder(catalog).addAttribute("price").build());
        assertTrue(e.getMessage().startsWith("attribute: 'price' is NUMERIC, not CATEGORICAL"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ContentChannel.builder(catalog).addBuckets("brand", 1).build());
        assertTrue(e.getMessage().startsWith("attribute: 'brand' is CATEGORICAL, not NUMERIC"), e.getMessage());
    }

    @Test
    void topRatedIsForExplicitRatingsAndSaysSoOnImplicitEvents() {
        ItemCatalog catalog = shop();
        EventLog views = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).withItems(catalog.items())
                .addTyped("u1", "sku-b1", 1, "view").addTyped("u2", "sku-b1", 2, "view")
                .addTyped("u2", "sku-s1", 3, "view").build();
        Interactions x = Feedback.eventWeights(Map.of("view", 1.0), Feedback.Combine.MAX).apply(views);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopRated.builder(5).build().fit(x));
        assertEquals("ratings: every one of the 3 values is 1.0, so every item's average is the same: TopRated ranks "
                + "explicit ratings; rank implicit feedback by PopularityChannel", e.getMessage());
        // the popularity channel ranks the same events
        RecRequest any = RecRequest.builder(2).build();
        assertArrayEquals(new int[] {0, 3}, items(PopularityChannel.builder(x).build().recall(any, 2)));
        assertEquals(5, TopRated.builder(5).build().priorWeight());
    }
}
