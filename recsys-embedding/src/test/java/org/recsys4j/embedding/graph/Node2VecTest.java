package org.recsys4j.embedding.graph;

import org.junit.jupiter.api.Test;
import org.recsys4j.embedding.seq.SequenceCorpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsys4j.embedding.graph.GraphFixtures.assertBinomial;
import static org.recsys4j.embedding.graph.GraphFixtures.assertSameCorpus;
import static org.recsys4j.embedding.graph.GraphFixtures.assertWalksFollowEdges;
import static org.recsys4j.embedding.graph.GraphFixtures.vocab;
import static org.recsys4j.embedding.graph.ItemGraphTest.assertMessage;

class Node2VecTest {
    private static final Node2Vec.Sampler[] SAMPLERS = {Node2Vec.Sampler.ALIAS, Node2Vec.Sampler.REJECTION};

    /**
     * t = 0 -> v = 1, where 1 -> 0 is the return (alpha 1/p), 1 -> 2 goes to an out-neighbour of 0
     * (alpha 1), 1 -> 3 and 1 -> 4 go further away (alpha 1/q; 3 is an in-neighbour of 0 through
     * 3 -> 0, which does not count); 2 and 4 are dead ends.
     */
    static ItemGraph handGraph() {
        return ItemGraph.builder(vocab(5))
                .addEdge(0, 1, 1).addEdge(0, 2, 1)
                .addEdge(1, 0, 2).addEdge(1, 2, 3).addEdge(1, 3, 1).addEdge(1, 4, 4)
                .addEdge(3, 0, 1)
                .build();
    }

    @Test
    void secondStepFollowsTheHandComputedDistribution() {
        // p = 0.5, q = 2: unnormalised 2*2, 3*1, 1*0.5, 4*0.5 = 4, 3, 0.5, 2 (sum 9.5)
        double[] pq05q2 = {4 / 9.5, 0, 3 / 9.5, 0.5 / 9.5, 2 / 9.5};
        // p = 2, q = 0.25: 2*0.5, 3*1, 1*4, 4*4 = 1, 3, 4, 16 (sum 24)
        double[] p2q025 = {1 / 24.0, 0, 3 / 24.0, 4 / 24.0, 16 / 24.0};
        // p = 0.05, q = 1: 2*20, 3, 1, 4 = 40, 3, 1, 4 (sum 48): mostly returns (REJECTION folds the excess)
        double[] p005q1 = {40 / 48.0, 0, 3 / 48.0, 1 / 48.0, 4 / 48.0};
        for (Node2Vec.Sampler sampler : SAMPLERS) {
            checkSecondStep(sampler, 0.05, 1, p005q1);
            checkSecondStep(sampler, 0.5, 2, pq05q2);
            checkSecondStep(sampler, 2, 0.25, p2q025);
        }
    }

    private static void checkSecondStep(Node2Vec.Sampler sampler, double p, double q, double[] expected) {
        String what = sampler + " p=" + p + " q=" + q;
        ItemGraph g = handGraph();
        // starts round-robin over 0, 1, 3
        SequenceCorpus walks = Node2Vec.builder().withP(p).withQ(q).withSampler(sampler).withWalkLength(3)
                .withNumWalks(300_000).withSeed(21).build().walks(g);
        long[] third = new long[5];
        long[] second = new long[5];
        long[] afterThreeZero = new long[5];
        for (int s = 0; s < walks.numSequences(); s++) {
            int[] w = walks.sequence(s);
            if (w[0] == 0) {
                second[w[1]]++;
                if (w[1] == 1) {
                    assertEquals(3, w.length, "1 has out-edges");
                    third[w[2]]++;
                } else {
                    assertEquals(2, w.length, "2 is a dead end");
                }
            } else if (w[0] == 3) {
                afterThreeZero[w[2]]++;
            }
        }
        // the first step is first-order: 0 -> 1 and 0 -> 2 weigh 1 each whatever p and q
        assertBinomial(what + " first step 0 -> 1", second[1], second[1] + second[2], 0.5);
        long n = third[0] + third[2] + third[3] + third[4];
        for (int x : new int[] {0, 2, 3, 4}) {
            assertBinomial(what + " P(" + x + " | 0, 1)", third[x], n, expected[x]);
        }
        // 3 -> 0 -> x: 0 has no edge back to 3, and 3 has no edge to 1 or 2: both 1/q, first-order odds
        assertBinomial(what + " P(1 | 3, 0)", afterThreeZero[1], afterThreeZero[1] + afterThreeZero[2], 0.5);
    }

    /** P(x | t, v) straight from the definition, through the public graph API. */
    private static double[] exact(ItemGraph g, int t, int v, double p, double q) {
        double[] out = new double[g.numNodes()];
        int[] nb = g.neighbors(v);
        float[] w = g.neighborWeights(v);
        double sum = 0;
        for (int i = 0; i < nb.length; i++) {
            int x = nb[i];
            double a = x == t ? 1 / p : g.hasEdge(t, x) ? 1 : 1 / q;
            out[x] = w[i] * a;
            sum += out[x];
        }
        for (int x = 0; x < out.length; x++) {
            out[x] /= sum;
        }
        return out;
    }

