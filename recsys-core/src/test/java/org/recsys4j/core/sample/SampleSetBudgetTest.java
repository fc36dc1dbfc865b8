package org.recsys4j.core.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.synth.SyntheticMovieLens;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bytes-per-sample budget stated in {@code docs/samples.md}: protocol C's sample set holds at most
 * {@value #BUDGET} bytes per sample in its own columns (the history it reads through is the caller's), on a log of
 * ml-100k's size and on one of ten times that, and the parts are the three consecutive ranges the split gives.
 */
class SampleSetBudgetTest {
    /** The stated budget, protocol C (measured 81–83 bytes at 1 M and 5 M ratings). */
    static final int BUDGET = 90;

    @TempDir
    Path dir;

    private SampleSet protocolC(int users, int items, long ratings, String name) throws Exception {
        Path d = dir.resolve(name);
        SyntheticMovieLens.builder(users, items, ratings, 42).build().writeLatestCsv(d);
        MovieLensData ml = MovieLens.load(d, LoadOptions.lenient());
        return SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC());
    }

    @Test
    void protocolCSamplesStayWithinTheBudget() throws Exception {
        for (SampleSet s : new SampleSet[] {protocolC(943, 1682, 100_000, "small"), protocolC(6_000, 2_400, 1_000_000,
                "large")}) {
            double perSample = (double) s.columnBytes() / s.size();
            System.out.printf(java.util.Locale.ROOT, "%d samples: %.1f bytes per sample%n", s.size(), perSample);
            assertTrue(perSample <= BUDGET, perSample + " bytes per sample");
            // the parts: fit, validation, test as consecutive ranges of the time order
            int fit = s.count(Part.FIT);
            int train = s.trainCount();
            assertEquals(Part.FIT, s.part(fit - 1));
            assertEquals(Part.VALIDATION, s.part(fit));
            assertEquals(Part.TEST, s.part(train));
            assertTrue(s.timestamp(fit - 1) <= s.validationTimestamp() && s.timestamp(fit) > s.validationTimestamp());
            assertTrue(s.timestamp(train - 1) <= s.splitTimestamp() && s.timestamp(train) > s.splitTimestamp());
        }
    }
}
