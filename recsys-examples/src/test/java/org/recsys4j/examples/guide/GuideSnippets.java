package org.recsys4j.examples.guide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps a guide page and the test that runs it in step: every {@code ```java} block of the page must
 * appear in the test's source, line by line in the same order (leading and trailing blanks ignored,
 * the test may have lines in between, e.g. its checks). A block whose first line is
 * {@value #ABRIDGED} quotes a library interface and is not checked.
 */
final class GuideSnippets {
    /** The first line of a block that quotes a library interface rather than code of the test. */
    static final String ABRIDGED = "// the interface, abridged";

    private GuideSnippets() {
    }

    /** Returns the {@code ```java} blocks of a markdown file, each as its lines. */
    static List<List<String>> javaBlocks(Path markdown) throws IOException {
        return javaBlocks(Files.readAllLines(markdown));
    }

    /** Returns the {@code ```java} blocks of markdown lines, each as its lines. */
    static List<List<String>> javaBlocks(List<String> markdown) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : markdown) {
            if (current == null && line.strip().equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    /**
     * Fails naming the first line of a block of {@code page} that the source of {@code test} does not
     * have at that point.
     *
     * @param page the guide page, relative to the module (e.g. {@code ../docs/tutorial.md})
     * @param test the test class whose source holds the snippets
     */
    static void assertPageMatchesTest(String page, Class<?> test) throws IOException {
        assertPageMatchesTest(page, test, null, null);
    }

    /**
     * Like {@link #assertPageMatchesTest(String, Class)} for the blocks of the page's part from the line {@code from}
     * (a heading, e.g. {@code ## Similar items}) up to the line {@code until} (excluded; null: the end), for a page
     * whose other parts another test runs.
     */
    static void assertPageMatchesTest(String page, Class<?> test, String from, String until) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(page));
        int start = from == null ? 0 : lines.indexOf(from);
        int end = until == null ? lines.size() : lines.indexOf(until);
        if (start < 0 || end < start) {
            fail(page + ": no part from '" + from + "' to '" + until + "'");
        }
        List<List<String>> blocks = javaBlocks(lines.subList(start, end));
        Path source = Path.of("src/test/java", test.getName().replace('.', '/') + ".java");
        List<String> code = Files.readAllLines(source).stream().map(String::strip).toList();
        assertFalse(blocks.isEmpty(), page + " has no java block");
        for (int b = 0; b < blocks.size(); b++) {
            if (!blocks.get(b).isEmpty() && blocks.get(b).get(0).strip().equals(ABRIDGED)) {
                continue;
            }
            int at = 0;
            for (String line : blocks.get(b)) {
                String want = line.strip();
                if (want.isEmpty()) {
                    continue;
                }
                int found = code.subList(at, code.size()).indexOf(want);
                if (found < 0) {
                    fail(page + ", java block " + (b + 1) + ": this line is not in " + source.getFileName()
                            + " (after line " + at + "): " + want);
                }
                at += found + 1;
            }
        }
    }
}
