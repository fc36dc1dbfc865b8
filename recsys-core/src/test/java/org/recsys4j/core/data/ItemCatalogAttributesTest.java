package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generic catalogue: string ids, the five attribute types, clear errors, derived catalogues, the MovieLens view. */
class ItemCatalogAttributesTest {
    private static ItemCatalog shop() {
        Map<String, Object> noPrice = new HashMap<>();
        noPrice.put("category", "books");
        noPrice.put("price", null);                 // null: missing
        return ItemCatalog.builder()
                .field("name", AttributeType.TEXT)
                .field("category", AttributeType.CATEGORICAL)
                .field("tags", AttributeType.MULTI_CATEGORICAL)
                .field("price", AttributeType.NUMERIC)
                .field("listed", AttributeType.TIMESTAMP)
                .add("sku-9a8b", Map.of("name", "Trail runner, size 42", "category", "shoes",
                        "tags", List.of("sale", "new", "sale", " "), "price", 59.9, "listed", 1_700_000_000L))
                .add("sku-0001", noPrice)
                .add("sku-77", Map.of("category", "shoes", "price", 12, "listed", Instant.parse("2024-03-05T10:15:30Z")))
                .build();
    }

    @Test
    void stringIdsInOrdinalOrderWithEveryAttributeType() {
        ItemCatalog c = shop();
        assertEquals(IdIndex.Kind.STRING, c.items().kind());
        assertEquals(List.of("sku-0001", "sku-77", "sku-9a8b"), List.of(c.items().id(0), c.items().id(1), c.items().id(2)));
        assertEquals(List.of("name", "category", "tags", "price", "listed"),
                c.attributes().stream().map(ItemAttribute::name).toList());
        int runner = c.items().indexOf("sku-9a8b");

        ItemAttribute.Categorical category = c.categorical("category");
        assertEquals(List.of("books", "shoes"), category.vocabulary());
        assertArrayEquals(new int[] {0, 1, 1}, category.codes());
        assertEquals(Optional.of("shoes"), category.valueAt(runner));

        ItemAttribute.MultiCategorical tags = c.multiCategorical("tags");
        assertEquals(List.of("new", "sale"), tags.vocabulary());
        assertEquals(List.of("new", "sale"), tags.valuesAt(runner));   // repeated and blank values dropped
        assertArrayEquals(new int[] {0, 1}, tags.codesAt(runner));
        assertEquals(List.of(), tags.valuesAt(0));
        assertFalse(tags.hasValueAt(0));

        ItemAttribute.Numeric price = c.numeric("price");
        assertEquals(OptionalDouble.of(59.9), price.valueAt(runner));
        assertEquals(OptionalDouble.empty(), price.valueAt(0));
        assertTrue(Double.isNaN(price.values()[0]));
        assertEquals(Optional.of("12"), price.textAt(1));

        ItemAttribute.Timestamp listed = c.timestamp("listed");
        assertEquals(OptionalLong.of(1_709_633_730L), listed.valueAt(1));
        assertEquals(Optional.of("2023-11-14T22:13:20Z"), listed.textAt(runner));
        assertEquals(ItemAttribute.Timestamp.MISSING, listed.values()[0]);

        ItemAttribute.Text name = c.text("name");
        assertEquals(Optional.of("Trail runner, size 42"), name.valueAt(runner));
        assertEquals(1, name.presentCount());

        assertEquals(Optional.of("new, sale"), tags.textAt(runner));
        assertEquals("ItemCatalog[3 items, attributes name (TEXT), category (CATEGORICAL), tags (MULTI_CATEGORICAL), "
                + "price (NUMERIC), listed (TIMESTAMP), 0 tags]", c.toString());
    }

