package org.recsys4j.examples.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratedSectionsTest {
    private static final String PAGE = "# Title\n\nHand-written intro.\n\n<!-- leaderboard-T:begin -->\nold table\n"
            + "<!-- leaderboard-T:end -->\n\nHand-written outro.\n<!-- leaderboard-S:begin -->\n<!-- leaderboard-S:end -->\n";

    @Test
    void replacesOnlyTheBodyAndKeepsEverythingElseByteForByte() {
        String out = GeneratedSections.replace(PAGE, "leaderboard-T", "| a | b |\n|---|---|");
        assertEquals("# Title\n\nHand-written intro.\n\n<!-- leaderboard-T:begin -->\n| a | b |\n|---|---|\n"
                + "<!-- leaderboard-T:end -->\n\nHand-written outro.\n<!-- leaderboard-S:begin -->\n"
                + "<!-- leaderboard-S:end -->\n", out);
        assertEquals("| a | b |\n|---|---|\n", GeneratedSections.body(out, "leaderboard-T"));
        // round trip: putting the old body back gives the original page
        assertEquals(PAGE, GeneratedSections.replace(out, "leaderboard-T", "old table\n"));
        // an empty section can be filled, and emptied again
        String s = GeneratedSections.replace(PAGE, "leaderboard-S", "x");
        assertEquals("x\n", GeneratedSections.body(s, "leaderboard-S"));
        assertEquals(PAGE, GeneratedSections.replace(s, "leaderboard-S", ""));
    }

    @Test
    void missingRepeatedOrMisorderedMarkersAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GeneratedSections.replace(PAGE, "leaderboard-C", "x"));
        assertTrue(e.getMessage().contains("<!-- leaderboard-C:begin --> not found"), e.getMessage());
        String noEnd = PAGE.replace("<!-- leaderboard-T:end -->", "");
        e = assertThrows(IllegalArgumentException.class, () -> GeneratedSections.replace(noEnd, "leaderboard-T", "x"));
        assertTrue(e.getMessage().contains("<!-- leaderboard-T:end --> not found"), e.getMessage());
        String twice = PAGE + "<!-- leaderboard-T:begin -->\n";
        e = assertThrows(IllegalArgumentException.class, () -> GeneratedSections.replace(twice, "leaderboard-T", "x"));
        assertTrue(e.getMessage().contains("more than once"), e.getMessage());
        String swapped = "<!-- X:end -->\n<!-- X:begin -->\n";
        e = assertThrows(IllegalArgumentException.class, () -> GeneratedSections.replace(swapped, "X", "x"));
        assertTrue(e.getMessage().contains("comes before"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GeneratedSections.begin("bad name -->"));
    }

    @Test
    void aFileIsReplacedAtomicallyAndLeftUntouchedOnError(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("evaluation.md");
        Files.writeString(page, PAGE, StandardCharsets.UTF_8);
        GeneratedSections.replace(page, "leaderboard-T", "new — λ table");
        String text = Files.readString(page, StandardCharsets.UTF_8);
        assertEquals("new — λ table\n", GeneratedSections.body(text, "leaderboard-T"));
        assertTrue(text.startsWith("# Title\n\nHand-written intro.") && text.contains("Hand-written outro."));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GeneratedSections.replace(page, "leaderboard-R", "x"));
        assertTrue(e.getMessage().startsWith(page.toString()), "the error names the file: " + e.getMessage());
        assertEquals(text, Files.readString(page, StandardCharsets.UTF_8));
        IOException missing = assertThrows(IOException.class,
                () -> GeneratedSections.replace(dir.resolve("absent.md"), "leaderboard-T", "x"));
        assertTrue(missing.getMessage().contains("absent.md"), missing.getMessage());
    }
}
