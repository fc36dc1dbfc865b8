package org.recsys4j.embedding.word2vec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnigramSamplerTest {
    private static final int[] COUNTS = {1000, 400, 150, 80, 40, 20, 9, 5, 2, 1, 7};
    private static final boolean[] ACTIVE = {true, true, true, true, true, true, true, true, true, true, false};

    @Test
    void tableReproducesSmoothedUnigram() {
        check(UnigramSampler.create(NegativeSampler.TABLE, COUNTS, ACTIVE, 0.75));
    }

    @Test
    void aliasReproducesSmoothedUnigram() {
        check(UnigramSampler.create(NegativeSampler.ALIAS, COUNTS, ACTIVE, 0.75));
    }

    private static void check(UnigramSampler s) {
        double total = 0;
        for (int i = 0; i < 10; i++) {
            total += Math.pow(COUNTS[i], 0.75);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(Math.pow(COUNTS[i], 0.75) / total, s.probability(i), 1e-12);
        }
        assertEquals(0.0, s.probability(10));
        int draws = 2_000_000;
        long[] seen = new long[COUNTS.length];
        long state = 12345;
        for (int d = 0; d < draws; d++) {
            state += 0x9E3779B97F4A7C15L;
            seen[s.sample(Trainer.mix(state))]++;
        }
        assertEquals(0, seen[10], "inactive token drawn");
        double chi2 = 0;
        for (int i = 0; i < 10; i++) {
            double expected = draws * s.probability(i);
            chi2 += (seen[i] - expected) * (seen[i] - expected) / expected;
        }
        // 9 degrees of freedom: P(chi2 > 33.7) < 1e-4; a wrong exponent (e.g. 1.0) gives > 10^4
        assertTrue(chi2 < 33.7, "chi2 " + chi2);
    }
}
