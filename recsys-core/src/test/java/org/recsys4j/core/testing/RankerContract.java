package org.recsys4j.core.testing;

import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RecRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Asserts the documented contract of {@link Ranker} (see its javadoc and docs/extending.md) on any
 * implementation: every score slot written (no NaN left), items the ranker does not know scored with
 * its fallback rather than an exception, an empty batch accepted, too short an output array rejected
 * with {@link IllegalArgumentException} ({@link Ranker#checkScoreArguments}), and the same scores from
 * concurrent calls. Needs JUnit 5 on the test class path (the core test jar).
 *
 * <pre>{@code
 * double[] scores = RankerContract.check(myRanker, request, new int[] {3, 1, 4, 1_000_000});
 * }</pre>
 */
public final class RankerContract {
    private RankerContract() {
    }

    /**
     * Scores {@code items} (include an index the ranker does not know to check its fallback) and checks
     * the contract; returns the scores.
     */
    public static double[] check(Ranker ranker, RecRequest request, int[] items) throws Exception {
        double[] scores = new double[items.length + 2];
        Arrays.fill(scores, Double.NaN);
        assertDoesNotThrow(() -> ranker.score(request, items, scores),
                ranker.name() + " threw instead of giving unknown items its fallback score");
        for (int i = 0; i < items.length; i++) {
            assertFalse(Double.isNaN(scores[i]), ranker.name() + ": score of item " + items[i] + " (slot " + i
                    + ") not written, or NaN");
        }
        assertDoesNotThrow(() -> ranker.score(request, new int[0], new double[0]), ranker.name() + ": empty batch");
        if (items.length > 0) {
            assertThrows(IllegalArgumentException.class,
                    () -> ranker.score(request, items, new double[items.length - 1]),
                    ranker.name() + " accepted fewer score slots than items (use Ranker.checkScoreArguments)");
        }
        double[] expected = Arrays.copyOf(scores, items.length);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> answers = new ArrayList<>();
            for (int t = 0; t < 40; t++) {
                answers.add(pool.submit(() -> {
                    double[] s = new double[items.length];
                    ranker.score(request, items, s);
                    return s;
                }));
            }
            for (Future<double[]> f : answers) {
                assertArrayEquals(expected, f.get(), ranker.name() + ": concurrent calls gave other scores");
            }
        } finally {
            pool.shutdownNow();
        }
        return expected;
    }
}
