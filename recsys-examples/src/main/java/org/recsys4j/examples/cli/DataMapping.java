package org.recsys4j.examples.cli;

import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.io.CatalogMapping;
import org.recsys4j.core.io.Column;
import org.recsys4j.core.io.Dialect;
import org.recsys4j.core.io.EventMapping;
import org.recsys4j.core.io.TimestampUnit;
import org.recsys4j.core.util.ErrorText;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * How the command line reads your own data: the two files' columns ({@link EventMapping}, {@link CatalogMapping})
 * and the {@link Feedback} policy, as {@code key = value} pairs that come from a mapping file ({@code --mapping
 * FILE}), from flags ({@code --user-col} ...), or both (a flag overrides the file's key). This class is the one
 * place where those pairs are checked and turned into the library's mappings and policy, so a flag and a file key
 * mean the same and fail the same way: every error names where the value came from (the flag, or
 * {@code file:line} and the key), the value and what is wrong.
 *
 * <p>The mapping file: one {@code key = value} a line; blank lines and lines starting with {@code #} are
 * ignored; a key appears once. The keys (docs/your-data.md, "On the command line", has the table):
 * <pre>
 * events.user / events.item / events.time   columns (header names, or 0-based positions when events.header = false)
 * events.time-unit                          SECONDS | MILLIS | ISO_8601 (required: a number is never guessed)
 * events.time-zone                          zone of ISO date-times without an offset (optional)
 * events.type / events.value / events.weight  optional columns: event type, value (a rating), weight (a quantity)
 * events.user-ids / events.item-ids         STRING | NUMERIC (default STRING); item ids are the catalogue's too
 * events.delimiter / .header / .quoting / .trim / .charset   the file's format (defaults: , true true false UTF-8)
 * items.id                                  the catalogue's id column
 * items.attribute.NAME                      TYPE[,required][,separator=S][,unit=U][,zone=Z][,column=C][,ignore=V]
 * items.delimiter / .header / .quoting / .trim / .charset    as for events
 * feedback.weights                          TYPE=W, ... (e.g. view=1, cart=3, buy=10; types left out are dropped)
 * feedback.threshold                        keep events whose value is at least this
 * feedback.combine                          SUM | MAX | LAST | FIRST (required: how a pair's events combine)
 * feedback.signal                           VALUE | WEIGHT (default: WEIGHT with weights or without a value column,
 *                                           VALUE for a value column without types)
 * feedback.max-dropped                      the largest share of events the policy may drop (default 0.5)
 * </pre>
 * Not thread-safe; one per command run.
 */
final class DataMapping {
    /** What a key is and the flag that sets it (null: only in the mapping file). */
    private record Key(String name, String flag, String what) {
    }

    private static final List<Key> KEYS = List.of(
            new Key("events.user", "--user-col", "the user column"),
            new Key("events.item", "--item-col", "the item column"),
            new Key("events.time", "--time-col", "the timestamp column"),
            new Key("events.time-unit", "--time-unit", "how timestamps are written: SECONDS, MILLIS or ISO_8601"),
            new Key("events.time-zone", "--time-zone", "the zone of ISO date-times without an offset"),
            new Key("events.type", "--type-col", "the event type column"),
            new Key("events.value", "--value-col", "the value column (e.g. a rating)"),
            new Key("events.weight", "--weight-col", "the weight column (e.g. a quantity)"),
            new Key("events.user-ids", "--user-ids", "the kind of user ids: STRING or NUMERIC"),
            new Key("events.item-ids", "--item-ids", "the kind of item ids: STRING or NUMERIC"),
            new Key("events.delimiter", "--delimiter", "the field delimiter of the events file"),
            new Key("events.header", "--no-header", "whether the events file has a header line"),
            new Key("events.quoting", null, "whether RFC 4180 quoting applies in the events file"),
            new Key("events.trim", null, "whether blanks around the events file's fields are removed"),
            new Key("events.charset", null, "the events file's encoding"),
            new Key("items.id", "--item-id-col", "the catalogue's item id column"),
            new Key("items.delimiter", "--items-delimiter", "the field delimiter of the items file"),
            new Key("items.header", "--no-header", "whether the items file has a header line"),
            new Key("items.quoting", null, "whether RFC 4180 quoting applies in the items file"),
            new Key("items.trim", null, "whether blanks around the items file's fields are removed"),
            new Key("items.charset", null, "the items file's encoding"),
            new Key("feedback.weights", "--event-weights", "what each event type is worth"),
            new Key("feedback.threshold", "--threshold", "the lowest value kept"),
            new Key("feedback.combine", "--combine", "how the events of one (user, item) pair combine"),
            new Key("feedback.signal", "--signal", "what an interaction's value is: VALUE or WEIGHT"),
            new Key("feedback.max-dropped", "--max-dropped", "the largest share of events the policy may drop"));

    /** The prefix of the catalogue's attribute keys: {@code items.attribute.NAME = SPEC}. */
    static final String ATTRIBUTE = "items.attribute.";
    /** The flag of the attribute keys. */
    static final String ATTRIBUTE_FLAG = "--attribute";

    /**
     * One value and where it came from.
     *
     * @param key    the key
     * @param text   the value as written
     * @param source the flag ({@code --user-col}) or {@code file:line}
     */
    record Value(String key, String text, String source) {
        /** Returns a user error naming where the value came from, the value and the problem. */
        UserError fail(String problem) {
            if (source.startsWith("--")) {
                String shown = source.equals(ATTRIBUTE_FLAG) ? key.substring(ATTRIBUTE.length()) + "=" + text : text;
                return new UserError(source + " " + shown + ": " + problem);
            }
            return new UserError(source + ": " + key + " = " + text + ": " + problem);
        }
    }

    private final String file;
    private final Map<String, Value> values = new LinkedHashMap<>();

    private DataMapping(String file) {
        this.file = file;
    }

    /** Returns an empty mapping, filled by flags only. */
    static DataMapping empty() {
        return new DataMapping(null);
    }

    /**
     * Reads a mapping file (UTF-8).
     *
     * @throws UserError naming the file (and line) if it cannot be read, a line is not {@code key = value}, a key
     *                   is unknown or given twice
     */
    static DataMapping read(Path path) {
        String name = path.toString();
        if (!Files.exists(path)) {
            throw new UserError("--mapping " + name + ": no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new UserError("--mapping " + name + ": not a file");
        }
        String text;
        try {
            byte[] bytes = Files.readAllBytes(path);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UserError("--mapping " + name + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UserError("--mapping " + name + ": " + ErrorText.describe(e));
        }
        return parse(text, name);
    }

    /**
     * Parses the text of a mapping file.
     *
     * @param text the text
     * @param name the file's name, for messages
     * @throws UserError naming {@code name:line} for a bad line, an unknown or a repeated key
     */
    static DataMapping parse(String text, String name) {
        DataMapping m = new DataMapping(name);
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            String where = name + ":" + (i + 1);
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new UserError(where + ": '" + s + "' is not 'key = value'");
            }
            String key = s.substring(0, eq).strip();
            String value = s.substring(eq + 1).strip();
            if (key.isEmpty()) {
                throw new UserError(where + ": '" + s + "' has no key before '='");
            }
            if (!isKey(key)) {
                throw new UserError(where + ": unknown key '" + key + "'" + suggest(key));
            }
            if (value.isEmpty()) {
                throw new UserError(where + ": " + key + " has no value (leave the line out to leave it unset)");
            }
            Value old = m.values.get(key);
            if (old != null) {
                throw new UserError(where + ": " + key + " is given twice (first at " + old.source() + ")");
            }
            m.values.put(key, new Value(key, value, where));
        }
        return m;
    }

    private static boolean isKey(String key) {
        if (key.startsWith(ATTRIBUTE)) {
            return key.length() > ATTRIBUTE.length();
        }
        return KEYS.stream().anyMatch(k -> k.name().equals(key));
    }

    private static String suggest(String key) {
        int dot = key.indexOf('.');
        String section = dot < 0 ? "" : key.substring(0, dot + 1);
        List<String> same = KEYS.stream().map(Key::name).filter(n -> n.startsWith(section) && !section.isEmpty()).toList();
        List<String> list = new ArrayList<>(same.isEmpty() ? KEYS.stream().map(Key::name).toList() : same);
        if (section.isEmpty() || section.equals("items.")) {
            list.add(ATTRIBUTE + "NAME");
        }
        return "; the keys" + (same.isEmpty() ? "" : " of " + section.substring(0, section.length() - 1)) + " are "
                + String.join(", ", list);
    }

    /**
     * Sets a key from a flag, replacing the mapping file's value.
     *
     * @param key  the key
     * @param text the flag's value
     * @param flag the flag's name
     * @return this mapping
     */
    DataMapping set(String key, String text, String flag) {
        values.put(key, new Value(key, text, flag));
        return this;
    }

    /** Returns the mapping file's name, if the mapping came from one. */
    Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** Returns the value of a key, if set. */
    Optional<Value> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    private static Key key(String name) {
        return KEYS.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    /** Returns the error of a missing required key, saying how to give it (file key or flag). */
    private UserError missing(String name) {
        Key k = key(name);
        if (file != null) {
            return new UserError(file + ": no " + name + " (" + k.what() + "): add a line '" + name + " = ...'"
                    + (k.flag() != null ? " or pass " + k.flag() : ""));
        }
        return new UserError(k.flag() + " is required with --events (" + k.what() + "), or give the mapping in a file "
                + "with --mapping FILE");
    }

    private Value required(String name) {
        Value v = values.get(name);
        if (v == null) {
            throw missing(name);
        }
        return v;
    }

    // ------------------------------------------------------------------------------------------------ events

    /**
     * Returns the events file's mapping.
     *
     * @throws UserError naming the flag or file line of a missing or bad value
     */
    EventMapping events() {
        Dialect dialect = dialect("events");
        boolean header = dialect.hasHeader();
        Column user = column(required("events.user"), header);
        Column item = column(required("events.item"), header);
        Column time = column(required("events.time"), header);
        EventMapping.Builder b = EventMapping.builder(user, item, time, timestampUnit(required("events.time-unit")));
        value("events.type").ifPresent(v -> b.withEventType(column(v, header)));
        value("events.value").ifPresent(v -> b.withValue(column(v, header)));
        value("events.weight").ifPresent(v -> b.withWeight(column(v, header)));
        value("events.time-zone").ifPresent(v -> b.withTimeZone(zone(v)));
        b.withUserIds(kind("events.user-ids", EventMapping.DEFAULT_USER_IDS));
        b.withItemIds(kind("events.item-ids", EventMapping.DEFAULT_ITEM_IDS));
        b.withDialect(dialect);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw builderError(e, Map.of("user", "events.user", "item", "events.item", "timestamp", "events.time",
                    "event type", "events.type", "eventType", "events.type", "value", "events.value", "weight",
                    "events.weight", "timeZone", "events.time-zone"), "events");
        }
    }

    /**
     * Returns how the events or the items file is written, from its keys ({@code events.delimiter} ...), each
     * defaulting to {@link Dialect}'s default.
     *
     * @param file {@code events} or {@code items}
     * @throws UserError naming the flag or file line of a bad value
     */
    private Dialect dialect(String file) {
        Dialect.Builder b = Dialect.builder()
                .withHeader(bool(file + ".header", Dialect.DEFAULT_HEADER))
                .withQuoting(bool(file + ".quoting", Dialect.DEFAULT_QUOTING))
                .withTrim(bool(file + ".trim", Dialect.DEFAULT_TRIM))
                .withCharset(charset(file + ".charset", Dialect.DEFAULT_CHARSET));
        value(file + ".delimiter").ifPresent(v -> b.withDelimiter(delimiter(v)));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw builderError(e, Map.of("delimiter", file + ".delimiter"), file);
        }
    }

    /**
     * Turns a builder's message ({@code "item: column 'x' is also the user column"}) into a user error naming the key
     * (and where it came from) of the option the message starts with.
     */
    private UserError builderError(IllegalArgumentException e, Map<String, String> keysByOption, String what) {
        String m = String.valueOf(e.getMessage());
        int colon = m.indexOf(':');
        String option = colon < 0 ? "" : m.substring(0, colon);
        String key = keysByOption.get(option);
        if (key == null && option.startsWith("field '")) {
            key = ATTRIBUTE + option.substring(7, option.indexOf('\'', 7));
        }
        Value v = key == null ? null : values.get(key);
        if (v != null) {
            // the library's messages read "option: value, problem": the value is shown already
            String problem = colon < 0 ? m : m.substring(colon + 1).strip().replaceFirst("^\\S+, ", "");
            return v.fail(problem);
        }
        return new UserError("the " + what + " mapping" + (file != null ? " (" + file + ")" : "") + ": " + m);
    }

    private static Column column(Value v, boolean header) {
        if (header) {
            return Column.named(v.text());
        }
        try {
            int p = Integer.parseInt(v.text());
            if (p >= 0) {
                return Column.at(p);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw v.fail("not a 0-based column position (the file has no header line, so columns are given by position: "
                + "0 is the first)");
    }

    private static TimestampUnit timestampUnit(Value v) {
        return enumValue(v, TimestampUnit.class, "SECONDS (epoch seconds), MILLIS (epoch milliseconds) or ISO_8601 "
                + "(2024-03-05T10:15:30Z)");
    }

    private static <E extends Enum<E>> E enumValue(Value v, Class<E> type, String choices) {
        String s = v.text().strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(s)) {
                return e;
            }
        }
        throw v.fail("must be " + choices);
    }

    private static ZoneId zone(Value v) {
        try {
            return ZoneId.of(v.text());
        } catch (DateTimeException e) {
            throw v.fail("not a time zone (e.g. UTC, +01:00, Europe/Paris)");
        }
    }

    private IdIndex.Kind kind(String key, IdIndex.Kind otherwise) {
        Value v = values.get(key);
        return v == null ? otherwise : enumValue(v, IdIndex.Kind.class, "STRING (any text) or NUMERIC (whole numbers)");
    }

    private boolean bool(String key, boolean otherwise) {
        Value v = values.get(key);
        if (v == null) {
            return otherwise;
        }
        return switch (v.text().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw v.fail("must be true or false");
        };
    }

    private Charset charset(String key, Charset otherwise) {
        Value v = values.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            return Charset.forName(v.text());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw v.fail("not an encoding this JVM knows (e.g. UTF-8, ISO-8859-1)");
        }
    }

    /** Returns a delimiter: as written, with {@code \t} or {@code tab} for a tab. */
    private static String delimiter(Value v) {
        String s = v.text();
        return s.equals("\\t") || s.equalsIgnoreCase("tab") ? "\t" : s;
    }

    // ------------------------------------------------------------------------------------------------ items

    /** Returns true if the mapping has an item id column ({@code items.id}). */
    boolean hasItems() {
        return values.containsKey("items.id");
    }

    /**
     * Returns the items file's mapping: its id column and one field per {@code items.attribute.NAME} in the order
     * given. The item ids are of the kind of the events' item ids ({@code events.item-ids}).
     *
     * @throws UserError naming the flag or file line of a missing or bad value
     */
    CatalogMapping items() {
        Dialect dialect = dialect("items");
        boolean header = dialect.hasHeader();
        CatalogMapping.Builder b = CatalogMapping.builder(column(required("items.id"), header));
        for (Value v : values.values()) {
            if (v.key().startsWith(ATTRIBUTE)) {
                b.field(field(v, header));
            }
        }
        b.withIds(kind("events.item-ids", CatalogMapping.DEFAULT_IDS));
        b.withDialect(dialect);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw builderError(e, Map.of("id", "items.id"), "items");
        }
    }

    /** The attribute types by the names the mapping uses. */
    private static final Map<String, AttributeType> TYPES = Map.of("text", AttributeType.TEXT, "categorical",
            AttributeType.CATEGORICAL, "multi-categorical", AttributeType.MULTI_CATEGORICAL, "numeric",
            AttributeType.NUMERIC, "timestamp", AttributeType.TIMESTAMP);
    private static final String TYPE_NAMES = "text, categorical, multi-categorical, numeric or timestamp";

    /** Parses {@code TYPE[,required][,separator=S][,unit=U][,zone=Z][,column=C][,ignore=V]...}. */
    private static CatalogMapping.Field field(Value v, boolean header) {
        String name = v.key().substring(ATTRIBUTE.length());
        String[] parts = v.text().split(",", -1);
        AttributeType type = TYPES.get(parts[0].strip().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (type == null) {
            throw v.fail("'" + parts[0].strip() + "' is not an attribute type: the first part is " + TYPE_NAMES);
        }
        String separator = null;
        TimestampUnit unit = null;
        ZoneId zone = null;
        String column = null;
        boolean required = false;
        List<String> ignored = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            String option = eq < 0 ? p : p.substring(0, eq).strip();
            String arg = eq < 0 ? null : p.substring(eq + 1).strip();
            if (option.equals("required") && arg == null) {
                required = true;
                continue;
            }
            if (arg == null || arg.isEmpty()) {
                throw v.fail("'" + p + "' is not an option: after the type come required, separator=S, unit=U, "
                        + "zone=Z, column=C or ignore=V, separated by commas");
            }
            switch (option) {
                case "separator" -> separator = arg;
                case "unit" -> unit = timestampUnit(new Value(v.key(), arg, v.source()));
                case "zone" -> zone = zone(new Value(v.key(), arg, v.source()));
                case "column" -> column = arg;
                case "ignore" -> ignored.add(arg);
                default -> throw v.fail("unknown option '" + option + "': after the type come required, separator=S, "
                        + "unit=U, zone=Z, column=C or ignore=V");
            }
        }
        if (type == AttributeType.MULTI_CATEGORICAL && separator == null) {
            throw v.fail("a multi-categorical attribute needs separator=S (the text between its values, e.g. |)");
        }
        if (type != AttributeType.MULTI_CATEGORICAL && separator != null) {
            throw v.fail("separator= is only for multi-categorical attributes");
        }
        if (type == AttributeType.TIMESTAMP && unit == null) {
            throw v.fail("a timestamp attribute needs unit=SECONDS, MILLIS or ISO_8601 (a number is never guessed)");
        }
        if (type != AttributeType.TIMESTAMP && (unit != null || zone != null)) {
            throw v.fail((unit != null ? "unit=" : "zone=") + " is only for timestamp attributes");
        }
        if (!header && column == null) {
            throw v.fail("the items file has no header line: give the column's 0-based position with column=N");
        }
        Column c = column(new Value(v.key(), column != null ? column : name, v.source()), header);
        CatalogMapping.Field f = switch (type) {
            case TEXT -> CatalogMapping.Field.text(c);
            case CATEGORICAL -> CatalogMapping.Field.categorical(c);
            case MULTI_CATEGORICAL -> CatalogMapping.Field.multiCategorical(c, separator);
            case NUMERIC -> CatalogMapping.Field.numeric(c);
            case TIMESTAMP -> CatalogMapping.Field.timestamp(c, unit);
        };
        try {
            f = f.withName(name).withRequired(required);
            if (!ignored.isEmpty()) {
                f = f.withIgnoredValues(ignored.toArray(String[]::new));
            }
            if (zone != null) {
                f = f.withTimeZone(zone);
            }
        } catch (IllegalArgumentException e) {
            throw v.fail(String.valueOf(e.getMessage()));
        }
        return f;
    }

    // ------------------------------------------------------------------------------------------------ feedback

    /**
     * Checks the policy's keys against the events' mapping before any data is read: a combine rule is given,
     * weights have a type column, a threshold or {@code VALUE} has a value column, every value parses.
     *
     * @throws UserError naming the flag or file line, and what to pass
     */
    void checkFeedback(EventMapping events) {
        policy(events, null);
    }

    /**
     * Returns the policy for a log read with {@code events}. When the log has event types and no weights are given
     * (and the signal is not {@code VALUE}), fails listing the log's types with their counts and what to pass.
     *
     * @throws UserError naming the flag or file line, and what to pass
     */
    Feedback feedback(EventMapping events, EventLog log) {
        return policy(events, log);
    }

    private Feedback policy(EventMapping events, EventLog log) {
        Value combineValue = values.get("feedback.combine");
        Map<String, Double> weights = values.containsKey("feedback.weights") ? weights(values.get("feedback.weights"))
                : null;
        Value thresholdValue = values.get("feedback.threshold");
        double threshold = thresholdValue == null ? Feedback.DEFAULT_THRESHOLD : number(thresholdValue);
        Value signalValue = values.get("feedback.signal");
        Feedback.Signal signal = signalValue != null ? enumValue(signalValue, Feedback.Signal.class,
                "VALUE (the event's value, e.g. a rating) or WEIGHT (the type's weight times the weight column)")
                : weights != null ? Feedback.Signal.WEIGHT
                : events.value().isPresent() && events.eventType().isEmpty() ? Feedback.Signal.VALUE
                : Feedback.Signal.WEIGHT;
        Value maxValue = values.get("feedback.max-dropped");
        double maxDropped = maxValue == null ? Feedback.DEFAULT_MAX_DROPPED_FRACTION : number(maxValue);
        if (maxValue != null && !(maxDropped >= 0 && maxDropped <= 1)) {
            throw maxValue.fail("must be a share in [0, 1]");
        }
        if (weights != null && events.eventType().isEmpty()) {
            throw values.get("feedback.weights").fail("the events have no type column: map it (" + how("events.type")
                    + ") or leave the weights out");
        }
        if (weights != null && signal == Feedback.Signal.VALUE) {
            throw values.get("feedback.weights").fail("weights are for signal WEIGHT, and the signal is VALUE ("
                    + signalValue.source() + ")");
        }
        if (thresholdValue != null && events.value().isEmpty()) {
            throw thresholdValue.fail("the events have no value column to compare with the threshold: map it ("
                    + how("events.value") + ")");
        }
        if (signal == Feedback.Signal.VALUE && events.value().isEmpty()) {
            throw signalValue.fail("the events have no value column: map it (" + how("events.value") + ")");
        }
        if (combineValue == null) {
            throw new UserError("no rule for repeated (user, item) pairs: pass --combine SUM (add up their signals), "
                    + "MAX (the strongest), LAST (the latest) or FIRST (the earliest)"
                    + (file != null ? ", or add 'feedback.combine = ...' to " + file : " (or feedback.combine in a "
                    + "--mapping file)"));
        }
        Feedback.Combine combine = enumValue(combineValue, Feedback.Combine.class, "SUM, MAX, LAST or FIRST");
        if (signal == Feedback.Signal.WEIGHT && weights == null && events.eventType().isPresent() && log != null) {
            throw new UserError(typesWithoutWeights(events, log));
        }
        Feedback.Builder b = Feedback.builder(signal, combine).withThreshold(threshold).withMaxDroppedFraction(maxDropped);
        if (weights != null) {
            b.withTypeWeights(weights);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            Value v = m.startsWith("threshold") ? thresholdValue : m.startsWith("typeWeights") ? values.get(
                    "feedback.weights") : m.startsWith("maxDroppedFraction") ? maxValue : null;
            throw v != null ? v.fail(m.substring(m.indexOf(':') + 1).strip()) : new UserError("the feedback policy: " + m);
        }
    }

    /** Says how to set a key: the flag, or the line to add to the mapping file. */
    private String how(String name) {
        Key k = key(name);
        return file != null ? "'" + name + " = COLUMN' in " + file : k.flag() + " COLUMN";
    }

    private String typesWithoutWeights(EventMapping events, EventLog log) {
        Map<String, Integer> counts = log.countsByType();
        String listed = counts.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s (%,d)", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        String pattern = counts.keySet().stream().map(t -> t + "=W").collect(Collectors.joining(","));
        String once = counts.keySet().stream().map(t -> t + "=1").collect(Collectors.joining(","));
        return "the events have types (column " + events.eventType().orElseThrow() + ": " + listed
                + ") and no weights: say what each type is worth with --event-weights " + pattern + " (e.g. " + once
                + " counts every event once; weights that grow with intent say more); types left out are dropped"
                + (file != null ? " (or feedback.weights in " + file + ")" : "");
    }

    private static double number(Value v) {
        try {
            double d = Double.parseDouble(v.text());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw v.fail("not a finite number");
    }

    /** Parses {@code TYPE=W, TYPE=W ...} in the order given. */
    private static Map<String, Double> weights(Value v) {
        Map<String, Double> w = new LinkedHashMap<>();
        for (String part : v.text().split(",", -1)) {
            String p = part.strip();
            int eq = p.lastIndexOf('=');
            String type = eq < 0 ? "" : p.substring(0, eq).strip();
            String weight = eq < 0 ? "" : p.substring(eq + 1).strip();
            if (type.isEmpty() || weight.isEmpty()) {
                throw v.fail("'" + p + "' is not TYPE=WEIGHT (e.g. view=1,cart=3,buy=10)");
            }
            double d;
            try {
                d = Double.parseDouble(weight);
            } catch (NumberFormatException e) {
                throw v.fail("the weight of '" + type + "', '" + weight + "', is not a number");
            }
            if (!(d > 0) || Double.isInfinite(d)) {
                throw v.fail("the weight of '" + type + "' must be a finite number > 0 (leave a type out to drop its "
                        + "events)");
            }
            if (w.put(type, d) != null) {
                throw v.fail("'" + type + "' is given twice");
            }
        }
        return w;
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Returns the text of a mapping file that describes {@code events}, {@code items} and {@code policy}: what
     * {@link #read} reads back into equal mappings and policy.
     *
     * @param comment lines written first, each as a {@code #} comment
     * @throws IllegalArgumentException if a mapping uses what the file cannot say (a transform, flag columns)
     */
    static String format(EventMapping events, CatalogMapping items, Feedback policy, List<String> comment) {
        StringBuilder b = new StringBuilder();
        for (String c : comment) {
            b.append("# ").append(c).append('\n');
        }
        b.append("\n# the events file\n");
        line(b, "events.user", column(events.user()));
        line(b, "events.item", column(events.item()));
        line(b, "events.time", column(events.timestamp()));
        line(b, "events.time-unit", events.timestampUnit().name());
        events.timeZone().ifPresent(z -> line(b, "events.time-zone", z.getId()));
        events.eventType().ifPresent(c -> line(b, "events.type", column(c)));
        events.value().ifPresent(c -> line(b, "events.value", column(c)));
        events.weight().ifPresent(c -> line(b, "events.weight", column(c)));
        line(b, "events.user-ids", events.userIds().name());
        line(b, "events.item-ids", events.itemIds().name());
        dialect(b, "events", events.dialect());
        b.append("\n# the items file: its id column and one attribute a line (NAME = TYPE[,options])\n");
        line(b, "items.id", column(items.id()));
        for (CatalogMapping.Field f : items.fields()) {
            if (f.isFlags() || f.transform().isPresent()) {
                throw new IllegalArgumentException("field: " + f + " cannot be written in a mapping file");
            }
            StringJoiner spec = new StringJoiner(",");
            spec.add(TYPES.entrySet().stream().filter(e -> e.getValue() == f.type()).findFirst().orElseThrow().getKey());
            if (f.required()) {
                spec.add("required");
            }
            f.separator().ifPresent(s -> spec.add("separator=" + s));
            f.unit().ifPresent(u -> spec.add("unit=" + u.name()));
            f.timeZone().ifPresent(z -> spec.add("zone=" + z.getId()));
            String name = f.attribute().orElseThrow();
            Column c = f.columns().get(0);
            if (!c.name().equals(Optional.of(name))) {
                spec.add("column=" + column(c));
            }
            f.ignoredValues().stream().sorted().forEach(s -> spec.add("ignore=" + s));
            line(b, ATTRIBUTE + name, spec.toString());
        }
        dialect(b, "items", items.dialect());
        b.append("\n# the feedback policy: what each event is worth and how a (user, item) pair's events combine\n");
        line(b, "feedback.signal", policy.signal().name());
        if (!policy.typeWeights().isEmpty()) {
            line(b, "feedback.weights", policy.typeWeights().entrySet().stream()
                    .map(e -> e.getKey() + "=" + number(e.getValue())).collect(Collectors.joining(", ")));
        }
        if (policy.threshold() != Feedback.DEFAULT_THRESHOLD) {
            line(b, "feedback.threshold", number(policy.threshold()));
        }
        line(b, "feedback.combine", policy.combine().name());
        line(b, "feedback.max-dropped", number(policy.maxDroppedFraction()));
        return b.toString();
    }

    private static void dialect(StringBuilder b, String file, Dialect dialect) {
        line(b, file + ".delimiter", dialect.delimiter().equals("\t") ? "\\t" : dialect.delimiter());
        line(b, file + ".header", Boolean.toString(dialect.hasHeader()));
        line(b, file + ".quoting", Boolean.toString(dialect.quoting()));
        line(b, file + ".trim", Boolean.toString(dialect.trim()));
        line(b, file + ".charset", dialect.charset().name());
    }

    private static void line(StringBuilder b, String key, String value) {
        if (!value.equals(value.strip()) || value.isEmpty() || value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException(key + ": '" + value + "' cannot be written in a mapping file (blanks at "
                    + "its ends, empty or a line break)");
        }
        b.append(key).append(" = ").append(value).append('\n');
    }

    private static String column(Column c) {
        return c.name().orElseGet(() -> Integer.toString(c.position().orElseThrow()));
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
