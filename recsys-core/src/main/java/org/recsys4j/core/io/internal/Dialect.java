package org.recsys4j.core.io.internal;

import org.apache.commons.csv.CSVFormat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How a delimited text file is written: delimiter, quoting, encoding and whether its first line that is
 * not blank is a header. Not API (the readers' shared plumbing; the mappings expose each part).
 *
 * @param delimiter the field delimiter, one or more characters (not a quote, CR or LF)
 * @param quoting   true if a field starting with {@code "} is quoted (RFC 4180), false to take quotes literally
 * @param charset   the encoding of the file
 * @param header    true if the first line that is not blank names the columns
 */
public record Dialect(String delimiter, boolean quoting, Charset charset, boolean header) {
    /** RFC 4180 CSV, UTF-8, with a header. */
    public static final Dialect CSV = new Dialect(",", true, StandardCharsets.UTF_8, true);

    /** Checks the parts. */
    public Dialect {
        Objects.requireNonNull(delimiter, "delimiter");
        Objects.requireNonNull(charset, "charset");
    }

    /**
     * Returns why {@code delimiter} cannot be a delimiter, or null if it can: it must be non-empty and hold
     * no quote, CR or LF.
     *
     * @param delimiter the candidate
     * @return the problem, or null
     */
    public static String delimiterProblem(String delimiter) {
        if (delimiter == null) {
            return null;
        }
        if (delimiter.isEmpty()) {
            return "must not be empty";
        }
        if (delimiter.indexOf('"') >= 0 || delimiter.indexOf('\r') >= 0 || delimiter.indexOf('\n') >= 0) {
            return "must not contain a quote, CR or LF";
        }
        return null;
    }

    /** Returns the commons-csv format of this dialect (blank lines kept, so that they count for the line numbers). */
    CSVFormat format() {
        return CSVFormat.RFC4180.builder()
                .setDelimiter(delimiter)
                .setQuote(quoting ? Character.valueOf('"') : null)
                .setIgnoreEmptyLines(false)
                .build();
    }

    /** Returns a delimiter as messages show it: {@code \t} for a tab. */
    public static String show(String delimiter) {
        return delimiter.replace("\t", "\\t");
    }

    /** Returns e.g. {@code ',' separated, RFC 4180 quoting, UTF-8, with a header}. */
    @Override
    public String toString() {
        return "'" + show(delimiter) + "' separated, " + (quoting ? "RFC 4180 quoting" : "no quoting") + ", "
                + charset.name() + (header ? ", with a header" : ", no header");
    }
}
