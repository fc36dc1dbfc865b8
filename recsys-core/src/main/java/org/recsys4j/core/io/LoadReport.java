package org.recsys4j.core.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Returns what a reader read, kept and skipped, file by file, with the skips counted by
 * {@link SkipReason} and the first {@value #MAX_EXAMPLES} of each reason spelled out as
 * {@code file:line: field=value: message}. Immutable.
 *
 * <p>Every data row of every file is accounted for: {@code rowsRead == rowsKept + skippedTotal()} in
 * each {@link FileReport} (header and blank lines are not rows; a record whose CSV quoting is broken
 * counts as one MALFORMED row). A load that returns a report passed the checks of
 * {@link LoadOptions}: every file that had rows kept some, and none that skipped more than
 * {@value #MAX_EXAMPLES} rows kept fewer than {@link LoadOptions#minKeptFraction()} of them; otherwise
 * it threw a {@link TooFewRowsKeptException} instead. So what a returned report does not list row by
 * row is at most a minority of a file.
 *
 * <p>A sample {@link #summary()}:
 * <pre>
 * MovieLens LATEST_CSV, LENIENT: 1 row skipped
 *   movies.csv: 9742 rows read, 9742 kept
 *   links.csv: 9742 rows read, 9742 kept
 *   tags.csv: 3683 rows read, 3683 kept
 *   ratings.csv: 100837 rows read, 100836 kept, 1 skipped (UNKNOWN_ITEM 1)
 *     UNKNOWN_ITEM ratings.csv:100838: movieId=999999: item not in movies.csv
 * </pre>
 */
public final class LoadReport {
    /** How many example rows are kept per file and reason. */
    public static final int MAX_EXAMPLES = 10;

    private final String source;
    private final LoadOptions.Mode mode;
    private final List<FileReport> files;

    /**
     * What was read from one file.
     *
     * @param file     the file name
     * @param rowsRead the data rows read (header and blank lines not counted)
     * @param rowsKept the rows kept
     * @param skipped  the number of skipped rows per reason (reasons with none are absent)
     * @param examples the first {@value LoadReport#MAX_EXAMPLES} skipped rows per reason, as
     *                 {@code file:line: field=value: message}
     */
    public record FileReport(String file, long rowsRead, long rowsKept, Map<SkipReason, Integer> skipped,
                             Map<SkipReason, List<String>> examples) {
        /** Copies the maps into unmodifiable ones. */
        public FileReport {
            Objects.requireNonNull(file, "file");
            skipped = Collections.unmodifiableMap(skipped.isEmpty() ? new EnumMap<>(SkipReason.class)
                    : new EnumMap<>(skipped));
            EnumMap<SkipReason, List<String>> ex = new EnumMap<>(SkipReason.class);
            examples.forEach((r, l) -> ex.put(r, List.copyOf(l)));
            examples = Collections.unmodifiableMap(ex);
        }

        /** Returns the number of rows skipped for any reason. */
        public int skippedTotal() {
            int n = 0;
            for (int c : skipped.values()) {
                n += c;
            }
            return n;
        }

        /** Returns the number of rows skipped for {@code reason}. */
        public int skipped(SkipReason reason) {
            return skipped.getOrDefault(reason, 0);
        }

        /** Returns the first examples of rows skipped for {@code reason} (empty when none). */
        public List<String> examples(SkipReason reason) {
            return examples.getOrDefault(reason, List.of());
        }
    }

    /**
     * Creates a report.
     *
     * @param source what was read, for {@link #oneLine()}: e.g. {@code MovieLens LATEST_CSV}, {@code events.csv}
     * @param mode   the mode the load ran in
     * @param files  one report per file, in reading order
     */
    public LoadReport(String source, LoadOptions.Mode mode, List<FileReport> files) {
        this.source = Objects.requireNonNull(source, "source");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.files = List.copyOf(files);
    }

    /** Returns what was read, as named in {@link #oneLine()} (e.g. {@code MovieLens LATEST_CSV}). */
    public String source() {
        return source;
    }

    /** Returns the mode the load ran in. */
    public LoadOptions.Mode mode() {
        return mode;
    }

    /** Returns one report per file read, in reading order. */
    public List<FileReport> files() {
        return files;
    }

    /** Returns the report of the file with this name, if it was read. */
    public Optional<FileReport> file(String name) {
        return files.stream().filter(f -> f.file().equals(name)).findFirst();
    }

    /** Returns the number of rows skipped in all files. */
    public int skipped() {
        int n = 0;
        for (FileReport f : files) {
            n += f.skippedTotal();
        }
        return n;
    }

    /** Returns the number of rows skipped in all files for {@code reason}. */
    public int skipped(SkipReason reason) {
        int n = 0;
        for (FileReport f : files) {
            n += f.skipped(reason);
        }
        return n;
    }

    /** Returns the examples of every file for {@code reason}, in file order. */
    public List<String> examples(SkipReason reason) {
        List<String> all = new ArrayList<>();
        for (FileReport f : files) {
            all.addAll(f.examples(reason));
        }
        return all;
    }

    /** Returns a one-line summary: source, mode, and skipped rows by reason. */
    public String oneLine() {
        StringBuilder sb = new StringBuilder(source).append(", ").append(mode).append(": ");
        int total = skipped();
        sb.append(total).append(total == 1 ? " row" : " rows").append(" skipped");
        if (total > 0) {
            sb.append(" (");
            boolean first = true;
            for (SkipReason r : SkipReason.values()) {
                int c = skipped(r);
                if (c > 0) {
                    sb.append(first ? "" : ", ").append(r).append(' ').append(c);
                    first = false;
                }
            }
            sb.append(')');
        }
        return sb.toString();
    }

    /** Returns a multi-line summary: the one-line summary, then per file rows read/kept/skipped and the examples. */
    public String summary() {
        StringBuilder sb = new StringBuilder(oneLine());
        for (FileReport f : files) {
            sb.append(System.lineSeparator()).append("  ").append(f.file()).append(": ").append(f.rowsRead())
                    .append(" rows read, ").append(f.rowsKept()).append(" kept");
            if (f.skippedTotal() > 0) {
                sb.append(", ").append(f.skippedTotal()).append(" skipped (");
                boolean first = true;
                for (Map.Entry<SkipReason, Integer> e : f.skipped().entrySet()) {
                    sb.append(first ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
                    first = false;
                }
                sb.append(')');
                for (Map.Entry<SkipReason, List<String>> e : f.examples().entrySet()) {
                    for (String ex : e.getValue()) {
                        sb.append(System.lineSeparator()).append("    ").append(e.getKey()).append(' ').append(ex);
                    }
                    int more = f.skipped(e.getKey()) - e.getValue().size();
                    if (more > 0) {
                        sb.append(System.lineSeparator()).append("    ").append(e.getKey()).append(" ... and ")
                                .append(more).append(" more");
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Returns {@code "MALFORMED 3, UNKNOWN_ITEM 1"}: the counts by reason, in reason order. */
    static String byReason(Map<SkipReason, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        for (SkipReason r : SkipReason.values()) {
            int c = counts.getOrDefault(r, 0);
            if (c > 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(r).append(' ').append(c);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    /** Returns a fraction as a percentage without needless digits: 0.5 is "50%", 0.125 is "12.5%". */
    static String percent(double fraction) {
        double p = fraction * 100;
        return (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(Math.round(p * 1000) / 1000.0)) + "%";
    }

    /** Returns {@link #summary()}. */
    @Override
    public String toString() {
        return summary();
    }
}
