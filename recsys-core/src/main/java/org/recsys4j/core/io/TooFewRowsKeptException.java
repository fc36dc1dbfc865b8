package org.recsys4j.core.io;

import org.recsys4j.core.data.DataFileException;

import java.util.Objects;

/**
 * Thrown by a lenient read when a file kept none of the rows it read, or skipped more than
 * {@value LoadReport#MAX_EXAMPLES} rows and kept fewer than {@link LoadOptions#minKeptFraction()} of
 * them: skipping that much is not "a few bad rows" but a file that cannot be used, and returning what
 * is left would look like a success. The message names the
 * file and the first skipped row's line, the counts and the skips by reason, and that row, e.g.
 * <pre>
 * u.item:1: rows=0 of 1682 kept: a lenient load keeps a file only if at least 50% of its rows are usable
 * (skipped: MALFORMED 1682); first skipped: u.item:1: line=1|Toy Story (1995)|...: expected 26 fields ...
 * </pre>
 * The whole per-file report (every reason with its first examples) is {@link #fileReport()}.
 */
public final class TooFewRowsKeptException extends DataFileException {
    private static final long serialVersionUID = 1L;

    private final transient LoadReport.FileReport fileReport;
    private final double minKeptFraction;

    /**
     * Creates the exception of one file.
     *
     * @param report          what the file read, kept and skipped
     * @param firstLine       the line of the first skipped row (0 if none)
     * @param firstSkipped    that row as {@code REASON file:line: field=value: problem}, or null if none
     * @param minKeptFraction the fraction of rows the file had to keep
     */
    public TooFewRowsKeptException(LoadReport.FileReport report, long firstLine, String firstSkipped,
                                   double minKeptFraction) {
        super(report.file(), firstLine, "rows", report.rowsKept() + " of " + report.rowsRead() + " kept",
                problem(report, firstSkipped, minKeptFraction));
        this.fileReport = Objects.requireNonNull(report, "report");
        this.minKeptFraction = minKeptFraction;
    }

    private static String problem(LoadReport.FileReport r, String firstSkipped, double min) {
        StringBuilder sb = new StringBuilder("a lenient load keeps a file only if ");
        if (r.rowsKept() == 0) {
            sb.append("some of its rows are usable");
        } else {
            sb.append("at least ").append(LoadReport.percent(min)).append(" of its rows are usable");
        }
        sb.append(" (skipped: ").append(LoadReport.byReason(r.skipped())).append(')');
        if (firstSkipped != null) {
            sb.append("; first skipped: ").append(firstSkipped);
        }
        return sb.toString();
    }

    /** Returns what was read, kept and skipped in the file, with examples per reason. */
    public LoadReport.FileReport fileReport() {
        return fileReport;
    }

    /** Returns the fraction of rows the file had to keep. */
    public double minKeptFraction() {
        return minKeptFraction;
    }
}
