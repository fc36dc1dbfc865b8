package org.recsys4j.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.io.Dialect;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.io.CatalogMapping;
import org.recsys4j.core.io.Column;
import org.recsys4j.core.io.EventMapping;
import org.recsys4j.core.io.TimestampUnit;
import org.recsys4j.core.synth.SyntheticShop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mapping file of the command line ({@link DataMapping}): what it writes reads back into equal mappings and
 * policy, and every bad line, key or value fails naming the file, the line, the key and the value.
 */
class DataMappingTest {
    /** Tab separated, no header. */
    private static final Dialect TSV_NO_HEADER = Dialect.builder().withDelimiter("\t").withHeader(false).build();
    @TempDir
    Path tmp;

    private static Feedback shopPolicy() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("view", 1.0);
        w.put("cart", 3.0);
        w.put("buy", 10.0);
        return Feedback.eventWeights(w, Feedback.Combine.SUM);
    }

    private static EventLog typedLog() {
        return EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).addTyped("u1", "a", 1, "view")
                .addTyped("u1", "b", 2, "buy").addTyped("u2", "a", 3, "view").build();
    }

    @Test
    void theShopsMappingAndPolicyRoundTrip() {
        String text = DataMapping.format(SyntheticShop.eventMapping(), SyntheticShop.catalogMapping(), shopPolicy(),
                List.of("a comment"));
        assertTrue(text.startsWith("# a comment\n"), text);
        DataMapping m = DataMapping.parse(text, "mapping.txt");
        assertEquals(SyntheticShop.eventMapping().toString(), m.events().toString());
        assertEquals(SyntheticShop.catalogMapping().toString(), m.items().toString());
        Feedback back = m.feedback(m.events(), typedLog());
        assertEquals(shopPolicy(), back);
        assertEquals(List.of("view", "cart", "buy"), List.copyOf(back.typeWeights().keySet()));
        // what it writes is stable: the same text again
        assertEquals(text, DataMapping.format(m.events(), m.items(), back, List.of("a comment")));
    }

    @Test
    void positionsTabsZonesAndAThresholdRoundTrip() {
        EventMapping events = EventMapping.builder(Column.at(0), Column.at(1), Column.at(3), TimestampUnit.ISO_8601)
                .withValue(Column.at(2)).withTimeZone(ZoneOffset.UTC).withDialect(TSV_NO_HEADER)
                .withUserIds(IdIndex.Kind.NUMERIC).withItemIds(IdIndex.Kind.NUMERIC).build();
        CatalogMapping items = CatalogMapping.builder(Column.at(0))
                .field(CatalogMapping.Field.text(Column.at(1)).withName("title"))
                .field(CatalogMapping.Field.multiCategorical(Column.at(2), ";").withName("genres").withIgnoredValues("none"))
                .field(CatalogMapping.Field.timestamp(Column.at(3), TimestampUnit.SECONDS).withName("released"))
                .withIds(IdIndex.Kind.NUMERIC).withDialect(TSV_NO_HEADER).build();
        Feedback liked = Feedback.ratingsAtLeast(3.5);
        String text = DataMapping.format(events, items, liked, List.of());
        assertTrue(text.contains("events.delimiter = \\t\n"), text);
        assertTrue(text.contains("items.attribute.genres = multi-categorical,separator=;,column=2,ignore=none\n"), text);
        DataMapping m = DataMapping.parse(text, "m.txt");
        assertEquals(events.toString(), m.events().toString());
        assertEquals(items.toString(), m.items().toString());
        assertEquals(liked, m.feedback(m.events(), null));
    }

    @Test
    void aValueColumnWithoutTypesIsARatingLogAndTheSignalIsSaidWhenInferred() {
        DataMapping m = DataMapping.parse("events.user = u\nevents.item = i\nevents.time = t\nevents.time-unit = SECONDS\n"
                + "events.value = r\nitems.id = i\nfeedback.combine = FIRST\n", "m");
        assertEquals(Feedback.allRatings(), m.feedback(m.events(), null));
        DataMapping untyped = DataMapping.parse("events.user = u\nevents.item = i\nevents.time = t\n"
                + "events.time-unit = millis\nfeedback.combine = sum\n", "m");
        assertEquals(Feedback.eventCounts(), untyped.feedback(untyped.events(), null));
    }

    private static String fails(String text) {
        UserError e = assertThrows(UserError.class, () -> {
            DataMapping m = DataMapping.parse(text, "shop.mapping");
            EventMapping events = m.events();
            if (m.hasItems()) {
                m.items();
            }
            m.feedback(events, typedLog());
        });
        return e.getMessage();
    }

    private static final String EVENTS = "events.user = user_id\nevents.item = item_id\nevents.time = ts\n"
            + "events.time-unit = SECONDS\n";

    @Test
    void badLinesKeysAndValuesNameTheFileLineKeyAndValue() {
        assertEquals("shop.mapping:2: 'events.user user_id' is not 'key = value'", fails("# c\nevents.user user_id\n"));
        assertEquals("shop.mapping:1: unknown key 'events.usr'; the keys of events are events.user, events.item, "
                + "events.time, events.time-unit, events.time-zone, events.type, events.value, events.weight, "
                + "events.user-ids, events.item-ids, events.delimiter, events.header, events.quoting, events.trim, "
                + "events.charset", fails("events.usr = x\n"));
        assertTrue(fails("colour = red\n").startsWith("shop.mapping:1: unknown key 'colour'; the keys are events.user"));
        assertEquals("shop.mapping:2: events.user is given twice (first at shop.mapping:1)",
                fails("events.user = a\nevents.user = b\n"));
        assertEquals("shop.mapping:1: events.user has no value (leave the line out to leave it unset)",
                fails("events.user =\n"));
        assertEquals("shop.mapping:1: '= x' has no key before '='", fails("= x\n"));
        assertEquals("shop.mapping:4: events.time-unit = seconds2: must be SECONDS (epoch seconds), MILLIS (epoch "
                + "milliseconds) or ISO_8601 (2024-03-05T10:15:30Z)", fails(EVENTS.replace("SECONDS", "seconds2")));
        assertEquals("shop.mapping: no events.time-unit (how timestamps are written: SECONDS, MILLIS or ISO_8601): add a "
                + "line 'events.time-unit = ...' or pass --time-unit", fails("events.user = u\nevents.item = i\n"
                + "events.time = t\n"));
        assertEquals("shop.mapping:5: events.header = maybe: must be true or false", fails(EVENTS + "events.header = maybe\n"));
        assertEquals("shop.mapping:5: events.user-ids = INT: must be STRING (any text) or NUMERIC (whole numbers)",
                fails(EVENTS + "events.user-ids = INT\n"));
        assertEquals("shop.mapping:5: events.time-zone = Mars/Olympus: not a time zone (e.g. UTC, +01:00, Europe/Paris)",
                fails(EVENTS + "events.time-zone = Mars/Olympus\n"));
        assertEquals("shop.mapping:5: events.charset = klingon: not an encoding this JVM knows (e.g. UTF-8, ISO-8859-1)",
                fails(EVENTS + "events.charset = klingon\n"));
        assertEquals("shop.mapping:1: events.user = user_id: not a 0-based column position (the file has no header line, "
                + "so columns are given by position: 0 is the first)", fails(EVENTS + "events.header = false\n"));
        // what the library's builder refuses comes back with the key and the value
        assertEquals("shop.mapping:2: events.item = user_id: column 'user_id' is also the user column",
                fails(EVENTS.replace("item_id", "user_id")));
        assertEquals("shop.mapping:5: events.time-zone = UTC: only for ISO_8601 timestamps (the unit is SECONDS)",
                fails(EVENTS + "events.time-zone = UTC\n"));
        assertTrue(fails(EVENTS + "events.delimiter = \"\n").startsWith("shop.mapping:5: events.delimiter = \": "),
                fails(EVENTS + "events.delimiter = \"\n"));
    }

    @Test
    void badAttributesNameTheAttributeAndTheOption() {
        String items = EVENTS + "feedback.combine = SUM\nfeedback.weights = view=1\nevents.type = event\nitems.id = id\n";
        assertEquals("shop.mapping:9: items.attribute.tags = list: 'list' is not an attribute type: the first part is "
                + "text, categorical, multi-categorical, numeric or timestamp", fails(items + "items.attribute.tags = list\n"));
        assertEquals("shop.mapping:9: items.attribute.tags = multi-categorical: a multi-categorical attribute needs "
                + "separator=S (the text between its values, e.g. |)", fails(items + "items.attribute.tags = multi-categorical\n"));
        assertEquals("shop.mapping:9: items.attribute.at = timestamp: a timestamp attribute needs unit=SECONDS, MILLIS or "
                + "ISO_8601 (a number is never guessed)", fails(items + "items.attribute.at = timestamp\n"));
        assertEquals("shop.mapping:9: items.attribute.price = numeric,unit=SECONDS: unit= is only for timestamp "
                + "attributes", fails(items + "items.attribute.price = numeric,unit=SECONDS\n"));
        assertEquals("shop.mapping:9: items.attribute.price = numeric,colour=red: unknown option 'colour': after the type "
                + "come required, separator=S, unit=U, zone=Z, column=C or ignore=V", fails(items
                + "items.attribute.price = numeric,colour=red\n"));
        assertEquals("shop.mapping:9: items.attribute.price = numeric,mandatory: 'mandatory' is not an option: after the "
                + "type come required, separator=S, unit=U, zone=Z, column=C or ignore=V, separated by commas",
                fails(items + "items.attribute.price = numeric,mandatory\n"));
        // several attributes may read one column (a column by position, here renamed by the attribute)
        DataMapping m = DataMapping.parse(items + "items.attribute.a = text\nitems.attribute.b = categorical,column=a\n", "m");
        assertEquals("[a TEXT <- 'a', b CATEGORICAL <- 'a']", m.items().fields().toString());
    }

    @Test
    void thePolicyNeedsACombineRuleAndWeightsForTypesAndSaysWhatToPass() {
        String typed = EVENTS + "events.type = event\n";
        assertEquals("no rule for repeated (user, item) pairs: pass --combine SUM (add up their signals), MAX (the "
                + "strongest), LAST (the latest) or FIRST (the earliest), or add 'feedback.combine = ...' to shop.mapping",
                fails(typed));
        assertEquals("the events have types (column 'event': buy (1), view (2)) and no weights: say what each type is "
                + "worth with --event-weights buy=W,view=W (e.g. buy=1,view=1 counts every event once; weights that grow "
                + "with intent say more); types left out are dropped (or feedback.weights in shop.mapping)",
                fails(typed + "feedback.combine = MAX\n"));
        assertEquals("shop.mapping:5: feedback.weights = view=1: the events have no type column: map it "
                + "('events.type = COLUMN' in shop.mapping) or leave the weights out",
                fails(EVENTS + "feedback.weights = view=1\nfeedback.combine = SUM\n"));
        assertEquals("shop.mapping:5: feedback.threshold = 3.5: the events have no value column to compare with the "
                + "threshold: map it ('events.value = COLUMN' in shop.mapping)",
                fails(EVENTS + "feedback.threshold = 3.5\nfeedback.combine = SUM\n"));
        assertEquals("shop.mapping:6: feedback.signal = VALUE: the events have no value column: map it "
                + "('events.value = COLUMN' in shop.mapping)", fails(typed + "feedback.signal = VALUE\nfeedback.combine = SUM\n"));
        assertEquals("shop.mapping:6: feedback.weights = view=1, buy=0: the weight of 'buy' must be a finite number > 0 "
                + "(leave a type out to drop its events)", fails(typed + "feedback.weights = view=1, buy=0\n"));
        assertEquals("shop.mapping:6: feedback.weights = view: 'view' is not TYPE=WEIGHT (e.g. view=1,cart=3,buy=10)",
                fails(typed + "feedback.weights = view\n"));
        assertEquals("shop.mapping:6: feedback.weights = view=1,view=2: 'view' is given twice",
                fails(typed + "feedback.weights = view=1,view=2\n"));
        assertEquals("shop.mapping:6: feedback.weights = view=x: the weight of 'view', 'x', is not a number",
                fails(typed + "feedback.weights = view=x\n"));
        assertEquals("shop.mapping:7: feedback.combine = AVERAGE: must be SUM, MAX, LAST or FIRST",
                fails(typed + "feedback.weights = view=1\nfeedback.combine = AVERAGE\n"));
        assertEquals("shop.mapping:7: feedback.max-dropped = 2: must be a share in [0, 1]",
                fails(typed + "feedback.weights = view=1\nfeedback.max-dropped = 2\nfeedback.combine = SUM\n"));
        assertEquals("shop.mapping:7: feedback.threshold = NaN: not a finite number",
                fails(typed + "events.value = v\nfeedback.threshold = NaN\nfeedback.combine = SUM\n"));
    }

    @Test
    void theFileItselfIsNamedWhenItCannotBeRead() throws Exception {
        Path missing = tmp.resolve("missing.txt");
        assertEquals("--mapping " + missing + ": no such file",
                assertThrows(UserError.class, () -> DataMapping.read(missing)).getMessage());
        assertEquals("--mapping " + tmp + ": not a file", assertThrows(UserError.class, () -> DataMapping.read(tmp))
                .getMessage());
        Path latin = Files.write(tmp.resolve("latin.txt"), "events.user = caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("--mapping " + latin + ": not UTF-8 text", assertThrows(UserError.class,
                () -> DataMapping.read(latin)).getMessage());
        Path bom = Files.writeString(tmp.resolve("bom.txt"), "\uFEFF" + EVENTS + "feedback.combine = SUM\r\n");
        assertEquals("user_id", DataMapping.read(bom).events().user().name().orElseThrow());
    }
}
