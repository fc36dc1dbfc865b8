package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemCatalogTest {

    private static OptionalInt regexYear(String title) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d{4})\\)$").matcher(title.trim());
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    @Test
    void parseYearAgreesWithProtocolCsRegexOnRandomStrings() {
        java.util.Random rnd = new java.util.Random(9);
        String alphabet = "()0123456789 a\t\n–";
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String t = rnd.nextBoolean() ? sb + "(" + (1000 + rnd.nextInt(9000)) + ")" + (rnd.nextBoolean() ? " " : "") : sb.toString();
            assertEquals(regexYear(t), ItemCatalog.parseYear(t), "title '" + t + "'");
        }
    }

    @Test
    void parseYearAgreesWithTheRegexOnEveryMl25mTitle() throws Exception {
        java.nio.file.Path movies = org.recsys4j.core.testing.SharedData.dataSet("ml-25m-movies").resolve("movies.csv");
        int checked = 0;
        try (var parser = org.apache.commons.csv.CSVParser.parse(movies, java.nio.charset.StandardCharsets.UTF_8,
                org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build())) {
            for (var r : parser) {
                assertEquals(regexYear(r.get("title")), ItemCatalog.parseYear(r.get("title")), r.get("title"));
                checked++;
            }
        }
        assertTrue(checked > 60_000, "titles checked: " + checked);
    }

    @Test
    void parseYearFollowsProtocolC() {
        assertEquals(OptionalInt.of(1995), ItemCatalog.parseYear("Toy Story (1995)"));
        assertEquals(OptionalInt.of(1995), ItemCatalog.parseYear("  Heat (1995)  "));
        assertEquals(OptionalInt.of(2002), ItemCatalog.parseYear("11'09\"01 - September 11 (2002)"));
        assertEquals(OptionalInt.of(1996), ItemCatalog.parseYear("Moment (1995) (1996)"));
        assertEquals(OptionalInt.empty(), ItemCatalog.parseYear("Babylon 5"));
        assertEquals(OptionalInt.empty(), ItemCatalog.parseYear("Death Note: Desu nôto (2006–2007)"));
        assertEquals(OptionalInt.empty(), ItemCatalog.parseYear("Short (95)"));
        assertEquals(OptionalInt.empty(), ItemCatalog.parseYear("(1995) Leading"));
        assertEquals(OptionalInt.empty(), ItemCatalog.parseYear("Five digits (19955)"));
        assertEquals(OptionalInt.empty(), ItemCatalog.parseYear(""));
        assertEquals(OptionalInt.empty(), ItemCatalog.parseYear(null));
    }

    @Test
    void buildsInAscendingIdOrderWithSortedVocabulary() {
        ItemCatalog c = ItemCatalog.builder()
                .add(50, "Heat (1995)", List.of("Thriller", "Action", "Action"))
                .add(7, "Babylon 5", List.of())
                .add(9, "Toy Story (1995)", List.of("Comedy", "Animation"))
                .withImdbId(50, "0113277")
                .withTmdbId(50, 949)
                .withImdbUrl(9, "http://example.org/toy")
                .addTag(9, new ItemCatalog.Tag(3, "pixar", 100))
                .addTag(9, new ItemCatalog.Tag(4, "fun", 90))
                .withYear(7, 1993)
                .build();
        assertArrayEquals(new long[] {7, 9, 50}, c.items().longIds());
        assertEquals(3, c.size());
        assertEquals(List.of("Action", "Animation", "Comedy", "Thriller"), c.genreVocabulary());
        assertArrayEquals(new int[] {0, 3}, c.genres(2));
        assertEquals(List.of("Action", "Thriller"), c.genreNames(2));
        assertEquals(List.of(), c.genreNames(0));
        assertEquals(OptionalInt.of(1993), c.year(0));   // set explicitly
        assertEquals(OptionalInt.of(1995), c.year(1));   // from the title
        assertEquals("0113277", c.imdbId(2).orElseThrow());
        assertEquals(OptionalLong.of(949), c.tmdbId(2));
        assertTrue(c.tmdbId(1).isEmpty());
        assertTrue(c.imdbId(1).isEmpty());
        assertEquals("http://example.org/toy", c.imdbUrl(1).orElseThrow());
        assertEquals(List.of(new ItemCatalog.Tag(3, "pixar", 100), new ItemCatalog.Tag(4, "fun", 90)), c.tags(1));
        assertEquals(List.of(), c.tags(2));
        assertEquals(2, c.tagCount());
        assertThrows(UnsupportedOperationException.class, () -> c.tags(1).add(new ItemCatalog.Tag(1, "x", 1)));
        int[] g = c.genres(2);
        g[0] = 99;
        assertArrayEquals(new int[] {0, 3}, c.genres(2));   // a copy
    }

    @Test
    void builderErrorsNameTheFieldAndId() {
        ItemCatalog.Builder twice = ItemCatalog.builder().add(1, "A", List.of()).add(1, "B", List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, twice::build);
        assertEquals("id: 1 was already added", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ItemCatalog.builder().add(1, "A", List.of()).withImdbId(2, "0000001").build());
        assertEquals("imdbId: item id 2 was not added", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ItemCatalog.builder().add(1, "A", List.of()).addTag(3, new ItemCatalog.Tag(1, "t", 1)).build());
        assertEquals("tag: item id 3 was not added", e.getMessage());
        assertThrows(NullPointerException.class, () -> ItemCatalog.builder().add(4, null, List.of()).build());
        assertThrows(IllegalArgumentException.class,
                () -> ItemCatalog.builder().add(1, "A", List.of()).withTmdbId(1, Long.MIN_VALUE).build());
    }

    @Test
    void dataFormatExceptionMessage() {
        DataFileException e = new DataFileException("ratings.csv", 100838, "movieId", "999999",
                "item not in movies.csv");
        assertEquals("ratings.csv:100838: movieId=999999: item not in movies.csv", e.getMessage());
        assertEquals("item not in movies.csv", e.problem());
        assertEquals("f: header=: file is empty", new DataFileException("f", 0, "header", null, "file is empty")
                .getMessage());
    }

    @Test
    void aDerivedCatalogueAddsLinksAndTagsAndKeepsTheItemIndex() {
        ItemCatalog base = ItemCatalog.builder()
                .add(9, "Toy Story (1995)", List.of("Animation", "Comedy"))
                .add(2, "Heat (1995)", List.of("Action"))
                .addTag(9, new ItemCatalog.Tag(1, "pixar", 5))
                .build();
        ItemCatalog more = base.toBuilder()
                .withImdbId(9, "0114709").withTmdbId(2, 949).withYear(2, 1996)
                .addTag(9, new ItemCatalog.Tag(2, "fun", 6))
                .build();
        assertSame(base.items(), more.items(), "no item added: the same index, so data indexed by it stays valid");
        int toy = more.items().indexOf(9);
        int heat = more.items().indexOf(2);
        assertEquals("0114709", more.imdbId(toy).orElseThrow());
        assertEquals(OptionalLong.of(949), more.tmdbId(heat));
        assertEquals(OptionalInt.of(1996), more.year(heat));
        assertEquals(OptionalInt.of(1995), more.year(toy));
        assertEquals(List.of("pixar", "fun"), more.tags(toy).stream().map(ItemCatalog.Tag::tag).toList());
        assertEquals(List.of("Animation", "Comedy"), more.genreNames(toy));
        // the base is unchanged
        assertTrue(base.imdbId(toy).isEmpty());
        assertEquals(OptionalInt.of(1995), base.year(heat));
        assertEquals(1, base.tags(toy).size());
        // adding an item rebuilds the index, keeping every earlier value
        ItemCatalog grown = base.toBuilder().add(5, "Jumanji (1995)", List.of("Adventure")).withImdbId(9, "0114709").build();
        assertEquals(3, grown.size());
        assertEquals("0114709", grown.imdbId(grown.items().indexOf(9)).orElseThrow());
        assertEquals(List.of("Action", "Adventure", "Animation", "Comedy"), grown.genreVocabulary());
        assertEquals(1, grown.tags(grown.items().indexOf(9)).size());
        assertEquals("id: 2 was already added", assertThrows(IllegalArgumentException.class,
                () -> base.toBuilder().add(2, "Heat again", List.of()).build()).getMessage());
        assertEquals("year: item id 7 was not added", assertThrows(IllegalArgumentException.class,
                () -> base.toBuilder().withYear(7, 2000).build()).getMessage());
    }
}
