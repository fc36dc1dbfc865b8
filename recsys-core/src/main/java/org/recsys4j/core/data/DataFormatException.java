package org.recsys4j.core.data;

/**
 * Thrown when a data file holds a value that cannot be read; the message names the file, the
 * 1-based line, the field and the value, as in {@code ratings.csv:100838: movieId=999999: item not in
 * movies.csv}.
 *
 * @deprecated Replaced by the checked {@link DataFileException}, the one exception family for bad files
 *             and bad encoded data (its name also clashed with {@code java.util.zip.DataFormatException}).
 *             recsys-core no longer throws this class; it stays only until the other modules have moved
 *             their file readers over, and will then be deleted.
 */
@Deprecated
public class DataFormatException extends RuntimeException {
    private static final int MAX_VALUE_CHARS = 200;

    private final String file;
    private final long line;
    private final String field;
    private final String value;
    private final String problem;

    /**
     * Creates an exception for one value of one line.
     *
     * @param file    the file name as it should appear in the message (usually without directory)
     * @param line    the 1-based line, or {@code 0} when the problem concerns the whole file
     * @param field   the field (column) name, e.g. {@code movieId}, or {@code header}, {@code line}
     * @param value   the offending value as found (may be empty, never null)
     * @param problem what is wrong with it, e.g. {@code item not in movies.csv}
     */
    public DataFormatException(String file, long line, String field, String value, String problem) {
        super(format(file, line, field, value, problem));
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

    /** Returns the file name as given in the message. */
    public String file() {
        return file;
    }

    /** Returns the 1-based line number, or 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }

    /** Returns the field (column) name. */
    public String field() {
        return field;
    }

    /** Returns the offending value as found in the file (not truncated). */
    public String value() {
        return value;
    }

    /** Returns the description of the problem, without the location. */
    public String problem() {
        return problem;
    }
}
