package org.recsys4j.examples.cli;

import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.data.TooManyEventsDroppedException;
import org.recsys4j.core.io.CatalogMapping;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.io.EventMapping;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.Loaded;
import org.recsys4j.examples.train.Fingerprint;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of every command that reads your own data instead of MovieLens: an event log and an item
 * catalogue (CSV or TSV, {@code --events FILE --items FILE}), how their columns map ({@code --mapping FILE}, or
 * the flags {@code --user-col} ... , or both: a flag overrides the file) and the {@link Feedback} policy that
 * turns events into training signal ({@code --event-weights}, {@code --threshold}, {@code --combine}, ...; no
 * policy choice has a hidden default: a log with event types needs weights, and every policy needs a combine
 * rule). The flags and the mapping file's keys go through {@link DataMapping}, the one place that checks them.
 * {@link #check()} validates everything that needs no data before any work; {@link #load} reads the files
 * and applies the policy.
 */
public final class EventDataOptions {
    @Option(names = "--events", paramLabel = "FILE", description = "Your own event log (CSV/TSV, one event a row: user, "
            + "item, time, and optionally event type, value, weight), instead of MovieLens. Needs --items and a mapping "
            + "(--mapping FILE or the column flags).")
    Path events;

    @Option(names = "--items", paramLabel = "FILE", description = "Your item catalogue (CSV/TSV: an id column and "
            + "attribute columns) for --events; events of items it does not list are skipped and counted.")
    Path items;

    @Option(names = "--mapping", paramLabel = "FILE", description = "A mapping file: 'key = value' lines describing the "
            + "columns of --events and --items and the feedback policy (docs/your-data.md; `generate shop` writes one). "
            + "Flags given too override its keys.")
    Path mapping;

    @Option(names = "--user-col", paramLabel = "COL", description = "The user column of --events (header name, or "
            + "0-based position with --no-header).")
    String userCol;

    @Option(names = "--item-col", paramLabel = "COL", description = "The item column of --events.")
    String itemCol;

    @Option(names = "--time-col", paramLabel = "COL", description = "The timestamp column of --events.")
    String timeCol;

    @Option(names = "--time-unit", paramLabel = "UNIT", description = "How timestamps are written: SECONDS, MILLIS or "
            + "ISO_8601 (required: a number is never guessed to be seconds or milliseconds).")
    String timeUnit;

    @Option(names = "--time-zone", paramLabel = "ZONE", description = "The zone of ISO date-times written without an "
            + "offset (default: none, such a time is a bad row).")
    String timeZone;

    @Option(names = "--type-col", paramLabel = "COL", description = "The event type column (view, cart, buy...); "
            + "then --event-weights says what each type is worth.")
    String typeCol;

    @Option(names = "--value-col", paramLabel = "COL", description = "The value column (e.g. a rating).")
    String valueCol;

    @Option(names = "--weight-col", paramLabel = "COL", description = "The weight column (e.g. a quantity; default: "
            + "every event weighs 1).")
    String weightCol;

    @Option(names = "--user-ids", paramLabel = "KIND", description = "STRING (any text, the default) or NUMERIC "
            + "(whole numbers).")
    String userIds;

    @Option(names = "--item-ids", paramLabel = "KIND", description = "STRING (the default) or NUMERIC, for the item "
            + "ids of both files.")
    String itemIds;

    @Option(names = "--delimiter", paramLabel = "D", description = "The field delimiter of both files (default ','; "
            + "'\\t' or 'tab' for a tab).")
    String delimiter;

    @Option(names = "--items-delimiter", paramLabel = "D", description = "The field delimiter of --items, when it "
            + "differs from --delimiter.")
    String itemsDelimiter;

    @Option(names = "--no-header", description = "Neither file has a header line: columns are 0-based positions.")
    boolean noHeader;

    @Option(names = "--item-id-col", paramLabel = "COL", description = "The item id column of --items.")
    String itemIdCol;

    @Option(names = "--attribute", paramLabel = "NAME=SPEC", description = "An attribute of --items (repeatable): "
            + "NAME=TYPE[,required][,separator=S][,unit=U][,column=C][,ignore=V], TYPE one of text, categorical, "
            + "multi-categorical, numeric, timestamp; e.g. category=categorical,required  tags=multi-categorical,"
            + "separator=|  listed_at=timestamp,unit=ISO_8601.")
    List<String> attributes;

    @Option(names = "--event-weights", paramLabel = "TYPE=W,...", description = "What each event type is worth, e.g. "
            + "view=1,cart=3,buy=10 (types left out are dropped). Required when the events have a type column.")
    String eventWeights;

    @Option(names = "--threshold", paramLabel = "T", description = "Keep only events whose value is at least T "
            + "(default: no threshold).")
    String threshold;

    @Option(names = "--combine", paramLabel = "RULE", description = "How the events of one (user, item) pair combine: "
            + "SUM, MAX, LAST or FIRST (required).")
    String combine;

    @Option(names = "--signal", paramLabel = "S", description = "An interaction's value: WEIGHT (the type's weight "
            + "times the weight column) or VALUE (the event's value). Default: WEIGHT, or VALUE for a value column "
            + "without a type column.")
    String signal;

    @Option(names = "--max-dropped", paramLabel = "F", description = "The largest share of events the policy may drop "
            + "before it is an error (default 0.5).")
    String maxDropped;

    /** Returns true if any option of your own data was given (then MovieLens options must not be). */
    boolean given() {
        return events != null || items != null || mapping != null || !flags().isEmpty() || noHeader
                || attributes != null;
    }

    /** Returns the given flags that map to keys, by flag name (in a fixed order). */
    private Map<String, String[]> flags() {
        Map<String, String[]> f = new LinkedHashMap<>();
        put(f, "--user-col", userCol, "events.user");
        put(f, "--item-col", itemCol, "events.item");
        put(f, "--time-col", timeCol, "events.time");
        put(f, "--time-unit", timeUnit, "events.time-unit");
        put(f, "--time-zone", timeZone, "events.time-zone");
        put(f, "--type-col", typeCol, "events.type");
        put(f, "--value-col", valueCol, "events.value");
        put(f, "--weight-col", weightCol, "events.weight");
        put(f, "--user-ids", userIds, "events.user-ids");
        put(f, "--item-ids", itemIds, "events.item-ids");
        put(f, "--delimiter", delimiter, "events.delimiter", "items.delimiter");
        put(f, "--items-delimiter", itemsDelimiter, "items.delimiter");
        put(f, "--item-id-col", itemIdCol, "items.id");
        put(f, "--event-weights", eventWeights, "feedback.weights");
        put(f, "--threshold", threshold, "feedback.threshold");
        put(f, "--combine", combine, "feedback.combine");
        put(f, "--signal", signal, "feedback.signal");
        put(f, "--max-dropped", maxDropped, "feedback.max-dropped");
        return f;
    }

    private static void put(Map<String, String[]> f, String flag, String value, String... keys) {
        if (value != null) {
            String[] v = new String[keys.length + 1];
            v[0] = value;
            System.arraycopy(keys, 0, v, 1, keys.length);
            f.put(flag, v);
        }
    }

    /**
     * Returns the mapping: the {@code --mapping} file's keys (if any), overridden by the flags given.
     *
     * @throws UserError naming the flag, or the file and line, of a bad value
     */
    DataMapping mapping() {
        DataMapping m = mapping != null ? DataMapping.read(mapping) : DataMapping.empty();
        for (Map.Entry<String, String[]> e : flags().entrySet()) {
            String[] v = e.getValue();
            if (v[0].isBlank()) {
                throw new UserError(e.getKey() + " '" + v[0] + "': must not be blank");
            }
            for (int k = 1; k < v.length; k++) {
                // --delimiter sets the items' delimiter too, unless --items-delimiter does
                if (!(e.getKey().equals("--delimiter") && v[k].equals("items.delimiter") && itemsDelimiter != null)) {
                    m.set(v[k], v[0], e.getKey());
                }
            }
        }
        if (noHeader) {
            m.set("events.header", "false", "--no-header").set("items.header", "false", "--no-header");
        }
        for (String a : attributes != null ? attributes : List.<String>of()) {
            int eq = a.indexOf('=');
            if (eq <= 0 || eq == a.length() - 1) {
                throw new UserError("--attribute " + a + ": must be NAME=TYPE[,options], e.g. category=categorical");
            }
            m.set(DataMapping.ATTRIBUTE + a.substring(0, eq).strip(), a.substring(eq + 1).strip(), DataMapping.ATTRIBUTE_FLAG);
        }
        return m;
    }

    /**
     * What a command reads, checked: the two files and their mappings.
     *
     * @param mapping the key-value mapping
     * @param events  the events file's mapping
     * @param items   the items file's mapping
     */
    record Checked(DataMapping mapping, EventMapping events, CatalogMapping items) {
    }

    /**
     * Checks every option of your own data before any work: {@code --events} and {@code --items} name readable
     * files, the mapping (file and flags) is complete and valid, and so is the feedback policy as far as it can be
     * judged without the data.
     *
     * @return the checked mappings
     * @throws UserError naming the option, or the mapping file's line and key, and what is wrong
     */
    Checked check() {
        if (events == null) {
            throw new UserError((items != null ? "--items needs" : mapping != null ? "--mapping needs"
                    : "the mapping flags need") + " --events FILE (your event log)");
        }
        if (items == null) {
            throw new UserError("--events needs --items FILE (your item catalogue: an id column and its attributes)");
        }
        readableFile("--events", events);
        readableFile("--items", items);
        DataMapping m = mapping();
        EventMapping e = m.events();
        CatalogMapping c = m.items();
        m.checkFeedback(e);
        return new Checked(m, e, c);
    }

    private static void readableFile(String option, Path file) {
        if (!Files.exists(file)) {
            throw new UserError(option + " " + file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError(option + " " + file + ": not a file");
        }
        if (!Files.isReadable(file)) {
            throw new UserError(option + " " + file + ": cannot be read (permissions)");
        }
    }

    /**
     * Reads the catalogue, then the events (events of items the catalogue does not list are UNKNOWN_ITEM skips),
     * and applies the feedback policy; prints what it read and kept.
     *
     * @param options strict or lenient reading
     * @param out     where the summary goes
     * @return the data
     * @throws UserError when the policy does not fit the log or drops too much of it (the message says why)
     * @throws IOException (a {@code DataFileException}) when a file is bad: naming the file, line and field
     */
    EventData load(LoadOptions options, PrintStream out) throws IOException {
        Checked c = check();
        long t0 = System.nanoTime();
        Loaded<ItemCatalog> catalog = CatalogReader.builder(c.items()).withOptions(options).build().read(items);
        Loaded<EventLog> log = EventLogReader.builder(c.events()).withOptions(options)
                .withKnownItems(catalog.data().items(), items.getFileName().toString()).build().read(events);
        Feedback policy = c.mapping().feedback(c.events(), log.data());
        Feedback.Result result;
        try {
            result = policy.applyWithReport(log.data());
        } catch (TooManyEventsDroppedException e) {
            String m = String.valueOf(e.getMessage()).replace("raise Feedback.Builder.withMaxDroppedFraction",
                    "raise --max-dropped (or feedback.max-dropped)");
            throw new UserError(events + ": " + m);
        } catch (IllegalArgumentException e) {
            throw new UserError(events + ": the feedback policy does not fit the log: " + e.getMessage());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String key;
        try {
            key = Fingerprint.of("event-data", 1).add("events", Fingerprint.ofFile(events))
                    .add("items", Fingerprint.ofFile(items)).add("eventMapping", c.events()).add("catalogMapping", c.items())
                    .add("policy", policy).add("options", options).hex();
        } catch (IOException e) {
            throw new UserError("--events " + events + ": " + org.recsys4j.core.util.ErrorText.describe(e));
        }
        EventData d = new EventData(events, items, c.mapping().file().orElse(null), log.data(), catalog.data(), policy,
                result, List.of(catalog.report(), log.report()), key);
        out.printf(Locale.ROOT, "data: %s (%.1f s)%n", d.describe(), seconds);
        for (String w : warnings(result)) {
            out.println("warning: " + w);
        }
        return d;
    }

    private static List<String> warnings(Feedback.Result result) {
        List<String> w = new ArrayList<>();
        if (!result.report().unusedTypeWeights().isEmpty()) {
            w.add("the policy weighs event types the log does not have: " + result.report().unusedTypeWeights()
                    + " (a typo?)");
        }
        return w;
    }
}
