package org.recsys4j.embedding.graph;

import org.junit.jupiter.api.Test;
import org.recsys4j.embedding.seq.SequenceCorpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsys4j.embedding.graph.GraphFixtures.assertBinomial;
import static org.recsys4j.embedding.graph.GraphFixtures.assertSameCorpus;
import static org.recsys4j.embedding.graph.GraphFixtures.assertWalksFollowEdges;
import static org.recsys4j.embedding.graph.GraphFixtures.vocab;
import static org.recsys4j.embedding.graph.ItemGraphTest.assertMessage;

class DeepWalkTest {
    /** A strongly connected weighted graph: every walk has full length. */
    static ItemGraph triangle() {
        return ItemGraph.builder(vocab(3))
                .addEdge(0, 1, 1).addEdge(0, 2, 3)
                .addEdge(1, 0, 2).addEdge(1, 2, 2)
                .addEdge(2, 0, 1).addEdge(2, 1, 4)
                .build();
    }

    @Test
    void transitionFrequenciesMatchWeightOverOutWeight() {
        ItemGraph g = triangle();
        SequenceCorpus walks = DeepWalk.builder().withWalkLength(20).withWalksPerNode(5000).withSeed(3)
                .build().walks(g);
        long[][] pairs = new long[3][3];
        long[] from = new long[3];
        int[] t = walks.tokensView();
        for (int s = 0; s < walks.numSequences(); s++) {
            for (int i = walks.start(s) + 1; i < walks.end(s); i++) {
                pairs[t[i - 1]][t[i]]++;
                from[t[i - 1]]++;
            }
        }
        for (int a = 0; a < 3; a++) {
            int[] nb = g.neighbors(a);
            double[] p = g.transitionProbabilities(a);
            for (int k = 0; k < nb.length; k++) {
                assertBinomial(a + " -> " + nb[k], pairs[a][nb[k]], from[a], p[k]);
            }
            assertEquals(0, pairs[a][a]);
        }
    }

    @Test
    void skewedWeightsFromOneNode() {
        // only node 0 has out-edges, so every walk is [0, x] and stops at the dead end x
        ItemGraph g = ItemGraph.builder(vocab(5)).addEdge(0, 1, 1).addEdge(0, 2, 2).addEdge(0, 3, 7).build();
        int n = 100_000;
        SequenceCorpus walks = DeepWalk.builder().withWalkLength(5).withNumWalks(n).withSeed(11).build().walks(g);
        assertEquals(n, walks.numSequences());
        long[] c = new long[5];
        for (int s = 0; s < n; s++) {
            assertEquals(2, walks.length(s));
            assertEquals(0, walks.tokenAt(walks.start(s)));
            c[walks.tokenAt(walks.start(s) + 1)]++;
        }
        assertBinomial("0 -> 1", c[1], n, 0.1);
        assertBinomial("0 -> 2", c[2], n, 0.2);
        assertBinomial("0 -> 3", c[3], n, 0.7);
        assertEquals(0, c[4]);
    }

    @Test
    void walksStopAtDeadEndsAndNeverStartThere() {
        ItemGraph g = ItemGraph.builder(vocab(4)).addEdge(0, 1, 1).addEdge(1, 2, 1).build();
        SequenceCorpus walks = DeepWalk.builder().withWalkLength(10).withWalksPerNode(3).build().walks(g);
        assertEquals(6, walks.numSequences());
        for (int s = 0; s < 6; s++) {
            // round-robin starts over the nodes with out-edges: 0, 1, 0, 1, ...
            int[] expected = s % 2 == 0 ? new int[] {0, 1, 2} : new int[] {1, 2};
            assertArrayEquals(expected, walks.sequence(s));
        }
    }

