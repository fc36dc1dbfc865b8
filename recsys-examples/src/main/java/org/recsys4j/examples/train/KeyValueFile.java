package org.recsys4j.examples.train;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The small settings files the validation searches save in the work folder ({@code als-lift.txt}, {@code merge.txt},
 * {@code neuralcf-gmf.txt}): a {@code #} comment line, then {@code key=value} lines. Written atomically (a temporary
 * file, then a move); read back as entries that name their file and line in every error.
 */
final class KeyValueFile {
    private KeyValueFile() {
    }

    /**
     * Writes {@code # comment} and one {@code key=value} line per entry, in order, through a temporary file and a move;
     * a line break inside a value becomes a space.
     */
    static void write(Path file, String comment, Map<String, ?> entries) throws IOException {
        StringBuilder b = new StringBuilder("# ").append(comment).append('\n');
        entries.forEach((k, v) -> b.append(k).append('=').append(String.valueOf(v).replace('\n', ' ')).append('\n'));
        AtomicFiles.write(file, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One non-blank, non-comment line.
     *
     * @param file  the file's name
     * @param line  the line number (1-based)
     * @param text  the line, stripped
     * @param key   the text before the first {@code =}, or the whole line when it has none (or starts with one)
     * @param value the text after the first {@code =}, or "" when the line has none
     * @param keyed whether the line had a key and an {@code =}
     */
    record Entry(String file, int line, String text, String key, String value, boolean keyed) {
        /** Returns an error naming this entry's file, line, key and value. */
        DataFileException bad(String problem, Throwable cause) {
            return new DataFileException(file, line, key, value, problem, cause);
        }

        /** Returns an error naming this entry's file and line, the whole line as its field "line". */
        DataFileException unexpected(String problem) {
            return new DataFileException(file, line, "line", text, problem);
        }

        /**
         * Returns the value as a finite number at least 0.
         *
         * @throws DataFileException naming the file, line and key otherwise ("bad value (...)")
         */
        double nonNegative() throws DataFileException {
            try {
                double v = Double.parseDouble(value);
                if (!(v >= 0) || !Double.isFinite(v)) {
                    throw new NumberFormatException("must be finite and >= 0");
                }
                return v;
            } catch (NumberFormatException e) {
                throw bad("bad value (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Returns the file's entries in order, blank lines and {@code #} comments left out. */
    static List<Entry> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String name = String.valueOf(file.getFileName());
        List<Entry> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            out.add(eq <= 0 ? new Entry(name, n + 1, line, line, "", false)
                    : new Entry(name, n + 1, line, line.substring(0, eq), line.substring(eq + 1), true));
        }
        return out;
    }

    /** Returns an error naming the file (line 0: the whole body) for a file without the lines it needs. */
    static DataFileException incomplete(Path file, String problem) {
        return new DataFileException(String.valueOf(file.getFileName()), 0, "body", "", problem);
    }
}