    @Test
    void everyStepOfLongWalksFollowsTheSecondOrderDistribution() {
        ItemGraph g = GraphFixtures.randomGraph(7, 25, 4);
        double p = 0.4;
        double q = 3;
        int n = g.numNodes();
        for (Node2Vec.Sampler sampler : SAMPLERS) {
            SequenceCorpus walks = Node2Vec.builder().withP(p).withQ(q).withSampler(sampler).withWalkLength(40)
                    .withNumWalks(6000).withSeed(8).build().walks(g);
            assertWalksFollowEdges(g, walks);
            long[][][] c = new long[n][n][n];
            int[] tok = walks.tokensView();
            for (int s = 0; s < walks.numSequences(); s++) {
                for (int i = walks.start(s) + 2; i < walks.end(s); i++) {
                    c[tok[i - 2]][tok[i - 1]][tok[i]]++;
                }
            }
            int checked = 0;
            for (int t = 0; t < n; t++) {
                for (int v = 0; v < n; v++) {
                    long total = 0;
                    for (long k : c[t][v]) {
                        total += k;
                    }
                    if (total < 200) {
                        continue;
                    }
                    double[] e = exact(g, t, v, p, q);
                    for (int x = 0; x < n; x++) {
                        if (e[x] == 0) {
                            assertEquals(0, c[t][v][x], sampler + " impossible step " + t + "," + v + " -> " + x);
                        } else {
                            assertBinomial(sampler + " P(" + x + " | " + t + ", " + v + ")", c[t][v][x], total, e[x]);
                        }
                    }
                    checked++;
                }
            }
            assertTrue(checked >= 10, "too few (t, v) pairs visited: " + checked);
        }
    }

    @Test
    void pEqualsQEqualsOneIsExactlyDeepWalk() {
        ItemGraph g = GraphFixtures.randomGraph(500, 5000, 2);
        SequenceCorpus deep = DeepWalk.builder().withWalkLength(15).withWalksPerNode(2)
                .withStartBy(StartSelection.FREQUENCY).withSeed(5).build().walks(g);
        for (Node2Vec.Sampler sampler : Node2Vec.Sampler.values()) {
            SequenceCorpus n2v = Node2Vec.builder().withSampler(sampler).withWalkLength(15).withWalksPerNode(2)
                    .withStartBy(StartSelection.FREQUENCY).withSeed(5).build().walks(g);
            assertSameCorpus(deep, n2v);
        }
    }

    @Test
    void sameOutputForAnyThreadCount() {
        ItemGraph g = GraphFixtures.randomGraph(2000, 20_000, 3);
        for (Node2Vec.Sampler sampler : SAMPLERS) {
            Node2Vec.Builder b = Node2Vec.builder().withP(0.5).withQ(2).withSampler(sampler).withWalkLength(12)
                    .withWalksPerNode(3).withSeed(99);
            SequenceCorpus one = b.withThreads(1).build().walks(g);
            assertSameCorpus(one, b.withThreads(2).build().walks(g));
            assertSameCorpus(one, b.withThreads(3).build().walks(g));
            assertWalksFollowEdges(g, one);
        }
    }

    @Test
    void walkLengthsAndDeadEnds() {
        ItemGraph g = handGraph();
        for (Node2Vec.Sampler sampler : SAMPLERS) {
            SequenceCorpus walks = Node2Vec.builder().withP(0.3).withQ(5).withSampler(sampler).withWalkLength(8)
                    .withWalksPerNode(50)
                    .build().walks(g);
            assertEquals(150, walks.numSequences());
            for (int s = 0; s < walks.numSequences(); s++) {
                int[] w = walks.sequence(s);
                assertTrue(w.length >= 1 && w.length <= 8);
                int last = w[w.length - 1];
                assertTrue(w.length == 8 || g.outDegree(last) == 0, "stopped early only at a dead end");
            }
            SequenceCorpus cycle = Node2Vec.builder().withP(2).withQ(0.5).withSampler(sampler).withWalkLength(9)
                    .withWalksPerNode(2)
                    .build().walks(DeepWalkTest.triangle());
            for (int s = 0; s < cycle.numSequences(); s++) {
                assertEquals(9, cycle.length(s));
            }
            assertEquals(6, cycle.numSequences());
        }
    }

    @Test
    void autoPicksAliasWithinBudgetElseRejection() {
        ItemGraph g = handGraph();
        assertEquals(9, Node2Vec.aliasEntries(g));
        assertEquals(Node2Vec.Sampler.ALIAS, Node2Vec.builder().withP(2).build().samplerFor(g));
        assertEquals(Node2Vec.Sampler.ALIAS, Node2Vec.builder().withQ(2).withAliasBudget(9).build().samplerFor(g));
        assertEquals(Node2Vec.Sampler.REJECTION, Node2Vec.builder().withQ(2).withAliasBudget(8)
                .build().samplerFor(g));
        assertEquals(Node2Vec.Sampler.REJECTION, Node2Vec.builder().build().samplerFor(g));
        assertEquals(Node2Vec.Sampler.ALIAS,
                Node2Vec.builder().withSampler(Node2Vec.Sampler.ALIAS).withAliasBudget(0).build().samplerFor(g));
    }

    @Test
    void badConfigurationIsRejectedNamingTheArgument() {
        assertMessage("p:", () -> Node2Vec.builder().withP(0).build());
        assertMessage("p:", () -> Node2Vec.builder().withP(-1).build());
        assertMessage("p:", () -> Node2Vec.builder().withP(Double.NaN).build());
        assertMessage("q:", () -> Node2Vec.builder().withQ(0).build());
        assertMessage("q:", () -> Node2Vec.builder().withQ(Double.POSITIVE_INFINITY).build());
        assertMessage("walkLength:", () -> Node2Vec.builder().withWalkLength(0).build());
        assertMessage("walksPerNode:", () -> Node2Vec.builder().withWalksPerNode(-3).build());
        assertMessage("numWalks:", () -> Node2Vec.builder().withNumWalks(-1).build());
        assertMessage("threads:", () -> Node2Vec.builder().withThreads(0).build());
        assertMessage("aliasBudget:", () -> Node2Vec.builder().withAliasBudget(-1).build());
    }
}
