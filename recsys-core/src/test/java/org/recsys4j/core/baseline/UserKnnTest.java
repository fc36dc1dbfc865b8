package org.recsys4j.core.baseline;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Interactions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UserKnnTest {
    private static final double TOL = 1e-6; // similarities are stored as floats

    /** u0: i0=5, i1=3; u1: i0=4, i1=2, i2=5; u2: i1=1, i2=4; item 3 has no rating. */
    private static Interactions ratings() {
        return TinyData.of(3, 4, new double[][] {
                {0, 0, 5}, {0, 1, 3}, {1, 0, 4}, {1, 1, 2}, {1, 2, 5}, {2, 1, 1}, {2, 2, 4}});
    }

    // |u0| = sqrt(34), |u1| = sqrt(45), |u2| = sqrt(17); u0·u1 = 26, u0·u2 = 3, u1·u2 = 22
    private static final double S01 = 26 / Math.sqrt(34 * 45.0);
    private static final double S02 = 3 / Math.sqrt(34 * 17.0);
    private static final double S12 = 22 / Math.sqrt(45 * 17.0);

    @Test
    void ratingCosineNeighbours() {
        UserKnnModel m = UserKnn.builder().withNeighbours(2).withThreads(1).build().fit(ratings());
        assertArrayEquals(new int[] {1, 2}, m.neighbourIds(0));
        assertArrayEquals(new float[] {(float) S01, (float) S02}, m.neighbourSimilarities(0));
        assertArrayEquals(new int[] {2, 0}, m.neighbourIds(1)); // S12 = 0.795 > S01 = 0.665
        UserKnnModel one = UserKnn.builder().withNeighbours(1).withThreads(1).build().fit(ratings());
        assertArrayEquals(new int[] {1}, one.neighbourIds(2));
    }

    @Test
    void ratingPredictionKnownAnswer() {
        UserKnnModel m = UserKnn.builder().withNeighbours(2).withThreads(1).build().fit(ratings());
        int[] users = {0, 2, 0, 2, 7, -1};
        int[] items = {2, 0, 3, 3, 0, 1};
        double[] out = new double[users.length];
        m.predict(users, items, out);
        assertEquals((S01 * 5 + S02 * 4) / (S01 + S02), out[0], TOL); // 4.842
        // u2's neighbours are u1 (S12) and u0 (S02); both rated item 0 (4 and 5)
        assertEquals((S12 * 4 + S02 * 5) / (S12 + S02), out[1], TOL);
        assertEquals(4.0, out[2], 1e-12); // nobody rated item 3: u0's mean (5+3)/2
        assertEquals(2.5, out[3], 1e-12); // u2's mean
        assertEquals(24.0 / 7, out[4], 1e-12); // unknown user: global mean
        assertEquals(24.0 / 7, out[5], 1e-12);
        assertEquals(24.0 / 7, m.globalMean(), 1e-12);
    }

    @Test
    void rankingScoresSumNeighbourSimilarities() {
        UserKnnModel m = UserKnn.builder().withNeighbours(2).withWeighting(UserKnn.Weighting.BINARY).withThreads(1)
                .build().fit(ratings());
        // binary: |u0| = sqrt2, |u1| = sqrt3, |u2| = sqrt2; u0·u1 = 2, u0·u2 = 1, u1·u2 = 2
        double b01 = 2 / Math.sqrt(6);
        double b02 = 0.5;
        double[][] s = TinyData.scores(1, 4);
        m.score(new int[] {0}, s);
        assertArrayEquals(new double[] {b01, b01 + b02, b01 + b02, 0}, s[0], TOL);
        // an unseen user with history {1, 2} is u2's vector: sims to u0 = 1/2, u1 = 2/sqrt6, u2 = 1
        double[] h = new double[4];
        m.scoreHistory(new int[] {2, 1, 1}, h);
        double toU1 = 2 / Math.sqrt(6);
        assertArrayEquals(new double[] {toU1, 1 + toU1, 1 + toU1, 0}, h, TOL); // top-2: u2, u1
    }

    @Test
    void threadIndependentAndValidated() {
        Interactions log = TinyData.random(120, 60, 0.1, 4);
        UserKnnModel a = UserKnn.builder().withNeighbours(7).withThreads(1).build().fit(log);
        UserKnnModel b = UserKnn.builder().withNeighbours(7).withThreads(2).build().fit(log);
        double[][] sa = TinyData.scores(120, 60);
        double[][] sb = TinyData.scores(120, 60);
        a.score(TinyData.allUsers(log), sa);
        b.score(TinyData.allUsers(log), sb);
        for (int u = 0; u < 120; u++) {
            assertArrayEquals(sa[u], sb[u], 0.0);
            assertArrayEquals(a.neighbourIds(u), b.neighbourIds(u));
        }
        assertThrows(IllegalArgumentException.class, () -> UserKnn.builder().withNeighbours(0).build());
        assertThrows(NullPointerException.class, () -> UserKnn.builder().withWeighting(null).build());
        assertThrows(IllegalArgumentException.class,
                () -> a.predict(new int[] {0, 1}, new int[] {0}, new double[2]));
    }
}
