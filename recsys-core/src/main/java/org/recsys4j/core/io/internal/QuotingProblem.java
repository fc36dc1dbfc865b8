package org.recsys4j.core.io.internal;

import java.util.function.IntUnaryOperator;

/**
 * Where and how the RFC 4180 quoting of a CSV record is broken, found by walking the record from its
 * first line as commons-csv does: a field that starts with {@code "} is quoted; inside it {@code ""}
 * is a quote and a lone {@code "} closes it; after the closing quote only the delimiter (a comma by
 * default) or the end of the line may follow. Used once commons-csv has refused a record, to name the
 * line in the error. Not API (the readers' shared plumbing).
 *
 * @param line       the line to name: where the quote that never closes opened, else the record's first line
 * @param text       that line's text
 * @param problem    what is wrong, for the message
 * @param resumeLine the first line after the broken record, where lenient mode parses on
 */
public record QuotingProblem(long line, String text, String problem, long resumeLine) {
    /**
     * Returns the problem of the record that starts at {@code start} in {@code in}.
     *
     * @param parserMessage what commons-csv said, used if the walk finds nothing wrong
     */
    static QuotingProblem locate(ReplayReader in, long start, String parserMessage, String delimiter, char quote) {
        int from = in.offsetOf(start);
        Found f = walk(i -> in.charAt(from + i), start, delimiter, quote);
        if (f == null) {
            return new QuotingProblem(start, in.lineText(start), "bad CSV quoting: " + parserMessage, start + 1);
        }
        long resume = f.unclosed ? f.line + 1 : start + 1;
        long named = f.unclosed ? f.line : start;
        return new QuotingProblem(named, in.lineText(named), f.describe(start, delimiter), resume);
    }

    /**
     * Returns the problem of a one-line comma-separated record, e.g. a ratings line, or null when its
     * quoting is fine.
     *
     * @param line the record
     * @return what is wrong, or null
     */
    public static String describe(String line) {
        Found f = walk(i -> i < line.length() ? line.charAt(i) : -1, 1, ",", '"');
        return f == null ? null : f.describe(1, ",");
    }

    /** What the walk found: a quote opened on {@code line} that never closes, or text after a closing quote on {@code line}. */
    private record Found(boolean unclosed, long line, long openedOn, char after) {
        String describe(long start, String delimiter) {
            if (unclosed) {
                return "unclosed quote: the quoted field opened on this line never closes";
            }
            String where = line == start && openedOn == start ? "" : " (the quoted field opened on line " + openedOn
                    + " and closes on line " + line + ")";
            return "text after a closing quote: '" + after + "' where '" + CsvRows.showDelimiter(delimiter)
                    + "' or the end of the line must follow" + where;
        }
    }

    private static boolean startsWith(IntUnaryOperator charAt, int i, String s) {
        for (int k = 0; k < s.length(); k++) {
            if (charAt.applyAsInt(i + k) != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static Found walk(IntUnaryOperator charAt, long start, String delimiter, char quote) {
        long line = start;
        boolean fieldStart = true;
        boolean quoted = false;
        long openedOn = -1;
        for (int i = 0; ; i++) {
            int c = charAt.applyAsInt(i);
            if (quoted) {
                if (c < 0) {
                    return new Found(true, openedOn, openedOn, ' ');
                }
                if (c == quote) {
                    int d = charAt.applyAsInt(i + 1);
                    if (d == quote) {
                        i++;
                        continue;
                    }
                    quoted = false;
                    fieldStart = false;
                    if (d >= 0 && d != '\r' && d != '\n' && !startsWith(charAt, i + 1, delimiter)) {
                        return new Found(false, line, openedOn, (char) d);
                    }
                } else if (c == '\n' || (c == '\r' && charAt.applyAsInt(i + 1) != '\n')) {
                    line++;
                }
            } else {
                if (c < 0 || c == '\n' || c == '\r') {
                    return null;    // the record ends here and its quoting is fine
                }
                if (c == quote && fieldStart) {
                    quoted = true;
                    openedOn = line;
                    fieldStart = false;
                } else if (startsWith(charAt, i, delimiter)) {
                    i += delimiter.length() - 1;
                    fieldStart = true;
                } else {
                    fieldStart = false;
                }
            }
        }
    }
}
