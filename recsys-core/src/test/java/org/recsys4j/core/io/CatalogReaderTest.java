package org.recsys4j.core.io;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.CatalogMapping.Field;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue reader: every attribute type from a CSV, joins, and a clear error or counted skip for each bad input. */
class CatalogReaderTest {
    private static final CatalogMapping SHOP = CatalogMapping.builder("item_id")
            .field(Field.text("title"))
            .field(Field.categorical("category").withRequired(true))
            .field(Field.categorical("brand").withIgnoredValues("n/a"))
            .field(Field.numeric("price"))
            .field(Field.multiCategorical("tags", "|"))
            .field(Field.timestamp("listed_at", TimestampUnit.ISO_8601))
            .build();
    private static final String HEADER = "item_id,title,category,brand,price,tags,listed_at\n";
    private static final LoadOptions ANY_KEPT = LoadOptions.lenient().toBuilder().withMinKeptFraction(0).build();

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void setUp() {
        file = dir.resolve("items.csv");
    }

    private void write(String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private Loaded<ItemCatalog> read(CatalogMapping m, LoadOptions o) throws IOException {
        return CatalogReader.builder(m).withOptions(o).build().read(file);
    }

    @Test
    void readsEveryAttributeType() throws IOException {
        write("\uFEFF" + HEADER
                + "sku-9a8b,\"Trail runner, size 42\",shoes,Norda,59.90,sale|new,2024-03-05T10:15:30Z\r\n"
                + "sku-0001,\"A \"\"quoted\"\"\ntitle\",books,n/a,,,\r\n"
                + "sku-77,,shoes,Acme,12,|eco||,\n");
        Loaded<ItemCatalog> loaded = read(SHOP, LoadOptions.strict());
        ItemCatalog c = loaded.data();
        assertEquals(List.of("sku-0001", "sku-77", "sku-9a8b"), List.of(c.items().id(0), c.items().id(1), c.items().id(2)));
        assertEquals(List.of("title", "category", "brand", "price", "tags", "listed_at"),
                c.attributes().stream().map(a -> a.name()).toList());
        assertEquals(Optional.of("A \"quoted\"\ntitle"), c.text("title").valueAt(0));
        assertEquals(Optional.empty(), c.text("title").valueAt(1));
        assertEquals(List.of("books", "shoes"), c.categorical("category").vocabulary());
        assertEquals(Optional.empty(), c.categorical("brand").valueAt(0));        // n/a: ignored
        assertEquals(List.of("Acme", "Norda"), c.categorical("brand").vocabulary());
        assertEquals(OptionalDouble.of(59.9), c.numeric("price").valueAt(2));
        assertEquals(OptionalDouble.empty(), c.numeric("price").valueAt(0));
        assertEquals(List.of("new", "sale"), c.multiCategorical("tags").valuesAt(2));
        assertEquals(List.of("eco"), c.multiCategorical("tags").valuesAt(1));    // empty parts dropped
        assertEquals(OptionalLong.of(1_709_633_730L), c.timestamp("listed_at").valueAt(2));
        assertEquals(3, loaded.report().file("items.csv").orElseThrow().rowsKept());
    }

    @Test
    void badRowsAreNamedOrCountedByReason() throws IOException {
        write(HEADER
                + "a,A,shoes,X,1,,\n"
                + "b,B,,X,1,,\n"                                   // required category empty
                + "c,C,shoes,X,NaN,,\n"                            // NaN price
                + "d,D, shoes,X,1,,\n"                             // blank around a category
                + "a,A again,shoes,X,2,,\n"                        // duplicate id
                + "e,E,shoes,X,1,ok| bad,\n"                       // blank around a tag
                + "f,F,shoes,X,1,,yesterday\n"                     // timestamp
                + "g,G,shoes\n"                                    // too few fields
                + "h,H,hats,Y,3,,2024-01-01T00:00:00Z\n");
        DataFileException e = assertThrows(DataFileException.class, () -> read(SHOP, LoadOptions.strict()));
        assertEquals("items.csv:3: category=: empty, but 'category' is required", e.getMessage());
        Loaded<ItemCatalog> loaded = read(SHOP, ANY_KEPT);
        assertEquals(2, loaded.data().size());
        LoadReport.FileReport f = loaded.report().file("items.csv").orElseThrow();
        assertEquals(9, f.rowsRead());
        assertEquals(2, f.rowsKept());
        assertEquals(List.of(
                "items.csv:3: category=: empty, but 'category' is required",
                "items.csv:4: price=NaN: not a finite decimal number",
                "items.csv:5: category= shoes: blank at the start or end of a category (withTrim(true) removes blanks "
                        + "around fields)",
                "items.csv:7: tags= bad: blank at the start or end of a value (withTrim(true) removes blanks around fields)",
                "items.csv:8: listed_at=yesterday: not an ISO-8601 date-time (e.g. 2024-03-05T10:15:30Z)",
                "items.csv:9: line=g,G,shoes: expected 7 fields as in the header separated by ',', found 3"),
                f.examples(org.recsys4j.core.io.SkipReason.MALFORMED));
        assertEquals(List.of("items.csv:6: item_id=a: item already listed on line 2"), f.examples(SkipReason.DUPLICATE));
        assertEquals(Optional.of("A"), loaded.data().text("title").valueAt(0));  // the first row of a is kept
        // trimming reads the blanks away
        ItemCatalog trimmed = read(CatalogMapping.builder("item_id").withDialect(Dialect.builder().withTrim(true).build())
                .field(Field.categorical("category")).field(Field.multiCategorical("tags", "|")).build(), ANY_KEPT).data();
        assertEquals(Optional.of("shoes"), trimmed.categorical("category").valueAt(trimmed.items().indexOf("d")));
        assertEquals(List.of("bad", "ok"), trimmed.multiCategorical("tags").valuesAt(trimmed.items().indexOf("e")));
    }

    @Test
    void badFilesAreErrorsInBothModes() throws IOException {
        for (LoadOptions o : List.of(LoadOptions.strict(), LoadOptions.lenient())) {
            write("");
            assertEquals("items.csv:1: header=: file is empty, expected a header naming the columns 'item_id', 'title', "
                    + "'category', 'brand', 'price', 'tags', 'listed_at'",
                    assertThrows(DataFileException.class, () -> read(SHOP, o)).getMessage());
            write(HEADER);
            assertEquals("items.csv:1: rows=0: no items: the file has a header and nothing after it",
                    assertThrows(DataFileException.class, () -> read(SHOP, o)).getMessage());
            write("id,title,category,brand,price,tags,listed_at\nx,,a,,,,\n");
            assertTrue(assertThrows(DataFileException.class, () -> read(SHOP, o)).getMessage()
                    .startsWith("items.csv:1: header=id,title,category,brand,price,tags,listed_at: no column 'item_id' "
                            + "(the id column); the header has 'id', 'title',"));
            write("item_id,title,category,title\nx,a,b,c\n");
            assertTrue(assertThrows(DataFileException.class, () -> read(CatalogMapping.builder("item_id")
                    .field(Field.text("title")).build(), o)).getMessage().endsWith("column 'title' (the 'title' field "
                    + "column) appears twice, at positions 1 and 3 (0-based): rename one"));
        }
    }

    @Test
    void flagColumnsTransformsAndPositions() throws IOException {
        // u.item-like: id|title|date|url|flags..., pipe separated, no header, no quoting, Latin-1
        Files.write(file, ("1|Toy Story (1995)|x|http://t|0|1|1\n2|\"Caf\u00e9\" (1993)|x||1|0|0\n3|Odd|x||0|2|0\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        CatalogMapping uItem = CatalogMapping.builder(Column.at(0)).withIds(IdIndex.Kind.NUMERIC)
                .withDialect(Dialect.builder().withHeader(false).withDelimiter("|").withQuoting(false)
                        .withCharset(StandardCharsets.ISO_8859_1).build())
                .field(Field.text(Column.at(1)).withName("title").withRequired(true))
                .field(Field.flags("genres", List.of(Column.at(4), Column.at(5), Column.at(6)),
                        List.of("unknown", "Animation", "Comedy")).withIgnoredValues("unknown"))
                .field(Field.numeric(Column.at(1)).withName("year")
                        .withTransform(t -> ItemCatalog.parseYear(t).isPresent()
                                ? Integer.toString(ItemCatalog.parseYear(t).getAsInt()) : ""))
                .field(Field.text(Column.at(3)).withName("imdbUrl"))
                .build();
        Loaded<ItemCatalog> loaded = read(uItem, ANY_KEPT);
        ItemCatalog c = loaded.data();
        assertEquals(2, c.size());
        assertEquals(List.of("Animation", "Comedy"), c.genreNames(0));
        assertEquals(List.of(), c.genreNames(1));                      // only the ignored 'unknown' flag
        assertEquals("\"Café\" (1993)", c.title(1));                   // quotes as written, Latin-1 decoded
        assertEquals(1993, c.year(1).getAsInt());
        assertEquals(Optional.of("http://t"), c.imdbUrl(0));
        assertEquals(Optional.empty(), c.imdbUrl(1));
        assertEquals(List.of("items.csv:3: Animation=2: flag must be 0 or 1"), loaded.report().examples(SkipReason.MALFORMED));
        // a transform that throws makes its row MALFORMED
        write("id,t\n1,x\n");
        DataFileException e = assertThrows(DataFileException.class, () -> read(CatalogMapping.builder("id")
                .field(Field.numeric("t").withTransform(t -> {
                    throw new IllegalStateException("no year in '" + t + "'");
                })).build(), LoadOptions.strict()));
        assertEquals("items.csv:2: t=x: transform of 't' failed: no year in 'x'", e.getMessage());
    }

    @Test
    void joinAddsAttributesByIdAndKeepsTheIndex() throws IOException {
        write("id,name\n1,One\n2,Two\n3,Three\n");
        ItemCatalog base = read(CatalogMapping.builder("id").withIds(IdIndex.Kind.NUMERIC).field(Field.text("name"))
                .build(), LoadOptions.strict()).data();
        Path links = dir.resolve("links.csv");
        Files.writeString(links, "id,imdbId,tmdbId\n1,0114709,862\n3,0113228,\n999,1,1\n");
        CatalogMapping linkMapping = CatalogMapping.builder("id").withIds(IdIndex.Kind.NUMERIC)
                .field(Field.text("imdbId")).field(Field.numeric("tmdbId")).build();
        DataFileException e = assertThrows(DataFileException.class,
                () -> CatalogReader.builder(linkMapping).build().join(base, links));
        assertEquals("links.csv:4: id=999: item not in the catalogue (3 items)", e.getMessage());
        Loaded<ItemCatalog> joined = CatalogReader.builder(linkMapping).withOptions(LoadOptions.lenient()).build()
                .join(base, links);
        ItemCatalog c = joined.data();
        assertSame(base.items(), c.items());
        assertSame(base.text("name"), c.text("name"));
        assertEquals("0114709", c.imdbId(0).orElseThrow());
        assertEquals(862, c.tmdbId(0).getAsLong());
        assertTrue(c.tmdbId(2).isEmpty());
        assertTrue(c.imdbId(1).isEmpty());
        assertEquals(1, joined.report().skipped(SkipReason.UNKNOWN_ITEM));
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> CatalogReader.builder(
                CatalogMapping.builder("id").field(Field.text("x")).build()).build().join(base, links));
        assertEquals("base: its ids are NUMERIC, the mapping's are STRING", iae.getMessage());
        iae = assertThrows(IllegalArgumentException.class, () -> CatalogReader.builder(CatalogMapping.builder("id")
                .withIds(IdIndex.Kind.NUMERIC).field(Field.numeric("name")).build()).build().join(base, links));
        assertEquals("field: 'name' is NUMERIC, but the base has it as TEXT", iae.getMessage());
    }

    @Test
    void mappingsValidateAndNameTheProblem() {
        assertEquals("field: #1 is given by position: name its attribute with withName",
                assertThrows(IllegalArgumentException.class, () -> CatalogMapping.builder("id")
                        .field(Field.text(Column.at(1))).build()).getMessage());
        assertEquals("field: two fields named 'a'", assertThrows(IllegalArgumentException.class,
                () -> CatalogMapping.builder("id").field(Field.text("a")).field(Field.numeric("a")).build()).getMessage());
        assertEquals("id: column 'id' is given by name, but the file has no header (withHeader(false)): give it by position",
                assertThrows(IllegalArgumentException.class, () -> CatalogMapping.builder("id").withDialect(Dialect.builder().withHeader(false).build())
                        .build()).getMessage());
        assertEquals("flags: 2 columns and 1 values, need as many values as columns (at least one)",
                assertThrows(IllegalArgumentException.class, () -> Field.flags("g", List.of(Column.at(1), Column.at(2)),
                        List.of("a"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Field.numeric("p").withTimeZone(java.time.ZoneOffset.UTC));
        assertEquals(AttributeType.MULTI_CATEGORICAL, Field.multiCategorical("g", "|").type());
        assertEquals("genres MULTI_CATEGORICAL <- 'genres' split at '|', required, ignoring [(no genres listed)]",
                Field.multiCategorical("genres", "|").withRequired(true).withIgnoredValues("(no genres listed)").toString());
    }
}
