package org.recsys4j.core.io;

import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.internal.CsvRows;
import org.recsys4j.core.io.internal.FileTally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads an item file described by a {@link CatalogMapping} into an {@link ItemCatalog}, validating every
 * row with the strict and lenient modes of {@link LoadOptions} and the same text handling as
 * {@link EventLogReader} (BOM, any line ends, RFC 4180 quoting with located errors, UTF-8 checks, blank
 * lines). {@link #read(Path)} makes a catalogue of the file's items; {@link #join(ItemCatalog, Path)} adds
 * the file's attributes to the items of a catalogue, by id (MovieLens' links.csv next to movies.csv).
 *
 * <p><b>Bad rows</b>: MALFORMED for a wrong field count, an empty id or one with blanks at its ends, a
 * numeric id that is not a whole number, an empty required field, a categorical value with blanks at its
 * ends, a number that is not a finite decimal, a timestamp not in its unit or outside 1970 .. 9999, a flag
 * other than 0 or 1; DUPLICATE for an id listed again (the first row is kept); in {@code join},
 * UNKNOWN_ITEM for an id the catalogue does not have. Strict mode (the default) throws the first as a
 * {@link DataFileException} naming file, line, field and value; lenient mode skips and counts them, and
 * fails with a {@link TooFewRowsKeptException} when a file keeps none or too few of its rows. <b>Bad
 * files</b>, in either mode: an empty file, a header without a mapped column, a mapped name twice in the
 * header, a header and no rows.
 *
 * <p>A reader is immutable and may read several files, from several threads at once.
 *
 * <pre>{@code
 * Loaded<ItemCatalog> items = CatalogReader.builder(mapping).build().read(Path.of("items.csv"));
 * ItemCatalog catalog = items.data();
 * }</pre>
 */
