package org.recsys4j.embedding.graph;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.embedding.seq.SequenceCorpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemGraphTest {
    private static final IdIndex VOCAB = IdIndex.ofLongs(10, 20, 30, 40, 50);

    @Test
    void fromSequencesCountsConsecutivePairsSkipsSelfLoopsAndKeepsFrequencies() {
        SequenceCorpus c = SequenceCorpus.of(VOCAB,
                new int[] {0, 1, 2},
                new int[] {0, 1, 1, 3},
                new int[] {1, 0},
                new int[] {4});
        ItemGraph g = ItemGraph.fromSequences(c);
        assertEquals(5, g.numNodes());
        assertEquals(4, g.numEdges());
        assertArrayEquals(new int[] {1}, g.neighbors(0));
        assertArrayEquals(new float[] {2f}, g.neighborWeights(0));
        assertArrayEquals(new int[] {0, 2, 3}, g.neighbors(1));
        assertArrayEquals(new float[] {1f, 1f, 1f}, g.neighborWeights(1));
        assertFalse(g.hasEdge(1, 1), "self-loop 1 -> 1 skipped");
        assertEquals(0, g.outDegree(2));
        assertEquals(0, g.outDegree(3));
        assertEquals(0, g.outDegree(4));
        assertEquals(2f, g.weight(0, 1));
        assertEquals(0f, g.weight(1, 4));
        assertTrue(g.hasEdge(1, 3));
        assertFalse(g.hasEdge(3, 1));
        assertArrayEquals(new double[] {3, 4, 1, 1, 1},
                new double[] {g.frequency(0), g.frequency(1), g.frequency(2), g.frequency(3), g.frequency(4)});
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, g.transitionProbabilities(1), 1e-12);
        assertArrayEquals(new double[] {1.0}, g.transitionProbabilities(0), 1e-12);
        assertEquals(0, g.transitionProbabilities(4).length);
        assertEquals(VOCAB, g.vocabulary());
    }

    @Test
    void builderSumsDuplicatesDropsZeroWeightsAndDefaultsFrequencyToOutWeight() {
        ItemGraph g = ItemGraph.builder(VOCAB)
                .addEdge(3, 1, 1.5).addEdge(3, 0, 2).addEdge(3, 1, 0.5).addEdge(2, 4, 0)
                .addEdge(0, 3, 1).withFrequency(0, 7)
                .build();
        assertEquals(3, g.numEdges());
        assertArrayEquals(new int[] {0, 1}, g.neighbors(3));
        assertEquals(2f, g.weight(3, 1));
        assertFalse(g.hasEdge(2, 4));
        assertEquals(4.0, g.outWeight(3), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, g.transitionProbabilities(3), 1e-12);
        assertEquals(7.0, g.frequency(0));
        assertEquals(4.0, g.frequency(3));
        assertEquals(0.0, g.frequency(4));
    }

    @Test
    void undirectedSumsBothDirections() {
        ItemGraph g = ItemGraph.builder(VOCAB).addEdge(0, 1, 2).addEdge(1, 0, 3).addEdge(1, 2, 1).addEdge(4, 4, 2)
                .withFrequency(2, 9).build();
        ItemGraph u = g.undirected();
        assertEquals(5f, u.weight(0, 1));
        assertEquals(5f, u.weight(1, 0));
        assertEquals(1f, u.weight(1, 2));
        assertEquals(1f, u.weight(2, 1));
        assertEquals(2f, u.weight(4, 4));
        assertEquals(5, u.numEdges());
        assertEquals(9.0, u.frequency(2));
        assertEquals(g.frequency(1), u.frequency(1));
    }

    @Test
    void sequenceBuilderAtItsDefaultsIsFromSequences() {
        SequenceCorpus c = SequenceCorpus.of(VOCAB, new int[] {0, 1, 2}, new int[] {0, 1, 1, 3}, new int[] {1, 0},
                new int[] {4});
        ItemGraph a = ItemGraph.fromSequences(c);
        ItemGraph b = ItemGraph.sequenceBuilder(c).build();
        for (int u = 0; u < 5; u++) {
            assertArrayEquals(a.neighbors(u), b.neighbors(u));
            assertArrayEquals(a.neighborWeights(u), b.neighborWeights(u));
            assertEquals(a.frequency(u), b.frequency(u));
        }
    }

    @Test
    void windowCountsEveryPairWithinItAndBothDirectionsMirrorsThem() {
        SequenceCorpus c = SequenceCorpus.of(VOCAB, new int[] {0, 1, 2, 3}, new int[] {2, 0});
        ItemGraph g = ItemGraph.sequenceBuilder(c).withWindow(2).build();
        // 0->1, 0->2, 1->2, 1->3, 2->3 from the first sequence, 2->0 from the second
        assertEquals(6, g.numEdges());
        assertArrayEquals(new int[] {1, 2}, g.neighbors(0));
        assertArrayEquals(new int[] {2, 3}, g.neighbors(1));
        assertArrayEquals(new int[] {0, 3}, g.neighbors(2));
        assertFalse(g.hasEdge(0, 3), "3 is three positions after 0");
        ItemGraph u = ItemGraph.sequenceBuilder(c).withWindow(2).withBothDirections(true).build();
        assertEquals(2f, u.weight(0, 2), "0 -> 2 once in each sequence");
        assertEquals(2f, u.weight(2, 0));
        assertEquals(1f, u.weight(3, 1));
        assertEquals(u.numEdges(), 10);
    }

    @Test
    void minSupportRemovesRareItemsBeforePairsAreTaken() {
        // counts: 0 x3, 1 x3, 2 x1 (only in the first sequence), 3 x1, 4 x0
        SequenceCorpus c = SequenceCorpus.of(VOCAB, new int[] {0, 2, 1}, new int[] {0, 1, 3}, new int[] {1, 0});
        ItemGraph g = ItemGraph.sequenceBuilder(c).withMinSupport(2).build();
        assertEquals(2f, g.weight(0, 1), "0 -> 1 directly, and across the removed 2");
        assertEquals(1f, g.weight(1, 0));
        assertEquals(2, g.numEdges());
        assertEquals(0, g.outDegree(2) + g.outDegree(3));
        assertEquals(0.0, g.frequency(2), "below the support: no frequency, so no walk starts there");
        assertEquals(3.0, g.frequency(0));
        assertTrue(ItemGraph.fromSequences(c).hasEdge(0, 2), "without a support the rare item is a node");
    }

    @Test
    void ppmiWeightsKnownAnswer() {
        // c(0,1) = 2, c(0,2) = 1, c(3,2) = 1; T = 4; out: 0 -> 3, 3 -> 1; in: 1 -> 2, 2 -> 2, smoothed equally (1/2)
        SequenceCorpus c = SequenceCorpus.of(VOCAB, new int[] {0, 1}, new int[] {0, 1}, new int[] {0, 2},
                new int[] {3, 2});
        ItemGraph g = ItemGraph.sequenceBuilder(c).withWeighting(EdgeWeighting.PPMI).build();
        assertEquals(Math.log((2 / 4.0) / ((3 / 4.0) * 0.5)), g.weight(0, 1), 1e-6);   // log 4/3
        assertFalse(g.hasEdge(0, 2), "PMI log 2/3 < 0: no edge");
        assertEquals(Math.log(2), g.weight(3, 2), 1e-6);
        assertEquals(2, g.numEdges());
        // a hub (item 6) between every two items of two groups {0, 1, 2} and {3, 4, 5}: by count it is item 0's
        // heaviest neighbour, by PPMI its lightest (it co-occurs with everything, so it says little)
        java.util.List<int[]> seqs = new java.util.ArrayList<>();
        int[][] groups = {{0, 1, 2}, {3, 4, 5}};
        for (int[] grp : groups) {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    if (a != b) {
                        seqs.add(new int[] {grp[a], 6, grp[b], 6, grp[3 - a - b]});
                    }
                }
            }
        }
        SequenceCorpus hub = SequenceCorpus.of(IdIndex.ofLongs(1, 2, 3, 4, 5, 6, 7), seqs.toArray(new int[0][]));
        ItemGraph counts = ItemGraph.sequenceBuilder(hub).withWindow(2).withBothDirections(true).build();
        ItemGraph ppmi = ItemGraph.sequenceBuilder(hub).withWindow(2).withBothDirections(true)
                .withWeighting(EdgeWeighting.PPMI).build();
        assertEquals(0.5, counts.weight(0, 6) / counts.outWeight(0), 1e-9, "half of 0's count weight goes to the hub");
        assertTrue(counts.weight(0, 6) > counts.weight(0, 1));
        assertTrue(ppmi.weight(0, 6) < ppmi.weight(0, 1), ppmi.weight(0, 6) + " vs " + ppmi.weight(0, 1));
        assertFalse(ppmi.hasEdge(0, 3) || counts.hasEdge(0, 3));
    }

    @Test
    void sequenceBuilderRejectsBadOptionsNamingThem() {
        SequenceCorpus c = SequenceCorpus.of(VOCAB, new int[] {0, 1});
        ItemGraph.SequenceBuilder b = ItemGraph.sequenceBuilder(c).withWindow(0);   // stores, does not throw
        assertEquals("window: 0, must be >= 1", assertThrows(IllegalArgumentException.class, b::build).getMessage());
        assertEquals("minSupport: 0, must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> ItemGraph.sequenceBuilder(c).withMinSupport(0).build()).getMessage());
        assertEquals("weighting", assertThrows(NullPointerException.class,
                () -> ItemGraph.sequenceBuilder(c).withWeighting(null).build()).getMessage());
        assertThrows(NullPointerException.class, () -> ItemGraph.sequenceBuilder(null));
    }

    @Test
    void badInputIsRejectedNamingIt() {
        // the builder only stores; build() names the first bad edge or frequency
        assertMessage("w:", () -> ItemGraph.builder(VOCAB).addEdge(0, 1, -1).build());
        assertMessage("w:", () -> ItemGraph.builder(VOCAB).addEdge(0, 1, Double.NaN).build());
        assertMessage("w:", () -> ItemGraph.builder(VOCAB).addEdge(0, 1, Double.POSITIVE_INFINITY).build());
        assertMessage("u: node 5", () -> ItemGraph.builder(VOCAB).addEdge(5, 1, 1).build());
        assertMessage("v: node -1", () -> ItemGraph.builder(VOCAB).addEdge(0, -1, 1).build());
        assertMessage("f:", () -> ItemGraph.builder(VOCAB).withFrequency(0, -2).build());
        assertMessage("u: node 9", () -> ItemGraph.builder(VOCAB).withFrequency(9, 1).build());
        assertMessage("u: node 5", () -> ItemGraph.builder(VOCAB).addEdge(0, 1, 1).addEdge(5, 1, 1).addEdge(0, -1, 1).build());
        ItemGraph.Builder b = ItemGraph.builder(VOCAB).addEdge(0, 1, 1).addEdge(0, 9, 1);
        assertMessage("v: node 9", b::build);
        assertMessage("v: node 9", b::build);
        assertMessage("w: total weight", () -> ItemGraph.builder(VOCAB).addEdge(0, 1, 1e-60).build());
        assertMessage("w: total weight", () -> ItemGraph.builder(VOCAB).addEdge(0, 1, 1e300).build());
        ItemGraph g = ItemGraph.builder(VOCAB).addEdge(0, 1, 1).build();
        assertMessage("u: node -1", () -> g.hasEdge(-1, 0));
        assertMessage("v: node 5", () -> g.weight(0, 5));
        assertMessage("u: node 5", () -> g.outDegree(5));
    }

    static void assertMessage(String start, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith(start), () -> "message '" + e.getMessage() + "' should start with " + start);
    }
}
