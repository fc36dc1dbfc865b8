package org.recsys4j.core.io.internal;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.LoadReport;
import org.recsys4j.core.io.SkipReason;
import org.recsys4j.core.io.TooFewRowsKeptException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the rows of one file and deals with a bad one: throws in strict mode, counts and keeps an
 * example in lenient mode. Not API (the readers' shared plumbing). Not thread-safe; the parallel ratings
 * parser keeps one per chunk, with lines counted from the chunk's start, and merges them with
 * {@link #absorb(FileTally, long)}.
 */
public final class FileTally {
    /** The file name, as messages name it. */
    public final String file;
    /** True in lenient mode (skip and count), false in strict mode (throw). */
    public final boolean lenient;
    /** The data rows read so far. */
    public long rowsRead;
    /** The rows kept so far. */
    public long rowsKept;
    private final EnumMap<SkipReason, Integer> counts = new EnumMap<>(SkipReason.class);
    private final EnumMap<SkipReason, List<Example>> examples = new EnumMap<>(SkipReason.class);

    private record Example(long line, String field, String value, String problem) {
    }

    /**
     * Creates an empty tally.
     *
     * @param file    the file name, as messages name it
     * @param lenient true to skip and count bad rows, false to throw on the first
     */
    public FileTally(String file, boolean lenient) {
        this.file = file;
        this.lenient = lenient;
    }

    /**
     * Throws (strict) or counts the skip (lenient).
     *
     * @param reason  why the row is skipped
     * @param line    its 1-based line
     * @param field   the field at fault
     * @param value   its value as found
     * @param problem what is wrong
     * @throws DataFileException in strict mode
     */
    public void skip(SkipReason reason, long line, String field, String value, String problem) throws DataFileException {
        if (!lenient) {
            throw new DataFileException(file, line, field, value, problem);
        }
        counts.merge(reason, 1, Integer::sum);
        List<Example> ex = examples.computeIfAbsent(reason, r -> new ArrayList<>());
        if (ex.size() < LoadReport.MAX_EXAMPLES) {
            ex.add(new Example(line, field, value, problem));
        }
    }

    /** Returns the rows skipped so far. */
    public int skippedTotal() {
        int n = 0;
        for (int c : counts.values()) {
            n += c;
        }
        return n;
    }

    /**
     * Appends a later chunk's counts and examples, shifting its lines by {@code lineOffset}.
     *
     * @param later      the tally of the chunk after this one
     * @param lineOffset the lines before that chunk
     */
    public void absorb(FileTally later, long lineOffset) {
        rowsRead += later.rowsRead;
        rowsKept += later.rowsKept;
        later.counts.forEach((r, c) -> counts.merge(r, c, Integer::sum));
        for (Map.Entry<SkipReason, List<Example>> e : later.examples.entrySet()) {
            List<Example> ex = examples.computeIfAbsent(e.getKey(), r -> new ArrayList<>());
            for (Example x : e.getValue()) {
                if (ex.size() < LoadReport.MAX_EXAMPLES) {
                    ex.add(new Example(x.line + lineOffset, x.field, x.value, x.problem));
                }
            }
        }
    }

    /**
     * In lenient mode, throws a {@link TooFewRowsKeptException} if this file read rows and kept none of
     * them, or skipped more than {@link LoadReport#MAX_EXAMPLES} rows and kept fewer than
     * {@code minKeptFraction} of them (see {@link LoadOptions}).
     *
     * @param minKeptFraction the fraction of rows a file must keep once more than the examples were skipped
     * @throws TooFewRowsKeptException if the file kept too few rows
     */
    public void checkKept(double minKeptFraction) throws TooFewRowsKeptException {
        if (!lenient || rowsRead == 0) {
            return;
        }
        if (rowsKept > 0 && (rowsRead - rowsKept <= LoadReport.MAX_EXAMPLES || rowsKept >= minKeptFraction * rowsRead)) {
            return;
        }
        Example first = null;
        SkipReason firstReason = null;
        for (Map.Entry<SkipReason, List<Example>> e : examples.entrySet()) {
            for (Example x : e.getValue()) {
                if (first == null || x.line < first.line) {
                    first = x;
                    firstReason = e.getKey();
                }
            }
        }
        throw new TooFewRowsKeptException(freeze(), first == null ? 0 : first.line,
                first == null ? null : firstReason + " " + DataFileException.format(file, first.line, first.field,
                        first.value, first.problem), minKeptFraction);
    }

    /** Returns the report of this file. */
    public LoadReport.FileReport freeze() {
        EnumMap<SkipReason, List<String>> text = new EnumMap<>(SkipReason.class);
        examples.forEach((r, l) -> {
            List<String> s = new ArrayList<>(l.size());
            for (Example x : l) {
                s.add(DataFileException.format(file, x.line, x.field, x.value, x.problem));
            }
            text.put(r, s);
        });
        return new LoadReport.FileReport(file, rowsRead, rowsKept, counts, text);
    }
}