    @Test
    void walkLengthAndCountOnAGraphWithoutDeadEnds() {
        SequenceCorpus walks = DeepWalk.builder().withWalkLength(7).withWalksPerNode(4).build().walks(triangle());
        assertEquals(12, walks.numSequences());
        for (int s = 0; s < walks.numSequences(); s++) {
            assertEquals(7, walks.length(s));
            assertEquals(s % 3, walks.tokenAt(walks.start(s)));
        }
        SequenceCorpus one = DeepWalk.builder().withWalkLength(1).withWalksPerNode(2).build().walks(triangle());
        assertEquals(6, one.numTokens());
        SequenceCorpus none = DeepWalk.builder().build().walks(ItemGraph.builder(vocab(3)).build());
        assertEquals(0, none.numSequences());
    }

    @Test
    void frequencyStartsFollowNodeFrequency() {
        ItemGraph g = ItemGraph.builder(vocab(5))
                .addEdge(0, 1, 1).addEdge(1, 2, 1).addEdge(2, 3, 1).addEdge(3, 0, 1).addEdge(4, 0, 1)
                .withFrequency(0, 1).withFrequency(1, 2).withFrequency(2, 3).withFrequency(3, 4).withFrequency(4, 0)
                .build();
        int n = 50_000;
        SequenceCorpus walks = DeepWalk.builder().withWalkLength(2).withNumWalks(n)
                .withStartBy(StartSelection.FREQUENCY).withSeed(5).build().walks(g);
        long[] c = new long[5];
        for (int s = 0; s < n; s++) {
            c[walks.tokenAt(walks.start(s))]++;
        }
        for (int u = 0; u < 4; u++) {
            assertBinomial("start " + u, c[u], n, (u + 1) / 10.0);
        }
        assertEquals(0, c[4], "frequency 0 never starts");
        // without numWalks: walksPerNode times the nodes that may start
        assertEquals(12, DeepWalk.builder().withWalksPerNode(3).withStartBy(StartSelection.FREQUENCY).build().walks(g)
                .numSequences());
    }

    @Test
    void frequencyStartsOnAGraphFromSequencesUseItemCounts() {
        // item 0 occurs 6 times, item 1 twice, item 2 once (never first of a pair: a dead end)
        SequenceCorpus corpus = SequenceCorpus.of(vocab(3),
                new int[] {0, 1, 0, 1, 0, 2}, new int[] {0}, new int[] {0}, new int[] {0});
        ItemGraph g = ItemGraph.fromSequences(corpus);
        int n = 40_000;
        SequenceCorpus walks = DeepWalk.builder().withNumWalks(n).withStartBy(StartSelection.FREQUENCY)
                .withSeed(9).build()
                .walks(g);
        long zero = 0;
        for (int s = 0; s < n; s++) {
            int start = walks.tokenAt(walks.start(s));
            assertTrue(start == 0 || start == 1);
            zero += start == 0 ? 1 : 0;
        }
        assertBinomial("start 0", zero, n, 6.0 / 8);
    }

    @Test
    void sameOutputForAnyThreadCountAndSeedMatters() {
        ItemGraph g = GraphFixtures.randomGraph(2000, 20_000, 1);
        DeepWalk.Builder b = DeepWalk.builder().withWalkLength(12).withWalksPerNode(3).withSeed(77);
        SequenceCorpus one = b.withThreads(1).build().walks(g);
        assertSameCorpus(one, b.withThreads(2).build().walks(g));
        assertSameCorpus(one, b.withThreads(3).build().walks(g));
        assertWalksFollowEdges(g, one);
        b.withStartBy(StartSelection.FREQUENCY);
        assertSameCorpus(b.withThreads(1).build().walks(g), b.withThreads(2).build().walks(g));
        SequenceCorpus other = b.withThreads(1).withSeed(78).withStartBy(StartSelection.UNIFORM_EACH_NODE)
                .build().walks(g);
        assertFalse(java.util.Arrays.equals(one.tokensView(), other.tokensView()));
    }

    @Test
    void badConfigurationIsRejectedNamingTheArgument() {
        assertMessage("walkLength:", () -> DeepWalk.builder().withWalkLength(0).build());
        assertMessage("walksPerNode:", () -> DeepWalk.builder().withWalksPerNode(0).build());
        assertMessage("numWalks:", () -> DeepWalk.builder().withNumWalks(-1).build());
        assertMessage("threads:", () -> DeepWalk.builder().withThreads(0).build());
    }
}
