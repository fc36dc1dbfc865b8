package org.recsys4j.core.io;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.io.internal.CsvRows;
import org.recsys4j.core.io.internal.Fields;
import org.recsys4j.core.io.internal.FileTally;
import org.slf4j.Logger;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the mappings and readers of this package share: checking a mapping's columns, resolving them
 * against a header, and reading one field of a row (ids, numbers, timestamps) with the skip or error of a
 * bad one.
 */
final class Mappings {
    /** The last second the readers accept: 9999-12-31T23:59:59Z. */
    static final long MAX_SECONDS = 253_402_300_799L;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d*)?");

    private Mappings() {
    }

    /**
     * Checks that no two roles share a column and that columns by name come with a header.
     *
     * @throws IllegalArgumentException naming the role
     */
    static void checkColumns(Map<String, Column> columns, boolean header) {
        Map<Column, String> seen = new HashMap<>();
        for (Map.Entry<String, Column> e : columns.entrySet()) {
            String other = seen.putIfAbsent(e.getValue(), e.getKey());
            if (other != null) {
                throw new IllegalArgumentException(e.getKey() + ": column " + e.getValue() + " is also the " + other
                        + " column");
            }
            if (!header && e.getValue().name().isPresent()) {
                throw new IllegalArgumentException(e.getKey() + ": column " + e.getValue()
                        + " is given by name, but the file has no header (withHeader(false)): give it by position");
            }
        }
    }

    /**
     * Returns the 0-based position of each role's column: by position, or looked up in the header.
     *
     * @param header the header's fields, or null when the file has none
     * @throws DataFileException naming the header when a named column is missing or appears twice, or a position
     *                           lies beyond the header
     */
    static Map<String, Integer> resolve(Map<String, Column> columns, String file, long line, List<String> header)
            throws DataFileException {
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (Map.Entry<String, Column> e : columns.entrySet()) {
            Column c = e.getValue();
            if (c.position().isPresent()) {
                int p = c.position().getAsInt();
                if (header != null && p >= header.size()) {
                    throw new DataFileException(file, line, "header", String.join(",", header), "the " + e.getKey()
                            + " column is at position " + p + " (0-based), but the header has " + header.size()
                            + " columns");
                }
                positions.put(e.getKey(), p);
                continue;
            }
            String name = c.name().orElseThrow();
            int first = header.indexOf(name);
            if (first < 0) {
                throw new DataFileException(file, line, "header", String.join(",", header), "no column '" + name
                        + "' (the " + e.getKey() + " column); the header has " + quoted(header));
            }
            int again = header.subList(first + 1, header.size()).indexOf(name);
            if (again >= 0) {
                throw new DataFileException(file, line, "header", String.join(",", header), "column '" + name
                        + "' (the " + e.getKey() + " column) appears twice, at positions " + first + " and "
                        + (first + 1 + again) + " (0-based): rename one");
            }
            positions.put(e.getKey(), first);
        }
        return positions;
    }

    private static String quoted(List<String> header) {
        List<String> q = new ArrayList<>(header.size());
        for (String h : header) {
            q.add("'" + h + "'");
        }
        return String.join(", ", q);
    }

    /**
     * Checks a row's number of fields: with a header ({@code expected >= 0}) exactly the header's, without one at
     * least {@code min} (the mapped positions); returns false after the skip.
     */
    static boolean fieldCount(FileTally tally, long line, List<String> f, int expected, int min, String delimiter)
            throws DataFileException {
        if (expected >= 0 ? f.size() == expected : f.size() >= min) {
            return true;
        }
        tally.skip(SkipReason.MALFORMED, line, "line", String.join(delimiter, f),
                (expected >= 0 ? "expected " + expected + " fields as in the header" : "expected at least " + min
                        + " fields") + " separated by '" + CsvRows.showDelimiter(delimiter) + "', found " + f.size());
        return false;
    }

    /**
     * Checks the end of the read of one file: an empty file, or a header without rows, is an error (in either
     * mode); in lenient mode a file that kept too few rows fails.
     *
     * @param records    the records that were not blank, header included
     * @param headerLine the header's line (when there is one)
     * @param columns    the mapped columns, for the message of an empty file
     * @param what       what the rows are, for the message of a header without rows ({@code events}, {@code items})
     */
    static void checkRead(FileTally tally, long records, boolean header, long headerLine, String columns, String what,
                          LoadOptions options) throws DataFileException {
        String name = tally.file;
        if (records == 0) {
            throw new DataFileException(name, 1, header ? "header" : "line", "", "file is empty"
                    + (header ? ", expected a header naming the columns " + columns : ""));
        }
        tally.checkKept(options.minKeptFraction());
        if (tally.rowsRead == 0) {
            throw new DataFileException(name, headerLine, "rows", "0",
                    "no " + what + ": the file has a header and nothing after it");
        }
    }

    /** Returns the report of one file, logged (with what was read) in lenient mode. */
    static LoadReport report(FileTally tally, LoadOptions options, Object data, Logger log) {
        LoadReport report = new LoadReport(tally.file, options.mode(), List.of(tally.freeze()));
        if (options.isLenient()) {
            String text = report.oneLine() + "; " + data;
            if (report.skipped() > 0) {
                log.warn(text);
            } else {
                log.info(text);
            }
        }
        return report;
    }

    /** Returns the field's text, trimmed of blanks when {@code trim}. */
    static String text(String raw, boolean trim) {
        return trim ? raw.strip() : raw;
    }

    /**
     * Checks a text field that must be non-empty, without blanks at its ends and without control characters
     * (ids, event types); returns false after the skip.
     */
    static boolean token(FileTally tally, long line, String field, String s, String what) throws DataFileException {
        if (s.isEmpty()) {
            tally.skip(SkipReason.MALFORMED, line, field, s, "empty");
            return false;
        }
        if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            tally.skip(SkipReason.MALFORMED, line, field, s, "blank at the start or end of " + what
                    + " (withTrim(true) removes blanks around fields)");
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                tally.skip(SkipReason.MALFORMED, line, field, s, "control character (e.g. a line break) in " + what);
                return false;
            }
        }
        return true;
    }

    /** Returns true if {@code s} is a whole decimal number with an optional minus that fits a long. */
    static boolean isLong(String s) {
        int n = s.length();
        int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
        if (i == n || n - i > 19) {
            return false;
        }
        for (int k = i; k < n; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        if (n - i == 19) {
            try {
                Long.parseLong(s);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks an id of the given kind; returns false after the skip. Numeric ids are whole numbers that fit
     * a {@code long}.
     */
    static boolean id(FileTally tally, long line, String field, String s, IdIndex.Kind kind, String role)
            throws DataFileException {
        if (!token(tally, line, field, s, "an id")) {
            return false;
        }
        if (kind == IdIndex.Kind.NUMERIC && !isLong(s)) {
            boolean number = Fields.allDigits(s) || (s.startsWith("-") && Fields.allDigits(s.substring(1)));
            tally.skip(SkipReason.MALFORMED, line, field, s, number ? "too large for a 64-bit id"
                    : "not a whole number (" + role + " ids are NUMERIC; ids such as u123 need "
                    + (role.equals("user") ? "withUserIds" : "withItemIds") + "(IdIndex.Kind.STRING))");
            return false;
        }
        return true;
    }

    /**
     * Returns a finite decimal number, or NaN after the skip ({@code NaN}, {@code Infinity}, hex, empty or
     * any other text are MALFORMED).
     */
    static double number(FileTally tally, long line, String field, String s) throws DataFileException {
        if (plainDecimal(s)) {
            return Double.parseDouble(s);   // the common case, without the regular expression
        }
        if (s.isEmpty()) {
            tally.skip(SkipReason.MALFORMED, line, field, s, "empty");
            return Double.NaN;
        }
        if (!DECIMAL.matcher(s).matches()) {
            tally.skip(SkipReason.MALFORMED, line, field, s, "not a finite decimal number");
            return Double.NaN;
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) {
            tally.skip(SkipReason.MALFORMED, line, field, s, "not a finite decimal number (too large for a double)");
            return Double.NaN;
        }
        return v;
    }

    /** Returns true if {@code s} is {@code digits} or {@code digits.digits}, at most 15 digits in all (exact as a double). */
    private static boolean plainDecimal(String s) {
        int n = s.length();
        if (n == 0 || n > 16) {
            return false;
        }
        boolean dot = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.' && !dot && i > 0 && i < n - 1) {
                dot = true;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return n - (dot ? 1 : 0) <= 15;
    }

    /**
     * Returns a timestamp in whole seconds since the epoch, or {@link Long#MIN_VALUE} after the skip.
     *
     * @param zone the zone of local ISO date-times, or null when they are errors
     */
    static long timestamp(FileTally tally, long line, String field, String s, TimestampUnit unit, ZoneId zone)
            throws DataFileException {
        if (s.isEmpty()) {
            tally.skip(SkipReason.MALFORMED, line, field, s, "empty");
            return Long.MIN_VALUE;
        }
        long seconds;
        switch (unit) {
            case SECONDS, MILLIS -> {
                boolean millis = unit == TimestampUnit.MILLIS;
                if (s.length() <= 15 && Fields.allDigits(s)) {
                    long v = Long.parseLong(s);     // the common case: a whole number
                    long sec = millis ? v / 1000 : v;
                    if (sec <= MAX_SECONDS) {
                        return sec;
                    }
                }
                if (s.startsWith("-") && SECONDS.matcher(s.substring(1)).matches()) {
                    tally.skip(SkipReason.MALFORMED, line, field, s, "negative: before 1970-01-01 (" + unit + ")");
                    return Long.MIN_VALUE;
                }
                if (!(millis ? Fields.allDigits(s) : SECONDS.matcher(s).matches())) {
                    tally.skip(SkipReason.MALFORMED, line, field, s, millis ? "not a whole number of milliseconds (MILLIS)"
                            : "not a number of seconds (SECONDS)" + (looksIso(s) ? "; an ISO-8601 date-time needs "
                            + "TimestampUnit.ISO_8601" : ""));
                    return Long.MIN_VALUE;
                }
                BigDecimal v = new BigDecimal(s);
                if (millis) {
                    v = v.movePointLeft(3);
                }
                if (v.compareTo(BigDecimal.valueOf(MAX_SECONDS + 1)) >= 0) {
                    tally.skip(SkipReason.MALFORMED, line, field, s, "after 9999-12-31 as " + unit
                            + (millis ? "" : " (is the column in milliseconds? then TimestampUnit.MILLIS)"));
                    return Long.MIN_VALUE;
                }
                seconds = v.longValue();    // rounds down: the values are not negative
            }
            case ISO_8601 -> {
                seconds = iso(tally, line, field, s, zone);
                if (seconds == Long.MIN_VALUE) {
                    return seconds;
                }
            }
            default -> throw new AssertionError(unit);
        }
        return seconds;
    }

    private static boolean looksIso(String s) {
        return s.length() >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-';
    }

    private static long iso(FileTally tally, long line, String field, String s, ZoneId zone)
            throws DataFileException {
        String t = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        Instant instant;
        try {
            TemporalAccessor a = DateTimeFormatter.ISO_DATE_TIME.parse(t);
            if (a.isSupported(ChronoField.OFFSET_SECONDS) || a.query(java.time.temporal.TemporalQueries.zoneId()) != null) {
                instant = Instant.from(a);
            } else if (zone != null) {
                instant = LocalDateTime.from(a).atZone(zone).toInstant();
            } else {
                tally.skip(SkipReason.MALFORMED, line, field, s, "no zone offset (e.g. Z or +01:00): set the "
                        + "mapping's time zone (withTimeZone) to read local date-times");
                return Long.MIN_VALUE;
            }
        } catch (DateTimeParseException e) {
            LocalDate date = null;
            try {
                date = LocalDate.parse(t);
            } catch (DateTimeParseException e2) {
                // not a date either
            }
            if (date == null) {
                String why = e.getCause() != null ? ": " + e.getCause().getMessage() : "";
                tally.skip(SkipReason.MALFORMED, line, field, s, "not an ISO-8601 date-time (e.g. 2024-03-05T10:15:30Z)"
                        + why + (Fields.allDigits(s) ? "; epoch numbers need "
                        + "TimestampUnit.SECONDS or MILLIS" : ""));
                return Long.MIN_VALUE;
            }
            if (zone == null) {
                tally.skip(SkipReason.MALFORMED, line, field, s, "a date without a time: set the mapping's time zone "
                        + "(withTimeZone) to read it as the start of that day");
                return Long.MIN_VALUE;
            }
            instant = date.atStartOfDay(zone).toInstant();
        } catch (DateTimeException e) {
            tally.skip(SkipReason.MALFORMED, line, field, s, "not a valid date-time: " + e.getMessage());
            return Long.MIN_VALUE;
        }
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds > MAX_SECONDS) {
            tally.skip(SkipReason.MALFORMED, line, field, s, seconds < 0 ? "before 1970-01-01" : "after 9999-12-31");
            return Long.MIN_VALUE;
        }
        return seconds;
    }
}
