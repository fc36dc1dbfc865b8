package org.recsys4j.core.io;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.io.internal.CsvRows;
import org.recsys4j.core.io.internal.FileTally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads an event file described by an {@link EventMapping} into an {@link EventLog}, validating every row,
 * with the strict and lenient modes of {@link LoadOptions} and the same rules as the MovieLens loaders.
 * Reading decides nothing about training signal: repeated events are all kept, and a {@link
 * org.recsys4j.core.data.Feedback} policy turns the log into interactions.
 *
 * <p><b>Bad rows.</b> In strict mode (the default) the first bad row throws a
 * {@link DataFileException} naming file, line, field and value, e.g.
 * {@code events.csv:7: user_id=u 12: blank at the start or end of an id (withTrim(true) removes blanks
 * around fields)}. In lenient mode bad rows are skipped and counted by {@link SkipReason} in the
 * {@link LoadReport} (the first {@value LoadReport#MAX_EXAMPLES} of each reason spelled out), but a file
 * that keeps none of its rows, or skips more than {@value LoadReport#MAX_EXAMPLES} and keeps fewer than
 * {@link LoadOptions#minKeptFraction()} of them, fails with a {@link TooFewRowsKeptException}. A row is
 * MALFORMED when it has the wrong number of fields (with a header: not the header's count; without: too
 * few for the mapped positions), broken quoting, text that is not valid UTF-8, an empty id or one with
 * blanks at its ends or a control character (a line break inside quotes), a numeric id that is not a
 * whole number ({@code u123} with {@link IdIndex.Kind#NUMERIC} ids) or overflows a {@code long}, a value
 * or weight that is empty or not a finite decimal number ({@code NaN}, {@code Infinity}, {@code 1e999}),
 * an empty type, or a timestamp that is not in its unit's form or lies outside 1970 .. 9999; a value
 * outside {@link LoadOptions#valueRange()} is OUT_OF_RANGE; an item not in the known items
 * ({@link Builder#withKnownItems}) is UNKNOWN_ITEM.
 *
 * <p><b>Bad files</b>, in either mode: an empty file, a file with a header and no rows, a header without a
 * mapped column (the message lists the header's names), a mapped name that appears twice in the header, a
 * position beyond the header, a header with broken quoting.
 *
 * <p><b>Text.</b> The file may start with a UTF-8 byte-order mark and lack a final newline; LF, CRLF and a
 * lone CR all end a line, mixed or not; blank lines are skipped but count for the line numbers; a quoted
 * field may hold delimiters and line breaks (RFC 4180), and a quote that never closes names the line where
 * it opened (lenient mode skips that record as one row and reads on from the next line).
 *
 * <p><b>The log</b> keeps every kept row in file order; its user ids, and its item ids unless known items
 * were given, are those of the kept rows in ascending order.
 *
 * <p>A reader is immutable and may read several files, from several threads at once.
 *
 * <pre>{@code
 * Loaded<EventLog> events = EventLogReader.builder(mapping)
 *         .withOptions(LoadOptions.lenient())
 *         .withKnownItems(catalog.items(), "items.csv")       // events of other items: UNKNOWN_ITEM
 *         .build()
 *         .read(Path.of("events.csv"));
 * System.out.println(events.report().summary());
 * EventLog log = events.data();
 * }</pre>
 */
public final class EventLogReader {
    private static final Logger LOG = LoggerFactory.getLogger(EventLogReader.class);

    /** The default options: {@link LoadOptions#strict()}. */
    public static final LoadOptions DEFAULT_OPTIONS = LoadOptions.strict();

    private final EventMapping mapping;
    private final LoadOptions options;
    private final IdIndex knownItems;
    private final String knownItemsSource;

    private EventLogReader(Builder b) {
        this.mapping = b.mapping;
        this.options = b.options;
        this.knownItems = b.knownItems;
        this.knownItemsSource = b.knownItemsSource;
    }

    /**
     * Returns a builder of a reader of files described by {@code mapping}.
     *
     * @param mapping the columns and how the file is written
     * @return the builder (a null mapping fails {@link Builder#build()})
     */
    public static Builder builder(EventMapping mapping) {
        return new Builder(mapping);
    }

    /** Returns the mapping. */
    public EventMapping mapping() {
        return mapping;
    }

    /** Returns the options. */
    public LoadOptions options() {
        return options;
    }

    /**
     * Reads a file.
     *
     * @param file the event file
     * @return the events and the report (source: the file name)
     * @throws IOException             if the file cannot be read
     * @throws DataFileException       on a bad file (either mode) or, in strict mode, the first bad row
     * @throws TooFewRowsKeptException in lenient mode when the file kept none or too few of its rows
     */
    public Loaded<EventLog> read(Path file) throws IOException {
        String name = file.getFileName().toString();
        FileTally tally = new FileTally(name, options.isLenient());
        EventLog.Builder log = EventLog.builder(mapping.userIds(), mapping.itemIds());
        if (knownItems != null) {
            log.withItems(knownItems);
        }
        Rows rows = new Rows(name, tally, log);
        if (!mapping.dialect().hasHeader()) {
            rows.positions(null, 0);
        }
        long records = CsvRows.read(file, mapping.dialect(), tally, rows);
        Mappings.checkRead(tally, records, mapping.dialect().hasHeader(), rows.headerLine, names(), "events", options);
        EventLog events = log.build();
        LoadReport report = Mappings.report(tally, options, events, LOG);
        return new Loaded<>(events, report);
    }

    private String names() {
        List<String> n = new ArrayList<>();
        for (Column c : mapping.columns().values()) {
            n.add(c.toString());
        }
        return String.join(", ", n);
    }

    @Override
    public String toString() {
        return "EventLogReader[" + mapping + ", " + options
                + (knownItems != null ? ", known items: " + knownItemsSource : "") + "]";
    }

    /** Reads the rows of one file into a log builder. */
    private final class Rows implements CsvRows.Handler {
        final String file;
        final FileTally tally;
        final EventLog.Builder log;
        final boolean trim = mapping.dialect().trim();
        final ValueRange range = options.valueRange().orElse(null);
        final boolean numericIds = mapping.userIds() == IdIndex.Kind.NUMERIC && mapping.itemIds() == IdIndex.Kind.NUMERIC;
        long headerLine;
        int expectedFields = -1;    // with a header: its count
        int minFields;
        int user;
        int item;
        int timestamp;
        int type = -1;
        int value = -1;
        int weight = -1;
        String userField;
        String itemField;
        String timestampField;
        String typeField;
        String valueField;
        String weightField;

        Rows(String file, FileTally tally, EventLog.Builder log) {
            this.file = file;
            this.tally = tally;
            this.log = log;
        }

        void positions(List<String> header, long line) throws DataFileException {
            Map<String, Integer> p = Mappings.resolve(mapping.columns(), file, line, header);
            user = p.get("user");
            item = p.get("item");
            timestamp = p.get("timestamp");
            type = p.getOrDefault("event type", -1);
            value = p.getOrDefault("value", -1);
            weight = p.getOrDefault("weight", -1);
            userField = field(header, user, "user");
            itemField = field(header, item, "item");
            timestampField = field(header, timestamp, "timestamp");
            typeField = field(header, type, "type");
            valueField = field(header, value, "value");
            weightField = field(header, weight, "weight");
            for (int q : p.values()) {
                minFields = Math.max(minFields, q + 1);
            }
            expectedFields = header == null ? -1 : header.size();
        }

        private String field(List<String> header, int position, String role) {
            return position < 0 ? null : header != null ? header.get(position) : role;
        }

        @Override
        public void header(long line, List<String> fields) throws DataFileException {
            headerLine = line;
            positions(fields, line);
        }

        @Override
        public void row(long line, List<String> f) throws DataFileException {
            if (!Mappings.fieldCount(tally, line, f, expectedFields, minFields, mapping.dialect().delimiter())) {
                return;
            }
            String u = Mappings.text(f.get(user), trim);
            if (!Mappings.id(tally, line, userField, u, mapping.userIds(), "user")) {
                return;
            }
            String i = Mappings.text(f.get(item), trim);
            if (!Mappings.id(tally, line, itemField, i, mapping.itemIds(), "item")) {
                return;
            }
            long ts = Mappings.timestamp(tally, line, timestampField, Mappings.text(f.get(timestamp), trim),
                    mapping.timestampUnit(), mapping.timeZone().orElse(null));
            if (ts == Long.MIN_VALUE) {
                return;
            }
            String t = null;
            if (type >= 0) {
                t = Mappings.text(f.get(type), trim);
                if (!Mappings.token(tally, line, typeField, t, "an event type")) {
                    return;
                }
            }
            double v = Double.NaN;
            if (value >= 0) {
                String s = Mappings.text(f.get(value), trim);
                v = Mappings.number(tally, line, valueField, s);
                if (Double.isNaN(v)) {
                    return;
                }
                if (range != null && !range.contains(v)) {
                    tally.skip(SkipReason.OUT_OF_RANGE, line, valueField, s, "value " + range.why(v));
                    return;
                }
            }
            double w = 1.0;
            if (weight >= 0) {
                w = Mappings.number(tally, line, weightField, Mappings.text(f.get(weight), trim));
                if (Double.isNaN(w)) {
                    return;
                }
            }
            if (knownItems != null && knownItems.indexOf(i) < 0) {
                tally.skip(SkipReason.UNKNOWN_ITEM, line, itemField, i, "item not in " + knownItemsSource);
                return;
            }
            if (numericIds) {   // parsed once here, not again by the log's builder
                log.add(Long.parseLong(u), Long.parseLong(i), ts, t, v, w);
            } else {
                log.add(u, i, ts, t, v, w);
            }
            tally.rowsKept++;
        }
    }

    /** Collects a reader's options; setters only store, {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final EventMapping mapping;
        private LoadOptions options = DEFAULT_OPTIONS;
        private IdIndex knownItems;
        private String knownItemsSource;

        private Builder(EventMapping mapping) {
            this.mapping = mapping;
        }

        /**
         * Sets strict or lenient reading, the kept fraction and the value range (default
         * {@link EventLogReader#DEFAULT_OPTIONS}, strict). Returns this builder.
         *
         * @param options the options
         * @return this builder
         */
        public Builder withOptions(LoadOptions options) {
            this.options = options;
            return this;
        }

        /**
         * Restricts the events to known items, e.g. a catalogue's {@code items()}: the log's item index is
         * {@code items} itself (so that it fits the catalogue), and a row of another item is UNKNOWN_ITEM
         * (strict: an error), its message naming {@code source}. No default: without it every item id is
         * kept and the item index holds the ids of the events. Returns this builder.
         *
         * @param items  the known item ids, of the mapping's item id kind
         * @param source what they come from, for messages ({@code item not in items.csv})
         * @return this builder
         */
        public Builder withKnownItems(IdIndex items, String source) {
            this.knownItems = items;
            this.knownItemsSource = source;
            return this;
        }

        /**
         * Returns the reader.
         *
         * @return the reader
         * @throws NullPointerException     naming a null mapping, options or known-items source
         * @throws IllegalArgumentException if the known items are not of the mapping's item id kind
         */
        public EventLogReader build() {
            Objects.requireNonNull(mapping, "mapping");
            Objects.requireNonNull(options, "options");
            if (knownItems != null) {
                Objects.requireNonNull(knownItemsSource, "knownItems source");
                if (knownItems.kind() != mapping.itemIds()) {
                    throw new IllegalArgumentException("knownItems: a " + knownItems.kind()
                            + " index, but the mapping's item ids are " + mapping.itemIds());
                }
            }
            return new EventLogReader(this);
        }
    }
}
