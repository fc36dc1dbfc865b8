package org.recsys4j.core.io;

import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.io.internal.Dialect;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Describes an event file for {@link EventLogReader}: which column is the user, the item and the
 * timestamp (and in which {@link TimestampUnit}), which, if any, is the event type, the value and the
 * weight; how the file is written (delimiter, header, quoting, encoding) and whether the ids are numbers
 * or text. Immutable; build one with {@link #builder(String, String, String, TimestampUnit)} (columns by
 * header name) or {@link #builder(Column, Column, Column, TimestampUnit)} (by name or 0-based position).
 *
 * <pre>{@code
 * // user_id,sku,event,ts,qty      u123,sku-9a8b,view,2024-03-05T10:15:30Z,1
 * EventMapping shop = EventMapping.builder("user_id", "sku", "ts", TimestampUnit.ISO_8601)
 *         .withEventType("event")
 *         .withWeight("qty")
 *         .build();
 * // ml-100k's u.data: user item rating timestamp, tab separated, no header, numeric ids
 * EventMapping uData = EventMapping.builder(Column.at(0), Column.at(1), Column.at(3), TimestampUnit.SECONDS)
 *         .withValue(Column.at(2))
 *         .withDelimiter("\t").withHeader(false)
 *         .withUserIds(IdIndex.Kind.NUMERIC).withItemIds(IdIndex.Kind.NUMERIC)
 *         .build();
 * }</pre>
 */
public final class EventMapping {
    /** The default delimiter: a comma. */
    public static final String DEFAULT_DELIMITER = ",";
    /** Whether a file has a header line by default: {@value}. */
    public static final boolean DEFAULT_HEADER = true;
    /** Whether RFC 4180 quoting applies by default: {@value}. */
    public static final boolean DEFAULT_QUOTING = true;
    /** Whether blanks around fields are removed by default: {@value} (a blank around an id is an error). */
    public static final boolean DEFAULT_TRIM = false;
    /** The default encoding: UTF-8. */
    public static final Charset DEFAULT_CHARSET = StandardCharsets.UTF_8;
    /** The default kind of user ids: text, which accepts any id. */
    public static final IdIndex.Kind DEFAULT_USER_IDS = IdIndex.Kind.STRING;
    /** The default kind of item ids: text, which accepts any id. */
    public static final IdIndex.Kind DEFAULT_ITEM_IDS = IdIndex.Kind.STRING;

    private final Column user;
    private final Column item;
    private final Column timestamp;
    private final TimestampUnit timestampUnit;
    private final Column eventType;
    private final Column value;
    private final Column weight;
    private final Dialect dialect;
    private final boolean trim;
    private final IdIndex.Kind userIds;
    private final IdIndex.Kind itemIds;
    private final ZoneId timeZone;

    private EventMapping(Builder b) {
        this.user = b.user;
        this.item = b.item;
        this.timestamp = b.timestamp;
        this.timestampUnit = b.timestampUnit;
        this.eventType = b.eventType;
        this.value = b.value;
        this.weight = b.weight;
        this.dialect = new Dialect(b.delimiter, b.quoting, b.charset, b.header);
        this.trim = b.trim;
        this.userIds = b.userIds;
        this.itemIds = b.itemIds;
        this.timeZone = b.timeZone;
    }

    /**
     * Returns a builder of a mapping whose user, item and timestamp columns are given by header name.
     *
     * @param user          the user column's header name
     * @param item          the item column's header name
     * @param timestamp     the timestamp column's header name
     * @param timestampUnit how the timestamps are written
     * @return the builder (bad arguments fail {@link Builder#build()})
     */
    public static Builder builder(String user, String item, String timestamp, TimestampUnit timestampUnit) {
        return new Builder(named(user), named(item), named(timestamp), timestampUnit);
    }

    /**
     * Returns a builder of a mapping whose user, item and timestamp columns are given by name or position.
     *
     * @param user          the user column
     * @param item          the item column
     * @param timestamp     the timestamp column
     * @param timestampUnit how the timestamps are written
     * @return the builder (null arguments fail {@link Builder#build()})
     */
    public static Builder builder(Column user, Column item, Column timestamp, TimestampUnit timestampUnit) {
        return new Builder(user, item, timestamp, timestampUnit);
    }

    /** Returns a column by name, or null (which build() reports) for a null or empty name. */
    static Column named(String name) {
        return name == null || name.isEmpty() ? null : Column.named(name);
    }

    /** Returns the user column. */
    public Column user() {
        return user;
    }

    /** Returns the item column. */
    public Column item() {
        return item;
    }

    /** Returns the timestamp column. */
    public Column timestamp() {
        return timestamp;
    }

    /** Returns how the timestamps are written. */
    public TimestampUnit timestampUnit() {
        return timestampUnit;
    }

    /** Returns the event type column, if any. */
    public Optional<Column> eventType() {
        return Optional.ofNullable(eventType);
    }

    /** Returns the value column (e.g. a rating), if any. */
    public Optional<Column> value() {
        return Optional.ofNullable(value);
    }

    /** Returns the weight column (e.g. a quantity), if any. */
    public Optional<Column> weight() {
        return Optional.ofNullable(weight);
    }

    /** Returns the field delimiter. */
    public String delimiter() {
        return dialect.delimiter();
    }

    /** Returns true if the first line that is not blank is a header. */
    public boolean hasHeader() {
        return dialect.header();
    }

    /** Returns true if RFC 4180 quoting applies. */
    public boolean quoting() {
        return dialect.quoting();
    }

    /** Returns the encoding. */
    public Charset charset() {
        return dialect.charset();
    }

    /** Returns true if blanks around fields are removed. */
    public boolean trim() {
        return trim;
    }

    /** Returns the kind of the user ids. */
    public IdIndex.Kind userIds() {
        return userIds;
    }

    /** Returns the kind of the item ids. */
    public IdIndex.Kind itemIds() {
        return itemIds;
    }

    /** Returns the zone of local ISO-8601 date-times, if set (without it they are errors). */
    public Optional<ZoneId> timeZone() {
        return Optional.ofNullable(timeZone);
    }

    Dialect dialect() {
        return dialect;
    }

    /** Returns the mapped columns by role ({@code user}, {@code item}, {@code timestamp}, then the optional ones). */
    Map<String, Column> columns() {
        Map<String, Column> m = new LinkedHashMap<>();
        m.put("user", user);
        m.put("item", item);
        m.put("timestamp", timestamp);
        if (eventType != null) {
            m.put("event type", eventType);
        }
        if (value != null) {
            m.put("value", value);
        }
        if (weight != null) {
            m.put("weight", weight);
        }
        return m;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        columns().forEach((role, c) -> parts.add(role + "=" + c));
        return "EventMapping[" + String.join(", ", parts) + ", timestamps " + timestampUnit
                + (timeZone != null ? " in " + timeZone : "") + ", user ids " + userIds + ", item ids " + itemIds
                + ", " + dialect + (trim ? ", trimmed" : "") + "]";
    }

    /** Collects a mapping's options; setters only store, {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final Column user;
        private final Column item;
        private final Column timestamp;
        private final TimestampUnit timestampUnit;
        private Column eventType;
        private Column value;
        private Column weight;
        private String delimiter = DEFAULT_DELIMITER;
        private boolean header = DEFAULT_HEADER;
        private boolean quoting = DEFAULT_QUOTING;
        private boolean trim = DEFAULT_TRIM;
        private Charset charset = DEFAULT_CHARSET;
        private IdIndex.Kind userIds = DEFAULT_USER_IDS;
        private IdIndex.Kind itemIds = DEFAULT_ITEM_IDS;
        private ZoneId timeZone;
        private String badName;

        private Builder(Column user, Column item, Column timestamp, TimestampUnit timestampUnit) {
            this.user = user;
            this.item = item;
            this.timestamp = timestamp;
            this.timestampUnit = timestampUnit;
        }

        private Column byName(String role, String name) {
            if (name == null || name.isEmpty()) {
                badName = badName != null ? badName : role;
                return null;
            }
            return Column.named(name);
        }

        /**
         * Sets the event type column by header name (e.g. {@code view}, {@code cart}, {@code buy}). No
         * default: without it the events have no type. Returns this builder.
         *
         * @param column the header name
         * @return this builder
         */
        public Builder withEventType(String column) {
            this.eventType = byName("eventType", column);
            return this;
        }

        /**
         * Sets the event type column. No default: without it the events have no type. Returns this builder.
         *
         * @param column the column
         * @return this builder
         */
        public Builder withEventType(Column column) {
            this.eventType = column;
            return this;
        }

        /**
         * Sets the value column (e.g. a rating; a finite number, never empty) by header name. No default:
         * without it the events have no value. Returns this builder.
         *
         * @param column the header name
         * @return this builder
         */
        public Builder withValue(String column) {
            this.value = byName("value", column);
            return this;
        }

        /**
         * Sets the value column (e.g. a rating; a finite number, never empty). No default: without it the
         * events have no value. Returns this builder.
         *
         * @param column the column
         * @return this builder
         */
        public Builder withValue(Column column) {
            this.value = column;
            return this;
        }

        /**
         * Sets the weight column (e.g. a quantity; a finite number, never empty) by header name. No default:
         * without it every event weighs 1. Returns this builder.
         *
         * @param column the header name
         * @return this builder
         */
        public Builder withWeight(String column) {
            this.weight = byName("weight", column);
            return this;
        }

        /**
         * Sets the weight column (e.g. a quantity; a finite number, never empty). No default: without it
         * every event weighs 1. Returns this builder.
         *
         * @param column the column
         * @return this builder
         */
        public Builder withWeight(Column column) {
            this.weight = column;
            return this;
        }

        /**
         * Sets the field delimiter: one or more characters, e.g. {@code "\t"}, {@code ";"}, {@code "::"}
         * (default {@link EventMapping#DEFAULT_DELIMITER}, a comma). Returns this builder.
         *
         * @param delimiter the delimiter (no quote, CR or LF)
         * @return this builder
         */
        public Builder withDelimiter(String delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        /**
         * Sets whether the first line that is not blank names the columns (default
         * {@value EventMapping#DEFAULT_HEADER}); without a header, columns are given by position. Returns this
         * builder.
         *
         * @param header true if the file has a header
         * @return this builder
         */
        public Builder withHeader(boolean header) {
            this.header = header;
            return this;
        }

        /**
         * Sets whether a field that starts with {@code "} is quoted, RFC 4180 style (default
         * {@value EventMapping#DEFAULT_QUOTING}); false takes quotes as ordinary characters. Returns this builder.
         *
         * @param quoting true for RFC 4180 quoting
         * @return this builder
         */
        public Builder withQuoting(boolean quoting) {
            this.quoting = quoting;
            return this;
        }

        /**
         * Sets whether blanks (spaces, tabs) around every field are removed before it is read (default
         * {@value EventMapping#DEFAULT_TRIM}: a blank around an id, number or type is an error, since
         * {@code "u1"} and {@code " u1"} would otherwise be two users). Returns this builder.
         *
         * @param trim true to remove blanks around fields
         * @return this builder
         */
        public Builder withTrim(boolean trim) {
            this.trim = trim;
            return this;
        }

        /**
         * Sets the encoding (default {@link EventMapping#DEFAULT_CHARSET}, UTF-8, where bytes that are not
         * valid UTF-8 make their row MALFORMED). Returns this builder.
         *
         * @param charset the encoding
         * @return this builder
         */
        public Builder withCharset(Charset charset) {
            this.charset = charset;
            return this;
        }

        /**
         * Sets whether user ids are numbers or text (default {@link EventMapping#DEFAULT_USER_IDS}, text).
         * Returns this builder.
         *
         * @param kind the kind of the user ids
         * @return this builder
         */
        public Builder withUserIds(IdIndex.Kind kind) {
            this.userIds = kind;
            return this;
        }

        /**
         * Sets whether item ids are numbers or text (default {@link EventMapping#DEFAULT_ITEM_IDS}, text).
         * Returns this builder.
         *
         * @param kind the kind of the item ids
         * @return this builder
         */
        public Builder withItemIds(IdIndex.Kind kind) {
            this.itemIds = kind;
            return this;
        }

        /**
         * Sets the zone of ISO-8601 timestamps written without an offset ({@code 2024-03-05T10:15:30}, or a
         * bare date). No default: without it such a timestamp is a MALFORMED row. Returns this builder.
         *
         * @param zone the zone, e.g. {@code ZoneOffset.UTC} or {@code ZoneId.of("Europe/Paris")}
         * @return this builder
         */
        public Builder withTimeZone(ZoneId zone) {
            this.timeZone = zone;
            return this;
        }

        /**
         * Returns the mapping.
         *
         * @return the mapping
         * @throws NullPointerException     naming a null column, unit, delimiter, charset or id kind
         * @throws IllegalArgumentException naming the option: an empty column name, two roles on one column, a
         *                                  column by name without a header, a bad delimiter, a time zone with a
         *                                  unit other than ISO-8601
         */
        public EventMapping build() {
            if (badName != null) {
                throw new IllegalArgumentException(badName + ": an empty column name");
            }
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(timestampUnit, "timestampUnit");
            Objects.requireNonNull(delimiter, "delimiter");
            Objects.requireNonNull(charset, "charset");
            Objects.requireNonNull(userIds, "userIds");
            Objects.requireNonNull(itemIds, "itemIds");
            String d = Dialect.delimiterProblem(delimiter);
            if (d != null) {
                throw new IllegalArgumentException("delimiter: '" + Dialect.show(delimiter) + "', " + d);
            }
            if (timeZone != null && timestampUnit != TimestampUnit.ISO_8601) {
                throw new IllegalArgumentException("timeZone: " + timeZone + ", only for ISO_8601 timestamps (the unit is "
                        + timestampUnit + ")");
            }
            EventMapping m = new EventMapping(this);
            Mappings.checkColumns(m.columns(), header);
            return m;
        }
    }
}
