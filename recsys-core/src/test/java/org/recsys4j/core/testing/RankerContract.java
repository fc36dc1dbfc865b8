package org.recsys4j.core.testing;

import org.recsys4j.core.pipeline.CandidateBatch;
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
 * double[] withProvenance = RankerContract.check(myRanker, request, CandidateBatch.of(recalled));
 * }</pre>
 */
public final class RankerContract {
    private RankerContract() {
    }

    /**
     * Scores {@code items} as a batch of bare items (include an index the ranker does not know to check
     * its fallback) and checks the contract; returns the scores.
     */
    public static double[] check(Ranker ranker, RecRequest request, int[] items) throws Exception {
        return check(ranker, request, CandidateBatch.ofItems(items));
    }

    /**
     * Scores {@code batch} (e.g. recalled candidates with their provenance; include an item the ranker does
     * not know to check its fallback) and checks the contract; returns the scores.
     */
    public static double[] check(Ranker ranker, RecRequest request, CandidateBatch batch) throws Exception {
        int n = batch.size();
        double[] scores = new double[n + 2];
        Arrays.fill(scores, Double.NaN);
        assertDoesNotThrow(() -> ranker.score(request, batch, scores),
                ranker.name() + " threw instead of giving unknown items its fallback score");
        for (int i = 0; i < n; i++) {
            assertFalse(Double.isNaN(scores[i]), ranker.name() + ": score of item " + batch.item(i) + " (slot " + i
                    + ") not written, or NaN");
        }
        assertDoesNotThrow(() -> ranker.score(request, CandidateBatch.ofItems(), new double[0]), ranker.name() + ": empty batch");
        if (n > 0) {
            assertThrows(IllegalArgumentException.class,
                    () -> ranker.score(request, batch, new double[n - 1]),
                    ranker.name() + " accepted fewer score slots than items (use Ranker.checkScoreArguments)");
        }
        double[] expected = Arrays.copyOf(scores, n);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> answers = new ArrayList<>();
            for (int t = 0; t < 40; t++) {
                answers.add(pool.submit(() -> {
                    double[] s = new double[n];
                    ranker.score(request, batch, s);
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
