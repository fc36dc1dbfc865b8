package org.recsys4j.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.examples.ConsoleCapture;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.examples.report.GeneratedSections;
import org.recsys4j.rank.ctr.ModelType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate --all} end to end on a small synthetic MovieLens folder and a hand-made page. */
class EvaluateAllTest {
    private static final String PAGE = """
            # Evaluation

            Hand-written explanation.

            <!-- leaderboard-T:begin -->
            old T
            <!-- leaderboard-T:end -->
            Text between.
            <!-- leaderboard-S:begin -->
            <!-- leaderboard-S:end -->
            <!-- leaderboard-R:begin -->
            <!-- leaderboard-R:end -->
            <!-- leaderboard-C:begin -->
            <!-- leaderboard-C:end -->
            <!-- leaderboard-SYNTHETIC:begin -->
            <!-- leaderboard-SYNTHETIC:end -->
            Closing words.
            """;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

    private static Path synthetic(Path dir) throws IOException {
        Path data = dir.resolve("syn");
        SyntheticMovieLens.builder(80, 120, 3_000, 7).withClusters(4).build().writeLatestCsv(data);
        return data;
    }

    @Test
    void writesEveryModelOfEveryProtocolIntoTheMarkedSectionsWithCharts(@TempDir Path dir) throws IOException {
        Path data = synthetic(dir);
        Path doc = dir.resolve("docs/evaluation.md");
        Files.createDirectories(doc.getParent());
        Files.writeString(doc, PAGE);
        int status = Recsys4jCli.run("evaluate", "--all", "--quick", "--data", data.toString(), "--doc", doc.toString(),
                "--anchors", dir.resolve("no-anchors").toString(), "--protocol", "T,S,R,C", "--threads", "2",
                "--ctr-max-epochs", "1");
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String text = Files.readString(doc);
        assertTrue(text.startsWith("# Evaluation\n\nHand-written explanation.\n\n<!-- leaderboard-T:begin -->\n"), text);
        assertTrue(text.contains("<!-- leaderboard-T:end -->\nText between.\n") && text.endsWith("Closing words.\n"), text);
        assertFalse(text.contains("old T"), text);
        String t = GeneratedSections.body(text, "leaderboard-T");
        for (String m : List.of("| ItemPop |", "| ItemKNN |", "| UserKNN |", "| EASE | λ=50 |", "| EASE | λ=200 |",
                "| iALS | f=64, reg=0.1, α=10, 15 it, exact | 0 |", "| iALS | f=64, reg=0.1, α=10, 15 it, CG 3 steps | 0 |")) {
            assertTrue(t.contains(m), m + " in\n" + t);
        }
        assertTrue(t.contains("Machine: ") && t.contains("cores"), t);
        String s = GeneratedSections.body(text, "leaderboard-S");
        for (String m : List.of("| ItemKNN |", "| EASE |", "| iALS | cosine of the item factors", "| item2vec | source settings", "| DeepWalk |", "| Node2vec |")) {
            assertTrue(s.contains(m), m + " in\n" + s);
        }
        assertFalse(s.contains("tuned on validation"), "--quick skips the tuned item2vec");
        String r = GeneratedSections.body(text, "leaderboard-R");
        for (String m : List.of("| Bias baseline |", "| UserKNN |", "| ALS | biases + f=10")) {
            assertTrue(r.contains(m), m + " in\n" + r);
        }
        String c = GeneratedSections.body(text, "leaderboard-C");
        assertTrue(c.contains("CTR seeds 1."), "--quick keeps the first seed: " + c);
        for (ModelType m : ModelType.values()) {
            assertTrue(c.contains("| " + m.label() + " | all fields, lr "), m.label() + " in\n" + c);
        }
        assertTrue(c.contains("| user as-of mean rating |"), c);
        assertEquals("", GeneratedSections.body(text, "leaderboard-SYNTHETIC"), "not selected, not touched");
        for (String p : List.of("t", "s", "c")) {
            Path png = doc.getParent().resolve("img/leaderboard-" + p + "-syn.png");
            assertTrue(Files.size(png) > 1000, png + " written");
            assertTrue(text.contains("](img/leaderboard-" + p + "-syn.png)"), "linked: " + p);
        }
        assertFalse(Files.exists(doc.getParent().resolve("img/leaderboard-r-syn.png")), "R has no anchor, no chart");
    }

    @Test
    void aPageWithoutTheMarkersIsRefusedBeforeAnyModelIsFitted(@TempDir Path dir) throws IOException {
        Path data = CliTest.tinyMovieLens(Files.createDirectories(dir.resolve("tiny")));
        Path doc = dir.resolve("evaluation.md");
        String page = PAGE.replace("<!-- leaderboard-C:end -->\n", "");
        Files.writeString(doc, page);
        int status = Recsys4jCli.run("evaluate", "--all", "--data", data.toString(), "--doc", doc.toString());
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, e);
        assertTrue(e.contains("<!-- leaderboard-C:end --> not found"), e);
        assertEquals(page, Files.readString(doc));
        assertFalse(e.contains("HR@10"), "nothing was fitted: " + e);
        assertEquals(2, Recsys4jCli.run("evaluate", "--all", "--data", dir.resolve("absent").toString(), "--doc",
                doc.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("absent: no such folder"));
        assertEquals(2, Recsys4jCli.run("evaluate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--data DIR is required"));
    }
}
