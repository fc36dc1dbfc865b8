package org.recsys4j.core.guide;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.FeedbackReport;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemAttribute;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.data.TooManyEventsDroppedException;
import org.recsys4j.core.io.CatalogMapping;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.io.EventMapping;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.Loaded;
import org.recsys4j.core.io.TimestampUnit;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensFormat;
import org.recsys4j.core.synth.SyntheticShop;
import org.recsys4j.core.testing.SharedData;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the snippets of docs/your-data.md on the generated shop (the folder adapted to a temporary one) and,
 * for the MovieLens section, on ../shared (skipped when absent); prints replaced by checks.
 */
class YourDataGuideTest {
    @TempDir
    static Path tmp;
    static Path dir;
    static SyntheticShop.Planted planted;

    @BeforeAll
    static void generate() throws Exception {
        dir = tmp.resolve("shop");
        // --- docs/your-data.md, "Try it on a generated shop" ---
        SyntheticShop shop = SyntheticShop.builder(2_000, 400, 42)   // users, items, seed
                .withCategories(8)
                .build();
        SyntheticShop.Planted planted = shop.write(dir);             // events.csv, items.csv
        planted.mainCategory("u17");                                 // what was planted, for checks
        // --- end ---
        YourDataGuideTest.planted = planted;
    }

    /** The mappings of the page, as written there. */
    static EventMapping events() {
        // --- docs/your-data.md, "Describe your events" ---
        EventMapping events = EventMapping.builder("user_id", "item_id", "event_time", TimestampUnit.ISO_8601)
                .withEventType("event")        // view, cart, buy
                .withWeight("quantity")        // optional: 1 when absent
                .build();                      // string ids, ',' separated, UTF-8, with a header: the defaults
        // --- end ---
        return events;
    }

    static CatalogMapping items() {
        // --- docs/your-data.md, "Describe your items" ---
        CatalogMapping items = CatalogMapping.builder("item_id")
                .field(CatalogMapping.Field.text("title"))
                .field(CatalogMapping.Field.categorical("category").withRequired(true))
                .field(CatalogMapping.Field.categorical("brand"))
                .field(CatalogMapping.Field.numeric("price"))
                .field(CatalogMapping.Field.categorical("price_band"))
                .field(CatalogMapping.Field.multiCategorical("tags", "|"))
                .field(CatalogMapping.Field.timestamp("listed_at", TimestampUnit.ISO_8601))
                .build();
        // --- end ---
        return items;
    }

    @Test
    void thePagesMappingsAreTheGeneratorsOwn() {
        assertEquals(SyntheticShop.eventMapping().toString(), events().toString());
        assertEquals(SyntheticShop.catalogMapping().toString(), items().toString());
    }

    @Test
    void readThenApplyAPolicy() throws Exception {
        EventMapping events = events();
        CatalogMapping items = items();
        // --- docs/your-data.md, "Read them" ---
        Loaded<ItemCatalog> catalog = CatalogReader.builder(items)
                .build()                                              // strict: the first bad row is an error
                .read(dir.resolve("items.csv"));
        Loaded<EventLog> log = EventLogReader.builder(events)
                .withOptions(LoadOptions.lenient())                   // skip and count bad rows
                .withKnownItems(catalog.data().items(), "items.csv")  // events of unknown items: UNKNOWN_ITEM
                .build()
                .read(dir.resolve("events.csv"));
        // --- end ---   (the print is replaced by the check below)
        assertEquals(planted.events(), log.data().size());
        assertEquals(0, log.report().skipped());
        assertEquals("events.csv, LENIENT: 0 rows skipped" + System.lineSeparator() + "  events.csv: " + planted.events()
                + " rows read, " + planted.events() + " kept", log.report().summary());

        // --- docs/your-data.md, "From events to training signal" ---
        Feedback policy = Feedback.eventWeights(
                Map.of("view", 1.0, "cart", 3.0, "buy", 10.0),   // a purchase counts as ten views
                Feedback.Combine.SUM);                            // a pair's events add up
        Feedback.Result result = policy.applyWithReport(log.data());
        Interactions train = result.interactions();               // one row per (user, item)
        // --- end ---   (the print is replaced by the checks below)
        FeedbackReport r = result.report();
        assertEquals(0, r.eventsDropped());
        assertEquals(log.data().size(), r.eventsKept());
        assertEquals(train.size(), r.interactions());
        assertTrue(r.combined() > 0);
        assertEquals("Feedback kept " + String.format(java.util.Locale.ROOT, "%,d", planted.events()) + " of "
                + String.format(java.util.Locale.ROOT, "%,d", planted.events()) + " events as "
                + String.format(java.util.Locale.ROOT, "%,d", train.size()) + " interactions ("
                + String.format(java.util.Locale.ROOT, "%,d", r.combined()) + " combined into earlier pairs)", r.summary());

        // --- docs/your-data.md, "Purchases only" ---
        Feedback buys = Feedback.eventWeights(Map.of("buy", 1.0), Feedback.Combine.SUM);
        TooManyEventsDroppedException e = assertThrows(TooManyEventsDroppedException.class,
                () -> buys.apply(log.data()));
        Feedback meant = buys.toBuilder().withMaxDroppedFraction(0.99).build();   // dropping views is meant
        Interactions purchases = meant.apply(log.data());
        // --- end ---
        assertTrue(e.getMessage().startsWith("Feedback dropped "), e.getMessage());
        assertTrue(e.getMessage().contains(" of type 'view' have no weight, "), e.getMessage());
        assertTrue(purchases.size() > 0 && purchases.size() < planted.events("buy") + 1);
    }