    @Test
    void accessorsByNameFailNamingTheAttributeAndWhatThereIs() {
        ItemCatalog c = shop();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.categorical("brand"));
        assertEquals("attribute: no 'brand' in the catalogue; it has name (TEXT), category (CATEGORICAL), tags "
                + "(MULTI_CATEGORICAL), price (NUMERIC), listed (TIMESTAMP)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.categorical("tags"));
        assertTrue(e.getMessage().startsWith("attribute: 'tags' is MULTI_CATEGORICAL, not CATEGORICAL: use "
                + "multiCategorical(\"tags\")"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.numeric("listed"));
        assertTrue(e.getMessage().startsWith("attribute: 'listed' is TIMESTAMP, not NUMERIC: use timestamp(\"listed\")"));
        assertTrue(c.hasAttribute("price"));
        assertEquals(Optional.empty(), c.attribute("brand"));
        assertEquals("attribute: no 'x' in the catalogue; it has no attributes",
                assertThrows(IllegalArgumentException.class, () -> ItemCatalog.builder().add("a").build().text("x"))
                        .getMessage());
    }

    @Test
    void buildNamesTheAttributeTheItemAndTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ItemCatalog.builder()
                .field("price", AttributeType.NUMERIC).add("a", Map.of("price", "cheap")).build());
        assertEquals("attribute: 'price' of item a: String cheap, expected a Number for NUMERIC", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ItemCatalog.builder()
                .field("price", AttributeType.NUMERIC).add("a", Map.of("price", Double.NaN)).build());
        assertEquals("attribute: 'price' of item a: NaN is not a finite number (leave it out for a missing one)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ItemCatalog.builder()
                .add("a", Map.of("colour", "red")).build());
        assertEquals("attribute: 'colour' of item 'a' was not declared (field(\"colour\", AttributeType...)); declared: []",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ItemCatalog.builder().add("a").add(7).build());
        assertEquals("id: 7 is a number, but the catalogue's ids are STRING", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ItemCatalog.builder().add("a").add("a").build());
        assertEquals("id: 'a' was already added", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ItemCatalog.builder()
                .field("c", AttributeType.CATEGORICAL).add("a", Map.of("c", " ")).build());
        assertEquals("attribute: 'c' of item a: a blank value (leave it out for a missing one)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ItemCatalog.builder()
                .field("c", AttributeType.CATEGORICAL).field("c", AttributeType.TEXT).build());
        assertEquals("field: 'c' declared as CATEGORICAL and as TEXT", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ItemCatalog.builder()
                .field("n", AttributeType.NUMERIC).add(1, Map.of("n", 9_007_199_254_740_993L)).build());
        assertTrue(e.getMessage().contains("is beyond 2^53"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ItemCatalog.builder().add("a")
                .withValues("b", Map.of()).build());
        assertEquals("values: item id 'b' was not added", e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> ItemCatalog.builder()
                .add((String) null).build());
        assertEquals("id", npe.getMessage());
    }

    @Test
    void aDerivedCatalogueSharesItsIndexAndUntouchedAttributes() {
        ItemCatalog c = shop();
        ItemCatalog more = c.toBuilder()
                .field("brand", AttributeType.CATEGORICAL)
                .withValues("sku-77", Map.of("brand", "Norda", "price", 14.5))
                .build();
        assertSame(c.items(), more.items());
        assertSame(c.categorical("category"), more.categorical("category"));   // untouched: shared
        assertEquals(OptionalDouble.of(14.5), more.numeric("price").valueAt(1));
        assertEquals(OptionalDouble.of(12.0), c.numeric("price").valueAt(1));   // the base is unchanged
        assertEquals(Optional.of("Norda"), more.categorical("brand").valueAt(1));
        assertEquals(-1, more.categorical("brand").codeAt(0));
        // adding an item rebuilds, keeping every value
        ItemCatalog grown = more.toBuilder().add("sku-1", Map.of("category", "hats")).build();
        assertEquals(4, grown.size());
        assertEquals(List.of("books", "hats", "shoes"), grown.categorical("category").vocabulary());
        assertEquals(Optional.of("Norda"), grown.categorical("brand").valueAt(grown.items().indexOf("sku-77")));
        assertEquals(more.text("name").valueAt(2), grown.text("name").valueAt(grown.items().indexOf("sku-9a8b")));
    }

