package org.recsys4j.core.movielens;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.io.SkipReason;
import org.recsys4j.core.io.internal.FileTally;
import org.recsys4j.core.io.internal.QuotingProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The slow path of the ratings parser: one line that the byte-level fast path of {@link RatingsChunk} did
 * not accept (a quote, a sign, an exponent, spaces, a wrong field count, anything odd) is decoded (UTF-8
 * for CSV, reporting invalid bytes) and split by commons-csv (RFC 4180) or by the separator, and each
 * field is validated. This path is the reference: it decides whether the row is kept or which
 * {@link SkipReason} and message it gets; the fast path only ever accepts rows that this path accepts with
 * the same values. Also checks the header. One instance per chunk (its results are fields); not
 * thread-safe.
 */
final class RatingsSlowPath {
    static final String[] FIELDS = {"userId", "movieId", "rating", "timestamp"};
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final FileTally tally;
    private final boolean csv;
    private final String sepText;
    private final String fileName;
    private final List<String> header;

    /** The values of the last line {@link #parse} accepted. */
    long user;
    long item;
    double rating;
    long timestamp;
    /** The rating field as written (for messages). */
    String ratingText;

    /**
     * @param tally   where skips are counted (or thrown, in strict mode)
     * @param csv     true to split lines with commons-csv (RFC 4180), else by {@code sepText}
     * @param sepText the field separator
     * @param header  the expected header fields, or null when the file has no header
     */
    RatingsSlowPath(FileTally tally, boolean csv, String sepText, List<String> header) {
        this.tally = tally;
        this.csv = csv;
        this.sepText = sepText;
        this.fileName = tally.file;
        this.header = header;
    }


    /**
     * Parses line {@code [ls, le)} of {@code buf} the careful way; returns true with the values in
     * {@link #user}, {@link #item}, {@link #rating} and {@link #timestamp}, or reports a MALFORMED skip
     * (throws in strict mode) and returns false.
     */
    boolean parse(byte[] buf, int ls, int le, long lineNo) throws DataFileException {
        String text;
        if (csv) {
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(buf, ls, le - ls)).toString();
            } catch (CharacterCodingException e) {
                tally.skip(SkipReason.MALFORMED, lineNo, "line",
                        new String(buf, ls, le - ls, StandardCharsets.UTF_8), "not valid UTF-8");
                return false;
            }
        } else {
            text = new String(buf, ls, le - ls, StandardCharsets.UTF_8);
        }
        List<String> f;
        if (csv) {
            try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180)) {
                List<CSVRecord> recs = parser.getRecords();
                f = recs.size() == 1 ? recs.get(0).toList() : null;
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                String problem = QuotingProblem.describe(text);
                tally.skip(SkipReason.MALFORMED, lineNo, "line", text,
                        problem != null ? problem : "bad CSV quoting: " + e.getMessage());
                return false;
            }
        } else {
            f = Arrays.asList(text.split(Pattern.quote(sepText), -1));
        }
        if (f == null || f.size() != 4) {
            tally.skip(SkipReason.MALFORMED, lineNo, "line", text, "expected 4 fields ("
                    + String.join(",", FIELDS) + ") separated by '" + sepText + "', found "
                    + (f == null ? "none" : f.size()));
            return false;
        }
        user = id(f.get(0), FIELDS[0], lineNo);
        if (user < 0) {
            return false;
        }
        item = id(f.get(1), FIELDS[1], lineNo);
        if (item < 0) {
            return false;
        }
        String r = f.get(2);
        ratingText = r;
        if (r.isEmpty()) {
            tally.skip(SkipReason.MALFORMED, lineNo, "rating", r, "empty");
            return false;
        }
        if (!DECIMAL.matcher(r).matches()) {
            tally.skip(SkipReason.MALFORMED, lineNo, "rating", r, "not a finite decimal number");
            return false;
        }
        rating = Double.parseDouble(r);
        if (!Double.isFinite(rating)) {
            tally.skip(SkipReason.MALFORMED, lineNo, "rating", r, "not a finite decimal number");
            return false;
        }
        String t = f.get(3);
        if (t.isEmpty()) {
            tally.skip(SkipReason.MALFORMED, lineNo, "timestamp", t, "empty");
            return false;
        }
        if (!DIGITS.matcher(t).matches()) {
            tally.skip(SkipReason.MALFORMED, lineNo, "timestamp", t,
                    t.startsWith("-") ? "negative timestamp" : "not a whole number of seconds");
            return false;
        }
        try {
            timestamp = Long.parseLong(t);
        } catch (NumberFormatException e) {
            tally.skip(SkipReason.MALFORMED, lineNo, "timestamp", t, "too large for a 64-bit integer");
            return false;
        }
        return true;
    }

    private long id(String s, String field, long lineNo) throws DataFileException {
        if (s.isEmpty()) {
            tally.skip(SkipReason.MALFORMED, lineNo, field, s, "empty");
            return -1;
        }
        if (!DIGITS.matcher(s).matches()) {
            tally.skip(SkipReason.MALFORMED, lineNo, field, s,
                    s.matches("-\\d+") ? "negative id" : "not a whole number");
            return -1;
        }
        if (s.length() > 10 || Long.parseLong(s) > RatingsChunk.MAX_ID) {
            tally.skip(SkipReason.MALFORMED, lineNo, field, s, "id larger than " + RatingsChunk.MAX_ID);
            return -1;
        }
        return Long.parseLong(s);
    }

    /** Checks the header line {@code [ls, le)} of {@code buf} against the expected fields (in either mode). */
    void checkHeader(byte[] buf, int ls, int le, long lineNo) throws DataFileException {
        String text = new String(buf, ls, le - ls, StandardCharsets.UTF_8);
        List<String> found;
        try (CSVParser parser = CSVParser.parse(text, CSVFormat.RFC4180)) {
            List<CSVRecord> recs = parser.getRecords();
            found = recs.isEmpty() ? List.of() : recs.get(0).toList();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            found = List.of(text);
        }
        if (!found.equals(header)) {
            throw new DataFileException(fileName, lineNo, "header", text,
                    "expected header " + String.join(",", header));
        }
    }
}
