package org.recsys4j.examples.report;

import org.recsys4j.core.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Replaces the generated parts of a hand-written markdown page: a section named {@code NAME} is everything
 * between the lines {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->}; the markers and the text outside
 * them are kept byte for byte. Used by {@code evaluate --all} to regenerate the leaderboards of
 * {@code docs/evaluation.md} without touching its explanations.
 *
 * <pre>{@code
 * GeneratedSections.replace(Path.of("docs/evaluation.md"), "leaderboard-T", tableMarkdown);
 * }</pre>
 */
public final class GeneratedSections {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private GeneratedSections() {
    }

    /** Returns the begin marker of a section, {@code <!-- NAME:begin -->}. */
    public static String begin(String name) {
        return "<!-- " + checkName(name) + ":begin -->";
    }

    /** Returns the end marker of a section, {@code <!-- NAME:end -->}. */
    public static String end(String name) {
        return "<!-- " + checkName(name) + ":end -->";
    }

    /**
     * Returns {@code text} with the body of section {@code name} replaced by {@code content} (a final newline is
     * added if missing).
     *
     * @throws IllegalArgumentException if a marker is missing, repeated, or the end comes before the begin
     */
    public static String replace(String text, String name, String content) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(content, "content");
        String b = begin(name);
        String e = end(name);
        int i = text.indexOf(b);
        int j = text.indexOf(e);
        if (i < 0 || j < 0) {
            throw new IllegalArgumentException("section " + name + ": marker " + (i < 0 ? b : e) + " not found");
        }
        if (text.indexOf(b, i + 1) >= 0 || text.indexOf(e, j + 1) >= 0) {
            throw new IllegalArgumentException("section " + name + ": a marker appears more than once");
        }
        if (j < i) {
            throw new IllegalArgumentException("section " + name + ": " + e + " comes before " + b);
        }
        int bodyStart = i + b.length();
        if (bodyStart < text.length() && text.charAt(bodyStart) == '\n') {
            bodyStart++;
        }
        String body = content.isEmpty() || content.endsWith("\n") ? content : content + "\n";
        return text.substring(0, bodyStart) + body + text.substring(j);
    }

    /**
     * Returns the body of section {@code name} (between its markers, without the newline after the begin marker).
     *
     * @throws IllegalArgumentException if a marker is missing or out of order
     */
    public static String body(String text, String name) {
        String b = begin(name);
        int i = text.indexOf(b);
        int j = text.indexOf(end(name));
        if (i < 0 || j < i) {
            throw new IllegalArgumentException("section " + name + ": markers " + b + " … " + end(name) + " not found in order");
        }
        int start = i + b.length();
        if (start < text.length() && text.charAt(start) == '\n') {
            start++;
        }
        return text.substring(start, j);
    }

    /**
     * Replaces the body of section {@code name} of a UTF-8 file in place, atomically (a reader sees the old or
     * the new page, never half of one); the file is not touched if the markers are wrong.
     *
     * @throws IOException              if the file cannot be read or written (a missing file is named)
     * @throws IllegalArgumentException if a marker is missing, repeated or out of order, naming the file
     */
    public static void replace(Path file, String name, String content) throws IOException {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "the page to regenerate does not exist");
        }
        String updated;
        try {
            updated = replace(text, name, content);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (!updated.equals(text)) {
            AtomicFiles.write(file, updated.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: \"" + name + "\", must be letters, digits, '_', '.' or '-'");
        }
        return name;
    }
}
