package org.recsys4j.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.ItemCatalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One dialect value for both mappings: defaults, derivation, validation, and the same file read by either. */
class DialectTest {
    @TempDir
    Path dir;

    @Test
    void defaultsDerivationAndValidation() {
        Dialect csv = Dialect.builder().build();
        assertEquals(Dialect.CSV, csv);
        assertEquals(",", csv.delimiter());
        assertEquals(Dialect.DEFAULT_HEADER, csv.hasHeader());
        assertEquals(StandardCharsets.UTF_8, csv.charset());
        assertEquals("',' separated, RFC 4180 quoting, UTF-8, with a header", csv.toString());
        assertEquals(Dialect.CSV, EventMapping.DEFAULT_DIALECT);
        assertEquals(Dialect.CSV, CatalogMapping.DEFAULT_DIALECT);

        Dialect latin = Dialect.CSV.toBuilder().withDelimiter("\t").withHeader(false).withQuoting(false).withTrim(true)
                .withCharset(StandardCharsets.ISO_8859_1).build();
        assertEquals("'\\t' separated, no quoting, ISO-8859-1, no header, trimmed", latin.toString());
        assertEquals(latin, latin.toBuilder().build());
        assertEquals(latin.hashCode(), latin.toBuilder().build().hashCode());
        assertNotEquals(latin, latin.toBuilder().withTrim(false).build());

        assertEquals("delimiter: '', must not be empty",
                assertThrows(IllegalArgumentException.class, () -> Dialect.builder().withDelimiter("").build()).getMessage());
        assertEquals("delimiter: 'a\\nb', must not contain a quote, CR or LF".replace("\\n", "\n"),
                assertThrows(IllegalArgumentException.class, () -> Dialect.builder().withDelimiter("a\nb").build())
                        .getMessage());
        assertEquals("charset", assertThrows(NullPointerException.class,
                () -> Dialect.builder().withCharset(null).build()).getMessage());
        assertEquals("dialect", assertThrows(NullPointerException.class,
                () -> EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS).withDialect(null).build()).getMessage());
        assertEquals("dialect", assertThrows(NullPointerException.class,
                () -> CatalogMapping.builder("id").withDialect(null).build()).getMessage());
    }

    @Test
    void oneDialectReadsAnEventsAndAnItemsFileWrittenTheSameWay() throws IOException {
        Dialect semicolons = Dialect.builder().withDelimiter(";").withTrim(true).withCharset(StandardCharsets.ISO_8859_1)
                .build();
        Path events = dir.resolve("events.csv");
        Path items = dir.resolve("items.csv");
        Files.write(events, "user;item;ts\nu1 ; caf\u00e9; 10\nu2;tea;11\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(items, "item;category\ncaf\u00e9 ; hot\ntea;hot\n".getBytes(StandardCharsets.ISO_8859_1));
        EventMapping em = EventMapping.builder("user", "item", "ts", TimestampUnit.SECONDS).withDialect(semicolons).build();
        CatalogMapping cm = CatalogMapping.builder("item").field(CatalogMapping.Field.categorical("category"))
                .withDialect(semicolons).build();
        assertEquals(semicolons, em.dialect());
        assertEquals(semicolons, cm.dialect());
        EventLog log = EventLogReader.builder(em).build().read(events).data();
        ItemCatalog catalog = CatalogReader.builder(cm).build().read(items).data();
        assertEquals("u1", log.users().id(log.user(0)));
        assertEquals("caf\u00e9", log.items().id(log.item(0)));
        assertEquals(Optional.of("hot"), catalog.categorical("category").valueAt(catalog.items().indexOf("caf\u00e9")));
    }
}