    @Test
    void theCatalogueByAttribute() throws Exception {
        ItemCatalog catalog = CatalogReader.builder(items()).build().read(dir.resolve("items.csv")).data();
        // --- docs/your-data.md, "The catalogue" ---
        int i = catalog.items().indexOf("sku-f42d");
        ItemAttribute.Categorical category = catalog.categorical("category");
        String name = category.valueAt(i).orElse("none");             // the item's category
        int code = category.codeAt(i);                                // its index in category.vocabulary()
        OptionalDouble price = catalog.numeric("price").valueAt(i);
        List<String> tags = catalog.multiCategorical("tags").valuesAt(i);
        List<String> page = new java.util.ArrayList<>();
        for (ItemAttribute a : catalog.attributes()) {                // an item page: every attribute
            page.add(a.name() + ": " + a.textAt(i).orElse(""));      // (the page prints each line)
        }
        // --- end ---
        assertEquals(List.of("title: Dofen Everyday Boot", "category: shoes", "brand: Dofen", "price: 7.79",
                "price_band: low", "tags: eco", "listed_at: 2023-09-19T22:52:20Z"), page);
        assertEquals("sku-f42d", planted.itemIds().get(0));
        assertEquals(planted.category("sku-f42d"), name);
        assertEquals(category.vocabulary().indexOf(name), code);
        assertTrue(price.isPresent());
        assertTrue(tags.size() <= 5);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> catalog.numeric("brand"));
        assertTrue(wrong.getMessage().startsWith("attribute: 'brand' is CATEGORICAL, not NUMERIC: use categorical(\"brand\")"));
    }

    @Test
    void buildingInCode() {
        // --- docs/your-data.md, "Building in code" ---
        EventLog log = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .addTyped("u1", "sku-9a8b", 1_709_633_730L, "view")
                .addTyped("u1", "sku-9a8b", 1_709_633_790L, "buy")
                .addTyped("u2", "sku-0001", 1_709_640_000L, "view")
                .build();
        ItemCatalog catalog = ItemCatalog.builder()
                .field("category", AttributeType.CATEGORICAL)
                .field("price", AttributeType.NUMERIC)
                .add("sku-9a8b", Map.of("category", "shoes", "price", 59.9))
                .add("sku-0001", Map.of("category", "books"))        // no price: missing
                .build();
        Interactions x = Feedback.eventWeights(Map.of("view", 1.0, "buy", 10.0), Feedback.Combine.MAX).apply(log);
        // --- end ---
        assertEquals(2, x.size());
        assertEquals(10f, x.value(0));          // u1/sku-9a8b: the purchase, the stronger event
        assertEquals(1_709_633_790L, x.timestamp(0));
        assertTrue(catalog.numeric("price").valueAt(catalog.items().indexOf("sku-0001")).isEmpty());
    }

    @Test
    void movieLensIsOneMapping() throws Exception {
        Path ml = SharedData.dataSet("ml-latest-small");
        // --- docs/your-data.md, "MovieLens is one mapping", the folder from SharedData ---
        ItemCatalog movies = CatalogReader.builder(MovieLens.catalogMapping(MovieLensFormat.LATEST_CSV))
                .build().read(ml.resolve("movies.csv")).data();
        movies = CatalogReader.builder(MovieLens.linksMapping())
                .build().join(movies, ml.resolve("links.csv")).data();
        EventLog ratings = EventLogReader.builder(MovieLens.eventMapping(MovieLensFormat.LATEST_CSV))
                .withOptions(LoadOptions.lenient())                    // the file's last row names an unknown movie
                .withKnownItems(movies.items(), "movies.csv")
                .build().read(ml.resolve("ratings.csv")).data();
        Interactions all = Feedback.allRatings().apply(ratings);     // = MovieLens.load(ml, lenient()).ratings()
        Interactions liked = Feedback.ratingsAtLeast(3.5).apply(ratings);
        // --- end ---
        assertEquals(100_836, all.size());
        assertEquals(MovieLens.load(ml, LoadOptions.lenient()).ratings().users(), all.users());
        assertEquals(61_716, liked.size());
        assertEquals(List.of("title", "genres", "year", "imdbId", "tmdbId"),
                movies.attributes().stream().map(ItemAttribute::name).toList());
    }
}