    @Test
    void attributesAreEqualByNameTypeAndValues() {
        assertEquals(shop().multiCategorical("tags"), shop().multiCategorical("tags"));
        assertEquals(shop().numeric("price"), shop().numeric("price"));
        assertEquals(shop().numeric("price").hashCode(), shop().numeric("price").hashCode());
        ItemCatalog other = shop().toBuilder().withValues("sku-77", Map.of("price", 13)).build();
        assertNotEquals(shop().numeric("price"), other.numeric("price"));
    }

    @Test
    void theMovieLensViewOverAGenericCatalogue() {
        ItemCatalog c = shop();
        assertEquals("sku-0001", c.title(0));                  // no title attribute: the id
        assertEquals(List.of(), c.genreVocabulary());
        assertArrayEquals(new int[0], c.genres(0));
        assertEquals(List.of(), c.genreNames(0));
        assertEquals(OptionalInt.empty(), c.year(0));
        assertTrue(c.imdbId(0).isEmpty());
        assertTrue(c.tmdbId(0).isEmpty());
        assertEquals(List.of(), c.tags(0));
        assertThrows(IndexOutOfBoundsException.class, () -> c.genres(3));
        // the MovieLens builder methods are views over title, genres and year
        ItemCatalog movies = ItemCatalog.builder().add(1, "Toy Story (1995)", List.of("Comedy", "Animation"))
                .withTmdbId(1, 862).build();
        assertEquals(List.of("title", "genres", "year", "tmdbId"), movies.attributes().stream().map(ItemAttribute::name)
                .toList());
        assertEquals(Optional.of("Toy Story (1995)"), movies.text(ItemCatalog.TITLE).valueAt(0));
        assertEquals(List.of("Animation", "Comedy"), movies.multiCategorical(ItemCatalog.GENRES).valuesAt(0));
        assertEquals(OptionalDouble.of(1995), movies.numeric(ItemCatalog.YEAR).valueAt(0));
        assertEquals(OptionalDouble.of(862), movies.numeric(ItemCatalog.TMDB_ID).valueAt(0));
        assertEquals(Arrays.asList(1L), Arrays.stream(movies.items().longIds()).boxed().toList());
    }

    @Test
    void categoryCodesAndNumbersReadEitherTypeByName() {
        ItemCatalog c = shop();   // items sku-0001 (books, no tags, no price), sku-77 (shoes), sku-9a8b (shoes; new, sale)
        int[][] category = c.categoryCodes("category");
        assertArrayEquals(new int[][] {{0}, {1}, {1}}, category);
        assertEquals(List.of("books", "shoes"), c.categoryVocabulary("category"));
        assertArrayEquals(new int[][] {{}, {}, {0, 1}}, c.categoryCodes("tags"));
        assertEquals(List.of("new", "sale"), c.categoryVocabulary("tags"));
        category[1][0] = 7;                                    // a copy: the catalogue is unchanged
        assertArrayEquals(new int[] {1}, c.categoryCodes("category")[1]);
        assertArrayEquals(new double[] {Double.NaN, 12, 59.9}, c.numbers("price"));
        assertArrayEquals(new double[] {Double.NaN, Instant.parse("2024-03-05T10:15:30Z").getEpochSecond(),
                1_700_000_000L}, c.numbers("listed"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.categoryCodes("price"));
        assertEquals("attribute: 'price' is NUMERIC, not CATEGORICAL or MULTI_CATEGORICAL (the catalogue has name (TEXT), "
                + "category (CATEGORICAL), tags (MULTI_CATEGORICAL), price (NUMERIC), listed (TIMESTAMP))", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.numbers("category"));
        assertTrue(e.getMessage().startsWith("attribute: 'category' is CATEGORICAL, not NUMERIC or TIMESTAMP"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.categoryVocabulary("brand"));
        assertTrue(e.getMessage().startsWith("attribute: no 'brand' in the catalogue; it has name (TEXT)"), e.getMessage());
        assertThrows(NullPointerException.class, () -> c.numbers(null));
    }
}
