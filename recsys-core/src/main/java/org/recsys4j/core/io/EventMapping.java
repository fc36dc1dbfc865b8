package org.recsys4j.core.io;

import org.recsys4j.core.data.IdIndex;
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
 * weight; how the file is written (its {@link Dialect}: delimiter, header, quoting, trimming, encoding) and whether
 * the ids are numbers
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
 *         .withDialect(Dialect.builder().withDelimiter("\t").withHeader(false).build())
 *         .withUserIds(IdIndex.Kind.NUMERIC).withItemIds(IdIndex.Kind.NUMERIC)
 *         .build();
 * }</pre>
 */
public final class EventMapping {
    /** How a file is written by default: {@link Dialect#CSV} (comma, header, RFC 4180 quoting, UTF-8). */
    public static final Dialect DEFAULT_DIALECT = Dialect.CSV;
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
        this.dialect = b.dialect;
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

    /** Returns how the file is written: delimiter, header, quoting, trimming, encoding. */
    public Dialect dialect() {
        return dialect;
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
                + ", " + dialect + "]";
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
        private Dialect dialect = DEFAULT_DIALECT;
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
         * Sets how the file is written: its delimiter, header, quoting, trimming and encoding (default
         * {@link EventMapping#DEFAULT_DIALECT}, RFC 4180 CSV in UTF-8 with a header). Returns this builder.
         *
         * @param dialect the dialect
         * @return this builder
         */
        public Builder withDialect(Dialect dialect) {
            this.dialect = dialect;
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
         * @throws NullPointerException     naming a null column, unit, dialect or id kind
         * @throws IllegalArgumentException naming the option: an empty column name, two roles on one column, a
         *                                  column by name without a header, a time zone with a
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
            Objects.requireNonNull(dialect, "dialect");
            Objects.requireNonNull(userIds, "userIds");
            Objects.requireNonNull(itemIds, "itemIds");
            if (timeZone != null && timestampUnit != TimestampUnit.ISO_8601) {
                throw new IllegalArgumentException("timeZone: " + timeZone + ", only for ISO_8601 timestamps (the unit is "
                        + timestampUnit + ")");
            }
            EventMapping m = new EventMapping(this);
            Mappings.checkColumns(m.columns(), dialect.hasHeader());
            return m;
        }
    }
}
