package org.recsys4j.core.baseline;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Interactions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemKnnTest {
    private static final double TOL = 1e-6; // similarities are stored as floats
    private static final double EPS = 1e-9;

    /** cosine with the reference's ε: co / ((sqrt(a)+ε)(sqrt(b)+ε)). */
    private static double cos(int co, int a, int b) {
        return co / ((Math.sqrt(a) + EPS) * (Math.sqrt(b) + EPS));
    }

    @Test
    void exactCosineSimilaritiesOnFourByFive() {
        // item users: U0={0,1}, U1={0,1,2}, U2={0,2}, U3={2,3}, U4={3}
        ItemKnnModel m = ItemKnn.builder().withThreads(1).build().fit(TinyData.fourByFive());
        assertEquals(cos(2, 2, 3), m.similarity(0, 1), TOL); // 2/sqrt(6) = 0.8165
        assertEquals(cos(1, 2, 2), m.similarity(0, 2), TOL); // 0.5
        assertEquals(0.0, m.similarity(0, 3));
        assertEquals(0.0, m.similarity(0, 0));
        assertEquals(cos(2, 3, 2), m.similarity(1, 2), TOL);
        assertEquals(cos(1, 3, 2), m.similarity(1, 3), TOL); // 1/sqrt(6) = 0.4082
        assertEquals(cos(1, 2, 2), m.similarity(2, 3), TOL);
        assertEquals(cos(1, 2, 1), m.similarity(3, 4), TOL); // 1/sqrt(2) = 0.7071
        assertEquals(m.similarity(4, 3), m.similarity(3, 4));
        assertArrayEquals(new int[] {0, 2, 3}, m.neighbourIds(1));
        assertEquals(12, m.storedSimilarities()); // 6 non-zero pairs, both directions
    }

    @Test
    void exactScoresFullAndTruncated() {
        Interactions log = TinyData.fourByFive();
        ItemKnnModel full = ItemKnn.builder().withThreads(1).build().fit(log);
        double[][] s = TinyData.scores(1, 5);
        full.score(new int[] {1}, s); // history {0, 1}
        double s01 = cos(2, 2, 3);
        assertArrayEquals(new double[] {s01, s01, cos(1, 2, 2) + cos(2, 3, 2), cos(1, 3, 2), 0.0}, s[0], TOL);

        // k = 1: 0 -> 1; 1 -> {0 (tie with 2, lower id wins)}; 2 -> 1; 3 -> 4; 4 -> 3
        ItemKnnModel k1 = ItemKnn.builder().withNeighbours(1).withThreads(1).build().fit(log);
        assertArrayEquals(new int[] {0}, k1.neighbourIds(1));
        assertArrayEquals(new int[] {4}, k1.neighbourIds(3));
        k1.score(new int[] {1}, s);
        assertArrayEquals(new double[] {s01, s01, 0, 0, 0}, s[0], TOL);
        double[] h = new double[5];
        k1.scoreHistory(new int[] {2, 2, 7, -1}, h); // duplicates and unknown indices ignored
        assertArrayEquals(new double[] {0, cos(2, 3, 2), 0, 0, 0}, h, TOL);
    }

    @Test
    void historyScoresEqualUserScores() {
        Interactions log = TinyData.random(40, 30, 0.2, 3);
        ItemKnnModel m = ItemKnn.builder().withNeighbours(5).withThreads(1).build().fit(log);
        double[][] s = TinyData.scores(40, 30);
        m.score(TinyData.allUsers(log), s);
        double[] h = new double[30];
        for (int u = 0; u < 40; u++) {
            m.scoreHistory(log.byUser().othersOf(u), h);
            assertArrayEquals(s[u], h, 1e-12, "user " + u);
        }
    }

    @Test
    void resultDoesNotDependOnThreads() {
        Interactions log = TinyData.random(200, 150, 0.05, 11);
        ItemKnnModel one = ItemKnn.builder().withNeighbours(10).withThreads(1).build().fit(log);
        ItemKnnModel two = ItemKnn.builder().withNeighbours(10).withThreads(2).build().fit(log);
        double[][] a = TinyData.scores(200, 150);
        double[][] b = TinyData.scores(200, 150);
        one.score(TinyData.allUsers(log), a);
        two.score(TinyData.allUsers(log), b);
        for (int u = 0; u < 200; u++) {
            assertArrayEquals(a[u], b[u], 0.0);
        }
    }

    @Test
    void similaritiesForProtocolS() {
        Interactions log = TinyData.of(3, 4, new double[][] {{0, 0}, {0, 1}, {1, 1}, {2, 2}});
        ItemKnnModel m = ItemKnn.builder().withThreads(1).build().fit(log);
        assertTrue(m.covers(0));
        assertFalse(m.covers(3)); // no training interaction
        double[][] out = new double[1][4];
        m.similarities(new int[] {0}, out);
        assertEquals(cos(1, 1, 2), out[0][1], TOL);
        assertEquals(0.0, out[0][0]);
        assertEquals(0.0, out[0][2]);
        assertEquals(Double.NEGATIVE_INFINITY, out[0][3]);
    }

    @Test
    void builderValidates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ItemKnn.builder().withNeighbours(-3).build());
        assertTrue(e.getMessage().contains("neighbours: -3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ItemKnn.builder().withThreads(0).build());
        assertThrows(IllegalArgumentException.class, () -> ItemKnn.builder().withNormEpsilon(-1).build());
        assertEquals(ItemKnn.FULL_NEIGHBOURHOOD, ItemKnn.builder().withNeighbours(0).build().neighbours());
    }
}
