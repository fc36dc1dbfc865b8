package org.recsys4j.core.io;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.IdIndex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event reader on clean and hostile files: each bad input gets a clear error (strict) or a counted skip (lenient). */
class EventLogReaderTest {
    /** Tab separated, with a header. */
    private static final Dialect TSV = Dialect.builder().withDelimiter("\t").build();
    private static final EventMapping SHOP = EventMapping.builder("user_id", "item_id", "ts", TimestampUnit.SECONDS)
            .withEventType("event").withWeight("qty").build();
    private static final LoadOptions ANY_KEPT = LoadOptions.lenient().toBuilder().withMinKeptFraction(0).build();

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void setUp() {
        file = dir.resolve("events.csv");
    }

    private void write(String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private Loaded<EventLog> read(EventMapping mapping, LoadOptions options) throws IOException {
        return EventLogReader.builder(mapping).withOptions(options).build().read(file);
    }

    private DataFileException strictError(EventMapping mapping) {
        return assertThrows(DataFileException.class, () -> read(mapping, LoadOptions.strict()));
    }

    @Test
    void readsStringIdsTypesAndWeightsInFileOrder() throws IOException {
        write("user_id,item_id,event,ts,qty\n"
                + "u123,sku-9a8b,view,1700000000,1\n"
                + "u7,sku-0001,buy,1700000100,2\n"
                + "u123,sku-9a8b,buy,1700000060,1\n");
        Loaded<EventLog> loaded = read(SHOP, LoadOptions.strict());
        EventLog log = loaded.data();
        assertEquals(3, log.size());
        assertEquals(List.of("u123", "u7"), List.of(log.users().id(0), log.users().id(1)));
        assertEquals("sku-9a8b", log.items().id(log.item(0)));
        assertEquals(1_700_000_100L, log.timestamp(1));
        assertEquals(List.of("buy", "view"), log.eventTypes());
        assertEquals("view", log.type(0).orElseThrow());
        assertEquals(2.0, log.weight(1));
        assertFalse(log.hasValues());
        LoadReport.FileReport f = loaded.report().file("events.csv").orElseThrow();
        assertEquals(3, f.rowsRead());
        assertEquals(3, f.rowsKept());
        assertEquals("events.csv, STRICT: 0 rows skipped", loaded.report().oneLine());
    }

    @Test
    void bomCrlfAndQuotedFieldsWithDelimitersAndLineBreaks() throws IOException {
        // BOM, CRLF, a quoted item id holding the delimiter, a quoted type spanning two lines (a control character:
        // MALFORMED), then a row whose line number must count the two physical lines of the previous record
        write("\uFEFFuser_id,item_id,event,ts,qty\r\n"
                + "u1,\"sku,with,commas\",view,10,1\r\n"
                + "u1,sku-2,\"vi\r\new\",11,1\r\n"
                + "u1,sku-3,view,oops,1\r\n"
                + "\r\n"
                + "u2,\"sku \"\"quoted\"\"\",buy,12,3");
        Loaded<EventLog> loaded = read(SHOP, ANY_KEPT);
        EventLog log = loaded.data();
        assertEquals(2, log.size());
        assertEquals("sku,with,commas", log.items().id(log.item(0)));
        assertEquals("sku \"quoted\"", log.items().id(log.item(1)));
        LoadReport.FileReport f = loaded.report().file("events.csv").orElseThrow();
        assertEquals(4, f.rowsRead());
        assertEquals(List.of("events.csv:3: event=vi\r\new: control character (e.g. a line break) in an event type",
                "events.csv:5: ts=oops: not a number of seconds (SECONDS)"), f.examples(SkipReason.MALFORMED));
        // the header found despite the BOM: strict mode names the same first bad row
        DataFileException e = strictError(SHOP);
        assertEquals(3, e.line());
        assertEquals("event", e.field());
    }

    @Test
    void lineEndsBomAndFinalNewlineDoNotChangeTheResult() throws IOException {
        String lf = "user_id,item_id,event,ts,qty\n\nu1,a,view,1,1\nu2,\"b\nb\",view,2,1\nu3,c,view,x,1\n\n"
                + "u4,d,buy,4,NaN\nu5,e,cart,5,2\n";
        String expectedSummary = null;
        String expectedError = null;
        for (String end : List.of("\n", "\r\n", "\r")) {
            for (String bom : List.of("", "\uFEFF")) {
                for (boolean finalNewline : List.of(true, false)) {
                    String text = bom + lf.replace("\n", end);
                    write(finalNewline ? text : text.substring(0, text.length() - end.length()));
                    Loaded<EventLog> loaded = read(SHOP, ANY_KEPT);
                    // the line break inside the quoted id is content: written as CRLF it is read as CRLF
                    String summary = (loaded.report().summary() + " / " + loaded.data()).replace("b" + end + "b", "b\nb");
                    String error = strictError(SHOP).getMessage().replace("b" + end + "b", "b\nb");
                    if (expectedSummary == null) {
                        expectedSummary = summary;
                        expectedError = error;
                    }
                    String what = "line end " + end.replace("\r", "CR").replace("\n", "LF") + ", BOM " + !bom.isEmpty()
                            + ", final newline " + finalNewline;
                    assertEquals(expectedSummary, summary, what);
                    assertEquals(expectedError, error, what);
                }
            }
        }
        assertEquals("events.csv:4: item_id=b\nb: control character (e.g. a line break) in an id", expectedError);
        assertTrue(expectedSummary.contains("events.csv:6: ts=x: not a number of seconds (SECONDS)"), expectedSummary);
        assertTrue(expectedSummary.contains("events.csv:8: qty=NaN: not a finite decimal number"), expectedSummary);
        assertTrue(expectedSummary.contains("events.csv:4: item_id=b\nb: control character"), expectedSummary);
    }

    @Test
    void aNumericIdColumnWithTextInIt() throws IOException {
        write("user_id,item_id,ts\n1,10,5\nu123,11,6\n2,99999999999999999999,7\n-3,12,8\n");
        EventMapping numeric = EventMapping.builder("user_id", "item_id", "ts", TimestampUnit.SECONDS)
                .withUserIds(IdIndex.Kind.NUMERIC).withItemIds(IdIndex.Kind.NUMERIC).build();
        DataFileException e = strictError(numeric);
        assertEquals("events.csv:3: user_id=u123: not a whole number (user ids are NUMERIC; ids such as u123 need "
                + "withUserIds(IdIndex.Kind.STRING))", e.getMessage());
        Loaded<EventLog> loaded = read(numeric, ANY_KEPT);
        assertArrayEquals(new long[] {-3, 1}, loaded.data().users().longIds());
        assertEquals(List.of("events.csv:4: item_id=99999999999999999999: too large for a 64-bit id"),
                loaded.report().file("events.csv").orElseThrow().examples(SkipReason.MALFORMED).subList(1, 2));
        // the same file with text ids reads every row
        assertEquals(4, read(EventMapping.builder("user_id", "item_id", "ts", TimestampUnit.SECONDS).build(),
                LoadOptions.strict()).data().size());
    }

    @Test
    void missingColumnsAndDuplicateHeaderNamesAreErrorsInBothModes() throws IOException {
        write("user_id,item,event,ts,qty\nu1,a,view,1,1\n");
        for (LoadOptions o : List.of(LoadOptions.strict(), LoadOptions.lenient())) {
            DataFileException e = assertThrows(DataFileException.class, () -> read(SHOP, o));
            assertEquals("events.csv:1: header=user_id,item,event,ts,qty: no column 'item_id' (the item column); the "
                    + "header has 'user_id', 'item', 'event', 'ts', 'qty'", e.getMessage());
        }
        write("user_id,item_id,event,ts,qty,event\nu1,a,view,1,1,buy\n");
        DataFileException e = strictError(SHOP);
        assertEquals("events.csv:1: header=user_id,item_id,event,ts,qty,event: column 'event' (the event type column) "
                + "appears twice, at positions 2 and 5 (0-based): rename one", e.getMessage());
        // a header that lacks a column given by position
        write("a,b\nu1,x\n");
        e = strictError(EventMapping.builder(Column.at(0), Column.at(1), Column.at(2), TimestampUnit.SECONDS).build());
        assertEquals("events.csv:1: header=a,b: the timestamp column is at position 2 (0-based), but the header has 2 "
                + "columns", e.getMessage());
    }

    @Test
    void emptyHeaderOnlyAndBlankFilesAreErrorsInBothModes() throws IOException {
        for (LoadOptions o : List.of(LoadOptions.strict(), LoadOptions.lenient())) {
            write("");
            DataFileException e = assertThrows(DataFileException.class, () -> read(SHOP, o));
            assertEquals("events.csv:1: header=: file is empty, expected a header naming the columns 'user_id', "
                    + "'item_id', 'ts', 'event', 'qty'", e.getMessage());
            write("\n\r\n\n");
            assertEquals(e.getMessage(), assertThrows(DataFileException.class, () -> read(SHOP, o)).getMessage());
            write("\n\nuser_id,item_id,event,ts,qty\n\n");
            e = assertThrows(DataFileException.class, () -> read(SHOP, o));
            assertEquals("events.csv:3: rows=0: no events: the file has a header and nothing after it", e.getMessage());
        }
    }

    @Test
    void timestampsInEachUnitAndOutOfRange() throws IOException {
        write("u,i,t\na,x,1700000000\nb,x,1700000000.75\nc,x,1700000000000\nd,x,-5\ne,x,2024-03-05T10:15:30Z\n");
        Loaded<EventLog> loaded = read(EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS).build(), ANY_KEPT);
        assertArrayEquals(new long[] {1_700_000_000L, 1_700_000_000L}, new long[] {loaded.data().timestamp(0),
                loaded.data().timestamp(1)});
        assertEquals(List.of(
                "events.csv:4: t=1700000000000: after 9999-12-31 as SECONDS (is the column in milliseconds? then "
                        + "TimestampUnit.MILLIS)",
                "events.csv:5: t=-5: negative: before 1970-01-01 (SECONDS)",
                "events.csv:6: t=2024-03-05T10:15:30Z: not a number of seconds (SECONDS); an ISO-8601 date-time needs "
                        + "TimestampUnit.ISO_8601"),
                loaded.report().file("events.csv").orElseThrow().examples(SkipReason.MALFORMED));

        write("u,i,t\na,x,1700000000123\nb,x,1700000000.5\n");
        loaded = read(EventMapping.builder("u", "i", "t", TimestampUnit.MILLIS).build(), ANY_KEPT);
        assertEquals(1_700_000_000L, loaded.data().timestamp(0));
        assertEquals(List.of("events.csv:3: t=1700000000.5: not a whole number of milliseconds (MILLIS)"),
                loaded.report().file("events.csv").orElseThrow().examples(SkipReason.MALFORMED));

        write("u,i,t\na,x,2024-03-05T10:15:30Z\nb,x,2024-03-05T11:15:30.999+01:00\nc,x,2024-03-05 10:15:30Z\n"
                + "d,x,2024-03-05T10:15:30\ne,x,2024-03-05\nf,x,2024-02-30T00:00:00Z\ng,x,1709633730\n"
                + "h,x,1969-12-31T23:59:59Z\n");
        loaded = read(EventMapping.builder("u", "i", "t", TimestampUnit.ISO_8601).build(), ANY_KEPT);
        assertEquals(3, loaded.data().size());
        for (int k = 0; k < 3; k++) {
            assertEquals(1_709_633_730L, loaded.data().timestamp(k));
        }
        List<String> bad = loaded.report().file("events.csv").orElseThrow().examples(SkipReason.MALFORMED);
        assertEquals("events.csv:5: t=2024-03-05T10:15:30: no zone offset (e.g. Z or +01:00): set the mapping's time "
                + "zone (withTimeZone) to read local date-times", bad.get(0));
        assertEquals("events.csv:6: t=2024-03-05: a date without a time: set the mapping's time zone (withTimeZone) to "
                + "read it as the start of that day", bad.get(1));
        assertTrue(bad.get(2).startsWith("events.csv:7: t=2024-02-30T00:00:00Z: not an ISO-8601 date-time"), bad.get(2));
        assertTrue(bad.get(3).endsWith("; epoch numbers need TimestampUnit.SECONDS or MILLIS"), bad.get(3));
        assertEquals("events.csv:9: t=1969-12-31T23:59:59Z: before 1970-01-01", bad.get(4));
        // with a zone, local times and dates are read in it
        loaded = read(EventMapping.builder("u", "i", "t", TimestampUnit.ISO_8601).withTimeZone(ZoneId.of("Europe/Paris"))
                .build(), ANY_KEPT);
        assertEquals(5, loaded.data().size());
        assertEquals(1_709_630_130L, loaded.data().timestamp(3));   // 10:15:30 in Paris (UTC+1) is 09:15:30Z
        assertEquals(1_709_593_200L, loaded.data().timestamp(4));   // 2024-03-05T00:00 in Paris
    }

