package org.recsys4j.examples.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Progress} in LINES mode: a long step prints lines while it runs, not only when it starts and ends. */
class ProgressTest {
    private static List<String> lines(ByteArrayOutputStream bytes) {
        return Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\\R"));
    }

    /** Waits (up to 20 s, polling) until {@code bytes} holds at least {@code n} lines. */
    private static void awaitLines(ByteArrayOutputStream bytes, int n) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (lines(bytes).size() < n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    @Test
    void aLongStepPrintsIntermediateLinesWithItsShareDoneAndMessage() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = Progress.lines(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofMillis(20));
        try (Progress.Step step = progress.start("item2vec", 1_000, "tok")) {
            step.stepTo(250);
            step.message("epoch 3/10, epoch 2 loss 2.500");
            awaitLines(bytes, 2);
            step.stepTo(500);
            int seen = lines(bytes).size();
            awaitLines(bytes, seen + 2);   // the next line is printed after stepTo(500), whenever the ticker ran
        }
        List<String> out = lines(bytes);
        assertEquals("  item2vec ...", out.get(0));
        assertTrue(out.get(out.size() - 1).startsWith("  item2vec done in "), out.toString());
        List<String> middle = out.subList(1, out.size() - 1);
        assertTrue(middle.size() >= 2, "intermediate lines: " + out);
        assertTrue(middle.get(0).matches("  item2vec: 25% \\(250 of 1,000 tok\\), .* s, .* tok/s, about .* s left; "
                + "epoch 3/10, epoch 2 loss 2\\.500"), middle.get(0));
        assertTrue(middle.get(middle.size() - 1).startsWith("  item2vec: 50% (500 of 1,000 tok)"), middle.toString());
    }

    @Test
    void aStepWithoutProgressReportsThatItRunsAndStopsPrintingWhenClosed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = Progress.lines(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofMillis(10));
        try (Progress.Step step = progress.start("als hnsw", 0, "")) {
            awaitLines(bytes, 3);
        }
        List<String> closed = lines(bytes);
        assertTrue(closed.get(1).matches("  als hnsw: running, \\d+\\.\\d s"), closed.toString());
        Thread.sleep(100);
        assertEquals(closed, lines(bytes), "no line after the step's closing line");
        assertTrue(closed.get(closed.size() - 1).startsWith("  als hnsw done in "));
    }

    @Test
    void aShortStepPrintsOnlyItsTwoLinesAndOtherModesNoPeriodicLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = Progress.of(Progress.Mode.LINES, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(Progress.DEFAULT_LINE_INTERVAL, progress.lineInterval());
        try (Progress.Step step = progress.start("item-cf", 10, "")) {
            step.stepTo(5);
        }
        List<String> out = lines(bytes);
        assertEquals(2, out.size(), out.toString());
        assertFalse(out.get(1).contains("%"));
        assertThrows(IllegalArgumentException.class, () -> Progress.lines(System.out, Duration.ZERO));
    }
}