public final class CatalogReader {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogReader.class);

    /** The default options: {@link LoadOptions#strict()}. */
    public static final LoadOptions DEFAULT_OPTIONS = LoadOptions.strict();

    private final CatalogMapping mapping;
    private final LoadOptions options;

    private CatalogReader(Builder b) {
        this.mapping = b.mapping;
        this.options = b.options;
    }

    /**
     * Returns a builder of a reader of files described by {@code mapping}.
     *
     * @param mapping the id column, the fields and how the file is written
     * @return the builder (a null mapping fails {@link Builder#build()})
     */
    public static Builder builder(CatalogMapping mapping) {
        return new Builder(mapping);
    }

    /** Returns the mapping. */
    public CatalogMapping mapping() {
        return mapping;
    }

    /** Returns the options. */
    public LoadOptions options() {
        return options;
    }

    /**
     * Reads a catalogue: one item per kept row, in ascending id order, with one attribute per field of the
     * mapping (in field order).
     *
     * @param file the item file
     * @return the catalogue and the report (source: the file name)
     * @throws IOException             if the file cannot be read
     * @throws DataFileException       on a bad file (either mode) or, in strict mode, the first bad row
     * @throws TooFewRowsKeptException in lenient mode when the file kept none or too few of its rows
     */
    public Loaded<ItemCatalog> read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Adds the attributes of a file to the items of {@code base}, by id: a row of an item {@code base} does
     * not have is UNKNOWN_ITEM; an item without a row keeps no value for the new attributes. The result
     * shares {@code base}'s {@link ItemCatalog#items()} index (and its other attributes and tags); an
     * attribute {@code base} already has is overwritten for the items the file lists.
     *
     * @param base the catalogue to add to (its ids of the mapping's kind)
     * @param file the item file
     * @return the catalogue and the report of the file
     * @throws IOException              if the file cannot be read
     * @throws DataFileException        on a bad file or, in strict mode, the first bad row
     * @throws TooFewRowsKeptException  in lenient mode when the file kept none or too few of its rows
     * @throws IllegalArgumentException if the base's ids are of the other kind, or it has an attribute of a
     *                                  field's name with another type
     */
    public Loaded<ItemCatalog> join(ItemCatalog base, Path file) throws IOException {
        Objects.requireNonNull(base, "base");
        if (base.size() > 0 && base.items().kind() != mapping.ids()) {
            throw new IllegalArgumentException("base: its ids are " + base.items().kind() + ", the mapping's are "
                    + mapping.ids());
        }
        for (CatalogMapping.Field f : mapping.fields()) {
            String name = f.attribute().orElseThrow();
            base.attribute(name).filter(a -> a.type() != f.type()).ifPresent(a -> {
                throw new IllegalArgumentException("field: '" + name + "' is " + f.type() + ", but the base has it as "
                        + a.type());
            });
        }
        return read(file, base);
    }

    private Loaded<ItemCatalog> read(Path file, ItemCatalog base) throws IOException {
        String name = file.getFileName().toString();
        FileTally tally = new FileTally(name, options.isLenient());
        ItemCatalog.Builder catalog = base == null ? ItemCatalog.builder() : base.toBuilder();
        for (CatalogMapping.Field f : mapping.fields()) {
            catalog.field(f.attribute().orElseThrow(), f.type());
        }
        Rows rows = new Rows(name, tally, catalog, base);
        if (!mapping.dialect().hasHeader()) {
            rows.positions(null, 0);
        }
        long records = CsvRows.read(file, mapping.dialect(), tally, rows);
        Mappings.checkRead(tally, records, mapping.dialect().hasHeader(), rows.headerLine, rows.columnNames(), "items", options);
        ItemCatalog built = catalog.build();
        LoadReport report = Mappings.report(tally, options, built, LOG);
        return new Loaded<>(built, report);
    }

    @Override
    public String toString() {
        return "CatalogReader[" + mapping + ", " + options + "]";
    }

    /** Reads the rows of one file into a catalogue builder. */
    private final class Rows implements CsvRows.Handler {
        final String file;
        final FileTally tally;
        final ItemCatalog.Builder catalog;
        final ItemCatalog base;
        final boolean trim = mapping.dialect().trim();
        final Map<String, Long> firstLine = new HashMap<>();
        final List<CatalogMapping.Field> fields = mapping.fields();
        long headerLine;
        int expectedFields = -1;
        int minFields;
        int id;
        String idField;
        int[][] positions;
        String[][] fieldNames;

        Rows(String file, FileTally tally, ItemCatalog.Builder catalog, ItemCatalog base) {
            this.file = file;
            this.tally = tally;
            this.catalog = catalog;
            this.base = base;
        }

        Map<String, Column> columns() {
            Map<String, Column> m = new LinkedHashMap<>();
            m.put("id", mapping.id());
            for (CatalogMapping.Field f : fields) {
                for (int c = 0; c < f.columns().size(); c++) {
                    m.put("'" + f.attribute().orElseThrow() + "'" + (f.isFlags() ? " flag " + c : "") + " field",
                            f.columns().get(c));
                }
            }
            return m;
        }

        String columnNames() {
            List<String> n = new ArrayList<>();
            for (Column c : columns().values()) {
                if (!n.contains(c.toString())) {
                    n.add(c.toString());
                }
            }
            return String.join(", ", n);
        }

        void positions(List<String> header, long line) throws DataFileException {
            Map<String, Integer> p = Mappings.resolve(columns(), file, line, header);
            id = p.get("id");
            idField = header != null ? header.get(id) : "id";
            positions = new int[fields.size()][];
            fieldNames = new String[fields.size()][];
            for (int f = 0; f < fields.size(); f++) {
                CatalogMapping.Field field = fields.get(f);
                int n = field.columns().size();
                positions[f] = new int[n];
                fieldNames[f] = new String[n];
                for (int c = 0; c < n; c++) {
                    int q = p.get("'" + field.attribute().orElseThrow() + "'" + (field.isFlags() ? " flag " + c : "")
                            + " field");
                    positions[f][c] = q;
                    fieldNames[f][c] = header != null ? header.get(q) : field.isFlags()
                            ? field.flagValues().get(c) : field.attribute().orElseThrow();
                }
            }
            for (int q : p.values()) {
                minFields = Math.max(minFields, q + 1);
            }
            expectedFields = header == null ? -1 : header.size();
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
            String itemId = Mappings.text(f.get(id), trim);
            if (!Mappings.id(tally, line, idField, itemId, mapping.ids(), "item")) {
                return;
            }
            Map<String, Object> values = new HashMap<>();
            for (int k = 0; k < fields.size(); k++) {
                if (!value(line, f, k, values)) {
                    return;
                }
            }
            String key = mapping.ids() == IdIndex.Kind.NUMERIC ? Long.toString(Long.parseLong(itemId)) : itemId;
            if (base != null && base.items().indexOf(itemId) < 0) {
                tally.skip(SkipReason.UNKNOWN_ITEM, line, idField, itemId, "item not in the catalogue ("
                        + base.size() + " items)");
                return;
            }
            Long first = firstLine.putIfAbsent(key, line);
            if (first != null) {
                tally.skip(SkipReason.DUPLICATE, line, idField, itemId, "item already listed on line " + first);
                return;
            }
            if (mapping.ids() == IdIndex.Kind.NUMERIC) {
                long n = Long.parseLong(itemId);
                if (base == null) {
                    catalog.add(n, values);
                } else {
                    catalog.withValues(n, values);
                }
            } else if (base == null) {
                catalog.add(itemId, values);
            } else {
                catalog.withValues(itemId, values);
            }
            tally.rowsKept++;
        }

        /** Reads field {@code k} of a row into {@code values}; returns false after a skip. */
        private boolean value(long line, List<String> row, int k, Map<String, Object> values) throws DataFileException {
            CatalogMapping.Field field = fields.get(k);
            String attribute = field.attribute().orElseThrow();
            if (field.isFlags()) {
                List<String> set = new ArrayList<>();
                for (int c = 0; c < positions[k].length; c++) {
                    String flag = Mappings.text(row.get(positions[k][c]), trim);
                    if (flag.equals("1")) {
                        String v = field.flagValues().get(c);
                        if (!field.ignoredValues().contains(v)) {
                            set.add(v);
                        }
                    } else if (!flag.equals("0")) {
                        tally.skip(SkipReason.MALFORMED, line, fieldNames[k][c], flag, "flag must be 0 or 1");
                        return false;
                    }
                }
                values.put(attribute, set);
                return true;
            }
            String name = fieldNames[k][0];
            String s = Mappings.text(row.get(positions[k][0]), trim);
            if (field.transform().isPresent()) {
                try {
                    s = Objects.requireNonNull(field.transform().get().apply(s), "the transform returned null");
                } catch (RuntimeException e) {
                    tally.skip(SkipReason.MALFORMED, line, name, s, "transform of '" + attribute + "' failed: "
                            + e.getMessage());
                    return false;
                }
            }
            if (s.isEmpty()) {
                if (field.required()) {
                    tally.skip(SkipReason.MALFORMED, line, name, s, "empty, but '" + attribute + "' is required");
                    return false;
                }
                return true;
            }
            if (field.type() != AttributeType.MULTI_CATEGORICAL && field.ignoredValues().contains(s)) {
                return true;
            }
            switch (field.type()) {
                case TEXT -> values.put(attribute, s);
                case CATEGORICAL -> {
                    if (!Mappings.token(tally, line, name, s, "a category")) {
                        return false;
                    }
                    values.put(attribute, s);
                }
                case MULTI_CATEGORICAL -> {
                    List<String> set = new ArrayList<>();
                    String sep = field.separator().orElseThrow();
                    int from = 0;
                    while (from <= s.length()) {
                        int at = s.indexOf(sep, from);
                        int to = at < 0 ? s.length() : at;
                        String v = trim ? s.substring(from, to).strip() : s.substring(from, to);
                        if (!v.isEmpty() && !field.ignoredValues().contains(v)) {
                            if (!Mappings.token(tally, line, name, v, "a value")) {
                                return false;
                            }
                            set.add(v);
                        }
                        if (at < 0) {
                            break;
                        }
                        from = at + sep.length();
                    }
                    values.put(attribute, set);
                }
                case NUMERIC -> {
                    double v = Mappings.number(tally, line, name, s);
                    if (Double.isNaN(v)) {
                        return false;
                    }
                    values.put(attribute, v);
                }
                case TIMESTAMP -> {
                    long t = Mappings.timestamp(tally, line, name, s, field.unit().orElseThrow(),
                            field.timeZone().orElse(null));
                    if (t == Long.MIN_VALUE) {
                        return false;
                    }
                    values.put(attribute, t);
                }
                default -> throw new AssertionError(field.type());
            }
            return true;
        }
    }

    /** Collects a reader's options; setters only store, {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final CatalogMapping mapping;
        private LoadOptions options = DEFAULT_OPTIONS;

        private Builder(CatalogMapping mapping) {
            this.mapping = mapping;
        }

        /**
         * Sets strict or lenient reading and the kept fraction (default {@link CatalogReader#DEFAULT_OPTIONS},
         * strict; the value range does not apply to catalogues). Returns this builder.
         *
         * @param options the options
         * @return this builder
         */
        public Builder withOptions(LoadOptions options) {
            this.options = options;
            return this;
        }

        /**
         * Returns the reader.
         *
         * @return the reader
         * @throws NullPointerException naming a null mapping or options
         */
        public CatalogReader build() {
            Objects.requireNonNull(mapping, "mapping");
            Objects.requireNonNull(options, "options");
            return new CatalogReader(this);
        }
    }
}
