package org.recsys4j.core.io;

import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.IdIndex;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Describes an item file for {@link CatalogReader}: which column is the item id (numeric or text) and
 * which columns become which typed attributes ({@link Field}); how the file is written (its {@link Dialect}:
 * delimiter, header, quoting, trimming, encoding). Immutable; build one with {@link #builder(String)} or
 * {@link #builder(Column)}.
 *
 * <pre>{@code
 * // item_id,title,category,brand,price,tags,listed_at
 * CatalogMapping items = CatalogMapping.builder("item_id")
 *         .field(CatalogMapping.Field.text("title"))
 *         .field(CatalogMapping.Field.categorical("category").withRequired(true))
 *         .field(CatalogMapping.Field.categorical("brand"))
 *         .field(CatalogMapping.Field.numeric("price"))
 *         .field(CatalogMapping.Field.multiCategorical("tags", "|"))
 *         .field(CatalogMapping.Field.timestamp("listed_at", TimestampUnit.ISO_8601))
 *         .build();
 * }</pre>
 *
 * <p>A cell that is empty (after trimming, when the mapping trims) is a missing value, unless the field
 * is {@linkplain Field#withRequired(boolean) required}, where it makes the row MALFORMED. Several fields
 * may read one column (MovieLens' title is the {@code title} text and, through a transform, the
 * {@code year} number).
 */
public final class CatalogMapping {
    /** How a file is written by default: {@link Dialect#CSV} (comma, header, RFC 4180 quoting, UTF-8). */
    public static final Dialect DEFAULT_DIALECT = Dialect.CSV;
    /** The default kind of item ids: text, which accepts any id. */
    public static final IdIndex.Kind DEFAULT_IDS = IdIndex.Kind.STRING;

    private final Column id;
    private final IdIndex.Kind ids;
    private final List<Field> fields;
    private final Dialect dialect;

    private CatalogMapping(Builder b) {
        this.id = b.id;
        this.ids = b.ids;
        this.fields = List.copyOf(b.fields);
        this.dialect = b.dialect;
    }

    /**
     * Returns a builder of a mapping whose id column is given by header name.
     *
     * @param idColumn the id column's header name
     * @return the builder (a null or empty name fails {@link Builder#build()})
     */
    public static Builder builder(String idColumn) {
        return new Builder(EventMapping.named(idColumn));
    }

    /**
     * Returns a builder of a mapping whose id column is given by name or position.
     *
     * @param idColumn the id column
     * @return the builder (null fails {@link Builder#build()})
     */
    public static Builder builder(Column idColumn) {
        return new Builder(idColumn);
    }

    /** Returns the id column. */
    public Column id() {
        return id;
    }

    /** Returns whether the ids are numbers or text. */
    public IdIndex.Kind ids() {
        return ids;
    }

    /** Returns the fields, in declaration order (the catalogue's attribute order). */
    public List<Field> fields() {
        return fields;
    }

    /** Returns how the file is written: delimiter, header, quoting, trimming, encoding. */
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public String toString() {
        return "CatalogMapping[id=" + id + " (" + ids + "), fields=" + fields + ", " + dialect + "]";
    }

    /**
     * One attribute of the catalogue and where its values come from: a column read as the attribute's
     * {@link AttributeType}, or, for {@link #flags}, a set of 0/1 columns. Immutable; the {@code withX}
     * methods return a changed copy.
     *
     * <p>How a cell is read, in order: blanks around it are removed when the mapping trims; the
     * {@linkplain #withTransform transform}, if any, is applied (a result of {@code ""} is a missing value);
     * an empty cell is missing (MALFORMED when the field is required); then by type: TEXT as is;
     * CATEGORICAL a value without blanks at its ends; MULTI_CATEGORICAL split at the separator, empty parts
     * dropped, each part without blanks at its ends; NUMERIC a finite decimal number ({@code NaN} and
     * {@code Infinity} are MALFORMED); TIMESTAMP in its {@link TimestampUnit}. Values listed in
     * {@link #withIgnoredValues} count as missing (for a multi-valued field: that value is left out).
     */
    public static final class Field {
        private final String attribute;
        private final AttributeType type;
        private final List<Column> columns;
        private final List<String> flagValues;
        private final String separator;
        private final TimestampUnit unit;
        private final ZoneId zone;
        private final boolean required;
        private final Set<String> ignored;
        private final UnaryOperator<String> transform;

        private Field(String attribute, AttributeType type, List<Column> columns, List<String> flagValues,
                      String separator, TimestampUnit unit, ZoneId zone, boolean required, Set<String> ignored,
                      UnaryOperator<String> transform) {
            this.attribute = attribute;
            this.type = type;
            this.columns = columns;
            this.flagValues = flagValues;
            this.separator = separator;
            this.unit = unit;
            this.zone = zone;
            this.required = required;
            this.ignored = ignored;
            this.transform = transform;
        }

        private static Field of(Column column, AttributeType type, String separator, TimestampUnit unit) {
            Objects.requireNonNull(column, "column");
            return new Field(column.name().orElse(null), type, List.of(column), null, separator, unit, null, false,
                    Set.of(), null);
        }

        /**
         * Returns a TEXT field read from the column with this header name (the attribute's name too).
         *
         * @param column the header name
         * @return the field
         */
        public static Field text(String column) {
            return of(Column.named(column), AttributeType.TEXT, null, null);
        }

        /**
         * Returns a TEXT field read from a column (give a column by position a name with {@link #withName}).
         *
         * @param column the column
         * @return the field
         */
        public static Field text(Column column) {
            return of(column, AttributeType.TEXT, null, null);
        }

        /**
         * Returns a CATEGORICAL field read from the column with this header name.
         *
         * @param column the header name
         * @return the field
         */
        public static Field categorical(String column) {
            return of(Column.named(column), AttributeType.CATEGORICAL, null, null);
        }

        /**
         * Returns a CATEGORICAL field read from a column.
         *
         * @param column the column
         * @return the field
         */
        public static Field categorical(Column column) {
            return of(column, AttributeType.CATEGORICAL, null, null);
        }

        /**
         * Returns a MULTI_CATEGORICAL field read from the column with this header name, its values separated
         * by {@code separator} (e.g. {@code "|"}).
         *
         * @param column    the header name
         * @param separator the separator of the values in a cell (non-empty)
         * @return the field
         */
        public static Field multiCategorical(String column, String separator) {
            return multiCategorical(Column.named(column), separator);
        }

        /**
         * Returns a MULTI_CATEGORICAL field read from a column, its values separated by {@code separator}.
         *
         * @param column    the column
         * @param separator the separator of the values in a cell (non-empty)
         * @return the field
         */
        public static Field multiCategorical(Column column, String separator) {
            Objects.requireNonNull(separator, "separator");
            if (separator.isEmpty()) {
                throw new IllegalArgumentException("separator: empty");
            }
            return of(column, AttributeType.MULTI_CATEGORICAL, separator, null);
        }

        /**
         * Returns a NUMERIC field read from the column with this header name.
         *
         * @param column the header name
         * @return the field
         */
        public static Field numeric(String column) {
            return of(Column.named(column), AttributeType.NUMERIC, null, null);
        }

        /**
         * Returns a NUMERIC field read from a column.
         *
         * @param column the column
         * @return the field
         */
        public static Field numeric(Column column) {
            return of(column, AttributeType.NUMERIC, null, null);
        }

        /**
         * Returns a TIMESTAMP field read from the column with this header name, written in {@code unit}.
         *
         * @param column the header name
         * @param unit   how the timestamps are written
         * @return the field
         */
        public static Field timestamp(String column, TimestampUnit unit) {
            return timestamp(Column.named(column), unit);
        }

        /**
         * Returns a TIMESTAMP field read from a column, written in {@code unit}.
         *
         * @param column the column
         * @param unit   how the timestamps are written
         * @return the field
         */
        public static Field timestamp(Column column, TimestampUnit unit) {
            Objects.requireNonNull(unit, "unit");
            return of(column, AttributeType.TIMESTAMP, null, unit);
        }

        /**
         * Returns a MULTI_CATEGORICAL field made of 0/1 flag columns (one-hot, as ml-100k's u.item genres):
         * an item's values are those of the columns whose cell is {@code 1}; any cell other than {@code 0}
         * or {@code 1} makes the row MALFORMED.
         *
         * @param attribute the attribute's name
         * @param columns   the flag columns
         * @param values    the value each column stands for, in the same order
         * @return the field
         * @throws IllegalArgumentException if the lists differ in length or are empty
         */
        public static Field flags(String attribute, List<Column> columns, List<String> values) {
            Objects.requireNonNull(attribute, "attribute");
            List<Column> c = List.copyOf(columns);
            List<String> v = List.copyOf(values);
            if (c.isEmpty() || c.size() != v.size()) {
                throw new IllegalArgumentException("flags: " + c.size() + " columns and " + v.size()
                        + " values, need as many values as columns (at least one)");
            }
            return new Field(attribute, AttributeType.MULTI_CATEGORICAL, c, v, null, null, null, false, Set.of(), null);
        }

        /**
         * Returns this field with another attribute name (required for a column given by position).
         *
         * @param attribute the attribute's name
         * @return the changed copy
         */
        public Field withName(String attribute) {
            Objects.requireNonNull(attribute, "attribute");
            return new Field(attribute, type, columns, flagValues, separator, unit, zone, required, ignored, transform);
        }

        /**
         * Returns this field, required or not (default not): an empty cell of a required field makes the
         * row MALFORMED instead of a missing value.
         *
         * @param required true to require a value
         * @return the changed copy
         */
        public Field withRequired(boolean required) {
            return new Field(attribute, type, columns, flagValues, separator, unit, zone, required, ignored, transform);
        }

        /**
         * Returns this field with values that mean "none": a cell (or, for a multi-valued field, a value)
         * equal to one of them is left out, e.g. {@code (no genres listed)}, {@code N/A}, ml-100k's
         * {@code unknown} genre.
         *
         * @param values the values
         * @return the changed copy
         */
        public Field withIgnoredValues(String... values) {
            return new Field(attribute, type, columns, flagValues, separator, unit, zone, required,
                    Set.copyOf(List.of(values)), transform);
        }

        /**
         * Returns this field with a transform of each cell's text before it is read, e.g. the year at the end
         * of a title; a result of {@code ""} is a missing value; an exception it throws makes the row
         * MALFORMED with its message.
         *
         * @param transform the transform
         * @return the changed copy
         */
        public Field withTransform(UnaryOperator<String> transform) {
            Objects.requireNonNull(transform, "transform");
            return new Field(attribute, type, columns, flagValues, separator, unit, zone, required, ignored, transform);
        }

        /**
         * Returns this TIMESTAMP field with the zone of local ISO-8601 date-times (without it they are
         * MALFORMED).
         *
         * @param zone the zone
         * @return the changed copy
         * @throws IllegalArgumentException if this is not an ISO-8601 timestamp field
         */
        public Field withTimeZone(ZoneId zone) {
            Objects.requireNonNull(zone, "zone");
            if (unit != TimestampUnit.ISO_8601) {
                throw new IllegalArgumentException("timeZone: only for ISO_8601 timestamp fields (" + this + ")");
            }
            return new Field(attribute, type, columns, flagValues, separator, unit, zone, required, ignored, transform);
        }

        /** Returns the attribute's name, or empty while a column given by position has none. */
        public Optional<String> attribute() {
            return Optional.ofNullable(attribute);
        }

        /** Returns the attribute's type. */
        public AttributeType type() {
            return type;
        }

        /** Returns the column read (for {@link #flags}: the flag columns). */
        public List<Column> columns() {
            return columns;
        }

        /** Returns true if this field is made of flag columns. */
        public boolean isFlags() {
            return flagValues != null;
        }

        /** Returns the value each flag column stands for (empty unless {@link #isFlags()}). */
        public List<String> flagValues() {
            return flagValues == null ? List.of() : flagValues;
        }

        /** Returns the separator of a multi-valued column's values, if any. */
        public Optional<String> separator() {
            return Optional.ofNullable(separator);
        }

        /** Returns how a timestamp field is written, if this is one. */
        public Optional<TimestampUnit> unit() {
            return Optional.ofNullable(unit);
        }

        /** Returns the zone of local ISO-8601 date-times, if set. */
        public Optional<ZoneId> timeZone() {
            return Optional.ofNullable(zone);
        }

        /** Returns true if an empty cell makes the row MALFORMED. */
        public boolean required() {
            return required;
        }

        /** Returns the values that mean "none". */
        public Set<String> ignoredValues() {
            return ignored;
        }

        /** Returns the transform of each cell, if any. */
        public Optional<UnaryOperator<String>> transform() {
            return Optional.ofNullable(transform);
        }

        /** Returns e.g. {@code genres MULTI_CATEGORICAL <- 'genres' split at '|'}. */
        @Override
        public String toString() {
            return attribute + " " + type + " <- " + (flagValues != null ? "flags " + columns : columns.get(0))
                    + (separator != null ? " split at '" + separator + "'" : "") + (unit != null ? " " + unit : "")
                    + (required ? ", required" : "") + (ignored.isEmpty() ? "" : ", ignoring " + ignored)
                    + (transform != null ? ", transformed" : "");
        }
    }

    /** Collects a mapping's options and fields; setters only store, {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final Column id;
        private IdIndex.Kind ids = DEFAULT_IDS;
        private final List<Field> fields = new ArrayList<>();
        private Dialect dialect = DEFAULT_DIALECT;

        private Builder(Column id) {
            this.id = id;
        }

        /**
         * Adds a field (an attribute of the catalogue, in this order); returns this builder.
         *
         * @param field the field
         * @return this builder
         */
        public Builder field(Field field) {
            fields.add(field);
            return this;
        }

        /**
         * Sets whether the ids are numbers or text (default {@link CatalogMapping#DEFAULT_IDS}, text). Returns
         * this builder.
         *
         * @param kind the kind of the ids
         * @return this builder
         */
        public Builder withIds(IdIndex.Kind kind) {
            this.ids = kind;
            return this;
        }

        /**
         * Sets how the file is written: its delimiter, header, quoting, trimming (of every field, and of every
         * value of a multi-valued field) and encoding (default {@link CatalogMapping#DEFAULT_DIALECT}, RFC 4180 CSV
         * in UTF-8 with a header). Returns this builder.
         *
         * @param dialect the dialect
         * @return this builder
         */
        public Builder withDialect(Dialect dialect) {
            this.dialect = dialect;
            return this;
        }

        /**
         * Returns the mapping.
         *
         * @return the mapping
         * @throws NullPointerException     naming a null id column, field, dialect or id kind
         * @throws IllegalArgumentException naming the problem: a field without a name, two fields of one name, a
         *                                  column by name without a header
         */
        public CatalogMapping build() {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(ids, "ids");
            Objects.requireNonNull(dialect, "dialect");
            Set<String> names = new HashSet<>();
            Map<String, Column> columns = new LinkedHashMap<>();
            columns.put("id", id);
            for (int f = 0; f < fields.size(); f++) {
                Field field = Objects.requireNonNull(fields.get(f), "field " + f);
                String name = field.attribute().orElseThrow(() -> new IllegalArgumentException("field: "
                        + field.columns().get(0) + " is given by position: name its attribute with withName"));
                if (!names.add(name)) {
                    throw new IllegalArgumentException("field: two fields named '" + name + "'");
                }
                for (int c = 0; c < field.columns().size(); c++) {
                    columns.put("field '" + name + "'" + (field.isFlags() ? " flag " + c : ""), field.columns().get(c));
                }
            }
            if (!dialect.hasHeader()) {
                for (Map.Entry<String, Column> e : columns.entrySet()) {
                    if (e.getValue().name().isPresent()) {
                        throw new IllegalArgumentException(e.getKey() + ": column " + e.getValue()
                                + " is given by name, but the file has no header (withHeader(false)): give it by position");
                    }
                }
            }
            return new CatalogMapping(this);
        }
    }
}
