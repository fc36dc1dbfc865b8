package org.recsys4j.core.io.internal;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.io.Dialect;
import org.recsys4j.core.io.SkipReason;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Streams a delimited text file, written in a {@link Dialect}, through commons-csv and hands its header and each data record to a
 * {@link Handler}, with the 1-based line where the record starts. Not API (the readers' shared plumbing).
 *
 * <p>What every reader built on it gets: an optional UTF-8 byte-order mark is dropped; LF, CRLF and a
 * lone CR all end a line, mixed or not; the last line may lack its newline; blank lines are skipped but
 * still count for the line numbers; a quoted field may span lines. In a UTF-8 file, bytes that are not
 * valid UTF-8 make their record a MALFORMED row. Broken quoting (a quoted field that never closes, or
 * text after a closing quote) is located by {@link QuotingProblem}: strict mode throws naming the line
 * where the quote opened; lenient mode counts the record as one MALFORMED row and parses on from the
 * line after it (a quote that never closes would otherwise take the rest of the file with it). A header
 * with broken quoting is an error in either mode.
 */
public final class CsvRows {
    private CsvRows() {
    }

    /** Returns a delimiter as messages show it: {@code \t} for a tab. */
    public static String showDelimiter(String delimiter) {
        return delimiter.replace("\t", "\\t");
    }

    /** Returns the commons-csv format of a dialect (blank lines kept, so that they count for the line numbers). */
    private static CSVFormat format(Dialect dialect) {
        return CSVFormat.RFC4180.builder()
                .setDelimiter(dialect.delimiter())
                .setQuote(dialect.quoting() ? Character.valueOf('"') : null)
                .setIgnoreEmptyLines(false)
                .build();
    }

    /** Receives the header and the data records of one file. */
    public interface Handler {
        /**
         * Receives the header (only when the dialect has one): the first record that is not blank.
         *
         * @param line   its 1-based line
         * @param fields its fields
         * @throws DataFileException if the header does not fit (in either mode)
         */
        void header(long line, List<String> fields) throws DataFileException;

        /**
         * Receives one data record whose text decoded cleanly; count it in the tally's {@code rowsRead}
         * is already done.
         *
         * @param line   the 1-based line where it starts
         * @param fields its fields
         * @throws DataFileException in strict mode, on a bad row
         */
        void row(long line, List<String> fields) throws DataFileException;
    }

    /**
     * Reads {@code file}; returns the number of records that were not blank (the header included).
     *
     * @param file    the file
     * @param dialect how it is written
     * @param tally   counts the data rows and deals with the bad ones
     * @param handler receives the header and the rows
     * @return the records that were not blank, header included (0 for an empty file)
     * @throws IOException       if the file cannot be read
     * @throws DataFileException on a bad header, or in strict mode on the first bad row
     */
    public static long read(Path file, Dialect dialect, FileTally tally, Handler handler) throws IOException {
        String fileName = tally.file;
        boolean utf8 = dialect.charset().equals(StandardCharsets.UTF_8);
        long records = 0;
        try (ReplayReader in = new ReplayReader(reader(file, dialect.charset()))) {
            CSVParser parser = CSVParser.parse(in, format(dialect));
            Iterator<CSVRecord> it = parser.iterator();
            long base = 0;      // lines before the current parser's first line
            long before = 0;    // lines before the next record
            boolean headerSeen = !dialect.hasHeader();
            List<String> names = List.of();
            while (true) {
                CSVRecord rec;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    rec = it.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    QuotingProblem q = QuotingProblem.locate(in, before + 1, rootMessage(e), dialect.delimiter(), '"');
                    if (!headerSeen) {
                        throw new DataFileException(fileName, q.line(), "header", q.text(), q.problem());
                    }
                    records++;
                    tally.rowsRead++;
                    tally.skip(SkipReason.MALFORMED, q.line(), "line", q.text(), q.problem());
                    in.rewindTo(q.resumeLine());
                    base = q.resumeLine() - 1;
                    before = base;
                    parser = CSVParser.parse(in, format(dialect));
                    it = parser.iterator();
                    continue;
                }
                long line = before + 1;
                before = base + parser.getCurrentLineNumber();
                in.forgetBefore(before + 1);
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue;   // blank line
                }
                records++;
                List<String> fields = rec.toList();
                if (!headerSeen) {
                    headerSeen = true;
                    handler.header(line, fields);
                    names = fields;
                    continue;
                }
                tally.rowsRead++;
                if (utf8 && !validText(tally, line, fields, names)) {
                    continue;
                }
                handler.row(line, fields);
            }
        }
        return records;
    }

    private static boolean validText(FileTally tally, long line, List<String> fields, List<String> names)
            throws DataFileException {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).indexOf('\uFFFD') >= 0) {
                String field = i < names.size() ? names.get(i) : "column " + (i + 1);
                tally.skip(SkipReason.MALFORMED, line, field, fields.get(i), "not valid UTF-8");
                return false;
            }
        }
        return true;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * Returns a buffered reader of {@code file} in {@code charset} that replaces undecodable bytes by
     * U+FFFD and, for UTF-8, drops a leading byte-order mark.
     *
     * @param file    the file
     * @param charset its encoding
     * @return the reader
     * @throws IOException if the file cannot be opened
     */
    public static Reader reader(Path file, Charset charset) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
        if (charset.equals(StandardCharsets.UTF_8)) {
            r.mark(1);
            if (r.read() != '\uFEFF') {
                r.reset();
            }
        }
        return r;
    }
}