    @Test
    void valuesAndWeightsMustBeFiniteNumbers() throws IOException {
        write("u,i,t,rating,w\na,x,1,4.5,1\nb,x,2,NaN,1\nc,x,3,Infinity,1\nd,x,4,,1\ne,x,5,1e999,1\nf,x,6,3,abc\n"
                + "g,x,7,0x10,1\nh,x,8,-2.5e0,2\n");
        EventMapping m = EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS).withValue("rating").withWeight("w")
                .build();
        Loaded<EventLog> loaded = read(m, ANY_KEPT);
        assertEquals(2, loaded.data().size());
        assertEquals(-2.5, loaded.data().value(1));
        assertEquals(2.0, loaded.data().weight(1));
        assertEquals(List.of(
                "events.csv:3: rating=NaN: not a finite decimal number",
                "events.csv:4: rating=Infinity: not a finite decimal number",
                "events.csv:5: rating=: empty",
                "events.csv:6: rating=1e999: not a finite decimal number (too large for a double)",
                "events.csv:7: w=abc: not a finite decimal number",
                "events.csv:8: rating=0x10: not a finite decimal number"),
                loaded.report().file("events.csv").orElseThrow().examples(SkipReason.MALFORMED));
        // a value range: outside it is OUT_OF_RANGE
        loaded = read(m, ANY_KEPT.toBuilder().withValueRange(0.5, 5, 0.5).build());
        assertEquals(1, loaded.data().size());
        assertEquals(List.of("events.csv:9: rating=-2.5e0: value outside [0.5, 5.0]"),
                loaded.report().examples(SkipReason.OUT_OF_RANGE));
    }

    @Test
    void wrongFieldCountsBlanksAndEmptyIds() throws IOException {
        write("u,i,t\na,x,1\nb,x\nc,x,3,extra\n,x,4\n u1,x,5\nd,x,6\n");
        EventMapping m = EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS).build();
        Loaded<EventLog> loaded = read(m, ANY_KEPT);
        assertEquals(2, loaded.data().size());
        assertEquals(List.of(
                "events.csv:3: line=b,x: expected 3 fields as in the header separated by ',', found 2",
                "events.csv:4: line=c,x,3,extra: expected 3 fields as in the header separated by ',', found 4",
                "events.csv:5: u=: empty",
                "events.csv:6: u= u1: blank at the start or end of an id (withTrim(true) removes blanks around fields)"),
                loaded.report().file("events.csv").orElseThrow().examples(SkipReason.MALFORMED));
        // withTrim(true) reads " u1" as "u1"
        write("u , i, t\nu1 , x,  5\n");
        EventLog log = read(EventMapping.builder("u ", " i", " t", TimestampUnit.SECONDS).withDialect(Dialect.builder().withTrim(true).build()).build(),
                LoadOptions.strict()).data();
        assertEquals("u1", log.users().id(0));
        assertEquals(5, log.timestamp(0));
    }

    @Test
    void brokenQuotingNamesTheLineWhereTheQuoteOpened() throws IOException {
        write("u,i,t\na,x,1\nb,\"y\"z,2\nc,x,3\nd,\"never closed,4\ne,x,5\n");
        EventMapping m = EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS).build();
        DataFileException e = strictError(m);
        assertEquals("events.csv:3: line=b,\"y\"z,2: text after a closing quote: 'z' where ',' or the end of the line "
                + "must follow", e.getMessage());
        Loaded<EventLog> loaded = read(m, ANY_KEPT);
        // the quote that never closes costs its own record only: reading goes on at the next line
        assertEquals(List.of("a", "c", "e"), List.of(loaded.data().users().id(0), loaded.data().users().id(1),
                loaded.data().users().id(2)));
        List<String> bad = loaded.report().file("events.csv").orElseThrow().examples(SkipReason.MALFORMED);
        assertEquals(List.of(e.getMessage(), "events.csv:5: line=d,\"never closed,4: unclosed quote: the quoted field "
                + "opened on this line never closes"), bad);
        // a tab-separated file: the message names the tab
        Files.writeString(file, "u\ti\tt\na\t\"y\"z\t2\n");
        e = strictError(EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS).withDialect(TSV).build());
        assertTrue(e.getMessage().endsWith("text after a closing quote: 'z' where '\\t' or the end of the line must "
                + "follow"), e.getMessage());
    }

    @Test
    void invalidUtf8IsMalformedAndLatin1IsReadAsSuch() throws IOException {
        byte[] head = "u,i,t\na,x,1\nb,caf".getBytes(StandardCharsets.UTF_8);
        byte[] tail = ",2\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xE9;   // é in Latin-1, invalid in UTF-8
        System.arraycopy(tail, 0, bytes, head.length + 1, tail.length);
        Files.write(file, bytes);
        EventMapping m = EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS).build();
        Loaded<EventLog> loaded = read(m, ANY_KEPT);
        assertEquals(1, loaded.report().skipped(SkipReason.MALFORMED));
        assertTrue(loaded.report().examples(SkipReason.MALFORMED).get(0).startsWith("events.csv:3: i=caf"));
        EventLog latin = read(EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS)
                .withDialect(Dialect.builder().withCharset(StandardCharsets.ISO_8859_1).build()).build(),
                LoadOptions.strict()).data();
        assertEquals("café", latin.items().id(latin.item(1)));
    }

    @Test
    void tsvWithoutHeaderByPositionAndMultiCharacterDelimiters() throws IOException {
        write("196\t242\t3\t881250949\n186\t302\t3\t891717742\n");
        EventMapping uData = EventMapping.builder(Column.at(0), Column.at(1), Column.at(3), TimestampUnit.SECONDS)
                .withValue(Column.at(2)).withDialect(Dialect.builder().withDelimiter("\t").withHeader(false).build())
                .withUserIds(IdIndex.Kind.NUMERIC).withItemIds(IdIndex.Kind.NUMERIC).build();
        EventLog log = read(uData, LoadOptions.strict()).data();
        assertArrayEquals(new long[] {186, 196}, log.users().longIds());
        assertEquals(3.0, log.value(0));
        write("1::1193::5::978300760\n1::661\n");
        EventMapping dat = EventMapping.builder(Column.at(0), Column.at(1), Column.at(3), TimestampUnit.SECONDS)
                .withValue(Column.at(2))
                .withDialect(Dialect.builder().withDelimiter("::").withHeader(false).build()).build();
        Loaded<EventLog> loaded = read(dat, ANY_KEPT);
        assertEquals(1, loaded.data().size());
        assertEquals(List.of("events.csv:2: line=1::661: expected at least 4 fields separated by '::', found 2"),
                loaded.report().examples(SkipReason.MALFORMED));
        // a headerless file names its fields by role
        write("1\tx\t1\t5\n");
        DataFileException e = strictError(uData);
        assertEquals("events.csv:1: item=x: not a whole number (item ids are NUMERIC; ids such as u123 need "
                + "withItemIds(IdIndex.Kind.STRING))", e.getMessage());
    }

    @Test
    void knownItemsFixTheIndexAndOtherItemsAreUnknown() throws IOException {
        write("u,i,t\na,1,1\nb,3,2\nc,999999,3\n");
        IdIndex items = IdIndex.ofLongs(1, 2, 3);
        EventMapping m = EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS).withItemIds(IdIndex.Kind.NUMERIC)
                .build();
        DataFileException e = assertThrows(DataFileException.class, () -> EventLogReader.builder(m)
                .withKnownItems(items, "items.csv").build().read(file));
        assertEquals("events.csv:4: i=999999: item not in items.csv", e.getMessage());
        Loaded<EventLog> loaded = EventLogReader.builder(m).withOptions(LoadOptions.lenient())
                .withKnownItems(items, "items.csv").build().read(file);
        assertSame(items, loaded.data().items());
        assertEquals(2, loaded.data().size());
        assertEquals(2, loaded.data().users().size());     // user c, whose only row was skipped, is not in the log
        assertEquals(1, loaded.report().skipped(SkipReason.UNKNOWN_ITEM));
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> EventLogReader.builder(
                EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS).build()).withKnownItems(items, "items.csv")
                .build());
        assertEquals("knownItems: a NUMERIC index, but the mapping's item ids are STRING", iae.getMessage());
    }

    @Test
    void aLenientReadThatKeepsTooFewRowsFails() throws IOException {
        StringBuilder sb = new StringBuilder("u,i,t\n");
        for (int k = 0; k < 30; k++) {
            sb.append("u").append(k).append(",x,").append(k < 10 ? "1" : "never").append('\n');
        }
        write(sb.toString());
        EventMapping m = EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS).build();
        TooFewRowsKeptException e = assertThrows(TooFewRowsKeptException.class, () -> read(m, LoadOptions.lenient()));
        assertEquals("events.csv:12: rows=10 of 30 kept: a lenient load keeps a file only if at least 50% of its rows "
                + "are usable (skipped: MALFORMED 20); first skipped: MALFORMED events.csv:12: t=never: not a number of "
                + "seconds (SECONDS)", e.getMessage());
        assertEquals(20, e.fileReport().skippedTotal());
        // every row bad: fails even with a kept fraction of 0
        write("u,i,t\na,x,no\n");
        assertThrows(TooFewRowsKeptException.class, () -> read(m, ANY_KEPT));
    }

    @Test
    void mappingsValidateAndNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventMapping.builder("id", "id", "t", TimestampUnit.SECONDS).build());
        assertEquals("item: column 'id' is also the user column", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS)
                        .withDialect(Dialect.builder().withHeader(false).build()).build());
        assertEquals("user: column 'u' is given by name, but the file has no header (withHeader(false)): give it by "
                + "position", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Dialect.builder().withDelimiter("\"").build());
        assertEquals("delimiter: '\"', must not contain a quote, CR or LF", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS).withTimeZone(ZoneOffset.UTC).build());
        assertEquals("timeZone: Z, only for ISO_8601 timestamps (the unit is SECONDS)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EventMapping.builder("u", "i", "t", TimestampUnit.SECONDS).withValue("").build());
        assertEquals("value: an empty column name", e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> EventMapping.builder("u", "i", "t", null).build());
        assertEquals("timestampUnit", npe.getMessage());
        assertEquals("EventMapping[user='user_id', item='item_id', timestamp='ts', event type='event', weight='qty', "
                + "timestamps SECONDS, user ids STRING, item ids STRING, ',' separated, RFC 4180 quoting, UTF-8, with a "
                + "header]", SHOP.toString());
    }
}
