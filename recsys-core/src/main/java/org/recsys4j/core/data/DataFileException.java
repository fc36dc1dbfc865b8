package org.recsys4j.core.data;

import java.io.IOException;

/**
 * The one exception for bad files and bad encoded data in Recsys4J: a data file, a saved artifact
 * (embedding table, index, model, encoder) or a stored value whose content is not what its format says.
 * The message names where and what, as in {@code ratings.csv:100838: movieId=999999: item not in
 * movies.csv} or {@code item2vec.hnsw: checksum=1f0a...: does not match the computed ...}; the parts
 * are also available separately for programs that react to them.
 *
 * <p>Checked, and an {@link IOException}, like the JDK's own format errors (ZipException,
 * CharacterCodingException): a caller that reads files already handles {@code IOException}, and a bad
 * file is a condition of the input, not a bug. Bad arguments are {@link IllegalArgumentException}s.
 * Subclasses exist only where a caller can act differently (e.g. a lenient load that kept too few rows).
 */
public class DataFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_VALUE_CHARS = 200;

    private final String file;
    private final long line;
    private final String field;
    private final String value;
    private final String problem;

    /**
     * Creates an exception for one value of one line (or of a whole file or artifact).
     *
     * @param file    the file name as it should appear in the message (usually without directory), or what
     *                was read (e.g. {@code redis item2vec:42})
     * @param line    the 1-based line, or {@code 0} when the problem concerns the whole file or a binary body
     * @param field   the field (column or part) name, e.g. {@code movieId}, {@code header}, {@code checksum}
     * @param value   the offending value as found (may be empty; null is taken as empty)
     * @param problem what is wrong with it, e.g. {@code item not in movies.csv}
     */
    public DataFileException(String file, long line, String field, String value, String problem) {
        super(format(file, line, field, value, problem));   // no cause yet: initCause may still set one
        this.file = file;
        this.line = line;
        this.field = field;
        this.value = value == null ? "" : value;
        this.problem = problem;
    }

    /**
     * Creates an exception with the exception that revealed the problem.
     *
     * @param cause the underlying exception (e.g. an {@code EOFException} of a truncated body), or null
     * @see #DataFileException(String, long, String, String, String)
     */
    public DataFileException(String file, long line, String field, String value, String problem, Throwable cause) {
        super(format(file, line, field, value, problem), cause);
        this.file = file;
        this.line = line;
        this.field = field;
        this.value = value == null ? "" : value;
        this.problem = problem;
    }

    /** Returns {@code file:line: field=value: problem} (without {@code :line} when line is 0). */
    public static String format(String file, long line, String field, String value, String problem) {
        String v = value == null ? "" : value;
        if (v.length() > MAX_VALUE_CHARS) {
            v = v.substring(0, MAX_VALUE_CHARS) + "...";
        }
        return file + (line > 0 ? ":" + line : "") + ": " + field + "=" + v + ": " + problem;
    }

    /** Returns the file name (or source) as given in the message. */
    public String file() {
        return file;
    }

    /** Returns the 1-based line number, or 0 when the problem concerns the whole file or a binary body. */
    public long line() {
        return line;
    }

    /** Returns the field (column or part) name. */
    public String field() {
        return field;
    }

    /** Returns the offending value as found (not truncated). */
    public String value() {
        return value;
    }

    /** Returns the description of the problem, without the location. */
    public String problem() {
        return problem;
    }
}
