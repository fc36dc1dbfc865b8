package org.recsys4j.core.io;

import org.recsys4j.core.io.internal.CsvRows;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How a delimited text file is written: its field delimiter, whether its first line that is not blank is a
 * header, whether RFC 4180 quoting applies, whether blanks around fields are removed, and its encoding. One value
 * shared by every reader of delimited files: an {@link EventMapping} and a {@link CatalogMapping} each take one
 * ({@code withDialect}). Immutable and thread-safe; equal when every part is.
 *
 * <pre>{@code
 * Dialect.CSV                                        // ',' separated, RFC 4180 quoting, UTF-8, with a header
 * Dialect uData = Dialect.builder().withDelimiter("\t").withHeader(false).withQuoting(false).build();
 * Dialect latin1 = Dialect.CSV.toBuilder().withCharset(StandardCharsets.ISO_8859_1).build();
 * EventMapping m = EventMapping.builder("user", "item", "ts", TimestampUnit.SECONDS).withDialect(uData)...
 * }</pre>
 */
public final class Dialect {
    /** The default delimiter: a comma. */
    public static final String DEFAULT_DELIMITER = ",";
    /** Whether a file has a header line by default: {@value}. */
    public static final boolean DEFAULT_HEADER = true;
    /** Whether RFC 4180 quoting applies by default: {@value}. */
    public static final boolean DEFAULT_QUOTING = true;
    /**
     * Whether blanks around fields are removed by default: {@value} (a blank around an id is an error, since
     * {@code "u1"} and {@code " u1"} would otherwise be two ids).
     */
    public static final boolean DEFAULT_TRIM = false;
    /** The default encoding: UTF-8. */
    public static final Charset DEFAULT_CHARSET = StandardCharsets.UTF_8;
    /** RFC 4180 CSV: every option at its default (comma, header, quoting, no trimming, UTF-8). */
    public static final Dialect CSV = builder().build();

    private final String delimiter;
    private final boolean header;
    private final boolean quoting;
    private final boolean trim;
    private final Charset charset;

    private Dialect(Builder b) {
        this.delimiter = b.delimiter;
        this.header = b.header;
        this.quoting = b.quoting;
        this.trim = b.trim;
        this.charset = b.charset;
    }

    /** Returns a builder starting from the defaults ({@link #CSV}). */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder starting from this dialect, to derive another. */
    public Builder toBuilder() {
        return new Builder().withDelimiter(delimiter).withHeader(header).withQuoting(quoting).withTrim(trim)
                .withCharset(charset);
    }

    /** Returns the field delimiter, one or more characters. */
    public String delimiter() {
        return delimiter;
    }

    /** Returns true if the first line that is not blank names the columns. */
    public boolean hasHeader() {
        return header;
    }

    /** Returns true if a field that starts with {@code "} is quoted, RFC 4180 style. */
    public boolean quoting() {
        return quoting;
    }

    /** Returns true if blanks (spaces, tabs) around every field are removed before it is read. */
    public boolean trim() {
        return trim;
    }

    /** Returns the encoding. */
    public Charset charset() {
        return charset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dialect d && delimiter.equals(d.delimiter) && header == d.header && quoting == d.quoting
                && trim == d.trim && charset.equals(d.charset);
    }

    @Override
    public int hashCode() {
        return Objects.hash(delimiter, header, quoting, trim, charset);
    }

    /** Returns e.g. {@code ',' separated, RFC 4180 quoting, UTF-8, with a header}. */
    @Override
    public String toString() {
        return "'" + CsvRows.showDelimiter(delimiter) + "' separated, " + (quoting ? "RFC 4180 quoting" : "no quoting")
                + ", " + charset.name() + (header ? ", with a header" : ", no header") + (trim ? ", trimmed" : "");
    }

    /** Collects a dialect's options; setters only store, {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String delimiter = DEFAULT_DELIMITER;
        private boolean header = DEFAULT_HEADER;
        private boolean quoting = DEFAULT_QUOTING;
        private boolean trim = DEFAULT_TRIM;
        private Charset charset = DEFAULT_CHARSET;

        private Builder() {
        }

        /**
         * Sets the field delimiter: one or more characters, e.g. {@code "\t"}, {@code ";"}, {@code "::"} (default
         * {@value Dialect#DEFAULT_DELIMITER}).
         *
         * @param delimiter the delimiter (not empty; no quote, CR or LF)
         * @return this builder
         */
        public Builder withDelimiter(String delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        /**
         * Sets whether the first line that is not blank names the columns (default
         * {@value Dialect#DEFAULT_HEADER}); without a header, columns are given by position.
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
         * {@value Dialect#DEFAULT_QUOTING}); false takes quotes as ordinary characters (as in ml-100k's u.item).
         *
         * @param quoting true for RFC 4180 quoting
         * @return this builder
         */
        public Builder withQuoting(boolean quoting) {
            this.quoting = quoting;
            return this;
        }

        /**
         * Sets whether blanks (spaces, tabs) around every field, and every value of a multi-valued field, are
         * removed before it is read (default {@value Dialect#DEFAULT_TRIM}: a blank around an id, number, type or
         * category is an error, since {@code "u1"} and {@code " u1"} would otherwise be two ids).
         *
         * @param trim true to remove blanks around fields
         * @return this builder
         */
        public Builder withTrim(boolean trim) {
            this.trim = trim;
            return this;
        }

        /**
         * Sets the encoding (default {@link Dialect#DEFAULT_CHARSET}, UTF-8, where bytes that are not valid UTF-8
         * make their row MALFORMED; {@code ISO_8859_1} reads Latin-1 files).
         *
         * @param charset the encoding
         * @return this builder
         */
        public Builder withCharset(Charset charset) {
            this.charset = charset;
            return this;
        }

        /**
         * Returns the dialect.
         *
         * @return the dialect
         * @throws NullPointerException     naming a null delimiter or charset
         * @throws IllegalArgumentException naming the delimiter if it is empty or holds a quote, CR or LF
         */
        public Dialect build() {
            Objects.requireNonNull(delimiter, "delimiter");
            Objects.requireNonNull(charset, "charset");
            String problem = delimiter.isEmpty() ? "must not be empty"
                    : delimiter.indexOf('"') >= 0 || delimiter.indexOf('\r') >= 0 || delimiter.indexOf('\n') >= 0
                    ? "must not contain a quote, CR or LF" : null;
            if (problem != null) {
                throw new IllegalArgumentException("delimiter: '" + CsvRows.showDelimiter(delimiter) + "', " + problem);
            }
            return new Dialect(this);
        }
    }
}
