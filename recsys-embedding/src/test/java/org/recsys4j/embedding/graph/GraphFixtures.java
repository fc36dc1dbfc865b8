package org.recsys4j.embedding.graph;

import org.recsys4j.core.data.IdIndex;
import org.recsys4j.embedding.seq.SequenceCorpus;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared graphs and checks for the walk tests. */
final class GraphFixtures {
    private GraphFixtures() {
    }

    static IdIndex vocab(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 100 + i;
        }
        return IdIndex.ofLongs(ids);
    }

    /** A random weighted directed graph; some nodes are dead ends. */
    static ItemGraph randomGraph(int n, int edges, long seed) {
        Random r = new Random(seed);
        ItemGraph.Builder b = ItemGraph.builder(vocab(n));
        for (int i = 0; i < edges; i++) {
            int u = r.nextInt(n);
            if (u % 17 == 0) {
                continue; // dead ends
            }
            b.addEdge(u, r.nextInt(n), 1 + r.nextInt(5));
        }
        return b.build();
    }

    static void assertSameCorpus(SequenceCorpus a, SequenceCorpus b) {
        assertEquals(a.numSequences(), b.numSequences());
        assertArrayEquals(a.tokensView(), b.tokensView());
        for (int s = 0; s < a.numSequences(); s++) {
            assertEquals(a.start(s), b.start(s));
        }
    }

    /** Asserts every consecutive pair of every walk is an edge of {@code g}. */
    static void assertWalksFollowEdges(ItemGraph g, SequenceCorpus walks) {
        int[] t = walks.tokensView();
        for (int s = 0; s < walks.numSequences(); s++) {
            for (int i = walks.start(s) + 1; i < walks.end(s); i++) {
                assertTrue(g.hasEdge(t[i - 1], t[i]), "walk " + s + " steps along a missing edge");
            }
        }
    }

    /**
     * Asserts {@code count} successes of {@code n} trials are within 6 standard deviations of
     * {@code n * p} (a false alarm about once in 10^9 checks).
     */
    static void assertBinomial(String what, long count, long n, double p) {
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        assertTrue(Math.abs(count - mean) <= 6 * sd + 1e-9,
                () -> what + ": " + count + " of " + n + ", expected " + mean + " +- " + 6 * sd);
    }
}
