package org.recsys4j.embedding.graph;

import org.junit.jupiter.api.Test;
import org.recsys4j.embedding.seq.SequenceCorpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The walks of {@link DeepWalk} and {@link Node2Vec} for a seed are those of the walkers before their first-order
 * tables were packed (one record per edge: probability, target, alias target): a DeepWalk reference stepper built on
 * separate alias arrays here, and fingerprints of the corpora the earlier walkers wrote (commit 4bc42fb) for every
 * sampler, start selection and thread count.
 */
class WalkTableTest {
    @Test
    void deepWalkTakesTheSameStepsAsSeparateAliasArrays() {
        for (ItemGraph g : graphs()) {
            for (StartSelection start : StartSelection.values()) {
                WalkSettings s = new WalkSettings();
                s.walkLength = 12;
                s.walksPerNode = 3;
                s.startBy = start;
                s.seed = 5;
                s.threads = 2;
                SequenceCorpus expected = WalkEngine.run(g, s, referenceStepper(g));
                SequenceCorpus actual = DeepWalk.builder().withWalkLength(12).withWalksPerNode(3).withStartBy(start)
                        .withSeed(5).withThreads(2).build().walks(g);
                GraphFixtures.assertSameCorpus(expected, actual);
            }
        }
    }

    @Test
    void walksForASeedAreTheEarlierWalkersWalks() {
        ItemGraph[] g = graphs();
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < g.length; i++) {
            for (int threads : new int[] {1, 3}) {
                got.append(i).append(" dw ").append(threads).append(' ').append(hash(DeepWalk.builder().withWalkLength(15)
                        .withWalksPerNode(4).withStartBy(StartSelection.FREQUENCY).withSeed(9).withThreads(threads)
                        .build().walks(g[i]))).append('\n');
                for (Node2Vec.Sampler sampler : new Node2Vec.Sampler[] {Node2Vec.Sampler.ALIAS, Node2Vec.Sampler.REJECTION}) {
                    for (double[] pq : new double[][] {{1, 0.5}, {0.25, 2}, {1, 1}}) {
                        got.append(i).append(" n2v ").append(sampler).append(' ').append(pq[0]).append(' ').append(pq[1])
                                .append(' ').append(threads).append(' ').append(hash(Node2Vec.builder().withP(pq[0])
                                        .withQ(pq[1]).withSampler(sampler).withWalkLength(15).withWalksPerNode(4)
                                        .withSeed(9).withThreads(threads).build().walks(g[i]))).append('\n');
                    }
                }
            }
        }
        assertEquals(EXPECTED, got.toString());
    }

    /** Printed by this test on commit 4bc42fb's walkers (separate prob / alias arrays). */
    private static final String EXPECTED = ""
            + "0 dw 1 -328965595461821479\n"
            + "0 n2v ALIAS 1.0 0.5 1 1368834279256534145\n"
            + "0 n2v ALIAS 0.25 2.0 1 -8250556543517679308\n"
            + "0 n2v ALIAS 1.0 1.0 1 -8373461894526836782\n"
            + "0 n2v REJECTION 1.0 0.5 1 8828850002036622777\n"
            + "0 n2v REJECTION 0.25 2.0 1 -3569614540245660958\n"
            + "0 n2v REJECTION 1.0 1.0 1 -8373461894526836782\n"
            + "0 dw 3 -328965595461821479\n"
            + "0 n2v ALIAS 1.0 0.5 3 1368834279256534145\n"
            + "0 n2v ALIAS 0.25 2.0 3 -8250556543517679308\n"
            + "0 n2v ALIAS 1.0 1.0 3 -8373461894526836782\n"
            + "0 n2v REJECTION 1.0 0.5 3 8828850002036622777\n"
            + "0 n2v REJECTION 0.25 2.0 3 -3569614540245660958\n"
            + "0 n2v REJECTION 1.0 1.0 3 -8373461894526836782\n"
            + "1 dw 1 4572629107988075409\n"
            + "1 n2v ALIAS 1.0 0.5 1 5127331055326541080\n"
            + "1 n2v ALIAS 0.25 2.0 1 1483033953898445495\n"
            + "1 n2v ALIAS 1.0 1.0 1 78633110677271278\n"
            + "1 n2v REJECTION 1.0 0.5 1 -2254691414524086534\n"
            + "1 n2v REJECTION 0.25 2.0 1 -6760414188695253790\n"
            + "1 n2v REJECTION 1.0 1.0 1 78633110677271278\n"
            + "1 dw 3 4572629107988075409\n"
            + "1 n2v ALIAS 1.0 0.5 3 5127331055326541080\n"
            + "1 n2v ALIAS 0.25 2.0 3 1483033953898445495\n"
            + "1 n2v ALIAS 1.0 1.0 3 78633110677271278\n"
            + "1 n2v REJECTION 1.0 0.5 3 -2254691414524086534\n"
            + "1 n2v REJECTION 0.25 2.0 3 -6760414188695253790\n"
            + "1 n2v REJECTION 1.0 1.0 3 78633110677271278\n"
            + "2 dw 1 2507916553018812099\n"
            + "2 n2v ALIAS 1.0 0.5 1 165975399632857375\n"
            + "2 n2v ALIAS 0.25 2.0 1 -8625703368127869878\n"
            + "2 n2v ALIAS 1.0 1.0 1 -6907572283851631851\n"
            + "2 n2v REJECTION 1.0 0.5 1 4211455518430438527\n"
            + "2 n2v REJECTION 0.25 2.0 1 -6926187530001608503\n"
            + "2 n2v REJECTION 1.0 1.0 1 -6907572283851631851\n"
            + "2 dw 3 2507916553018812099\n"
            + "2 n2v ALIAS 1.0 0.5 3 165975399632857375\n"
            + "2 n2v ALIAS 0.25 2.0 3 -8625703368127869878\n"
            + "2 n2v ALIAS 1.0 1.0 3 -6907572283851631851\n"
            + "2 n2v REJECTION 1.0 0.5 3 4211455518430438527\n"
            + "2 n2v REJECTION 0.25 2.0 3 -6926187530001608503\n"
            + "2 n2v REJECTION 1.0 1.0 3 -6907572283851631851\n";

    private static ItemGraph[] graphs() {
        SequenceCorpus planted = WindowPairsTest.planted(1_500, 400, 21L, true);
        return new ItemGraph[] {
                GraphFixtures.randomGraph(300, 3_000, 7L),
                ItemGraph.sequenceBuilder(planted).withWindow(5).withBothDirections(true)
                        .withWeighting(EdgeWeighting.PPMI).withMinSupport(2).build(),
                ItemGraph.fromSequences(planted)};
    }

    private static long hash(SequenceCorpus c) {
        long h = c.numSequences();
        int[] t = c.tokensView();
        for (int s = 0; s < c.numSequences(); s++) {
            h = h * 1_000_003L + c.start(s);
        }
        for (int x : t) {
            h = WalkRandom.mix(h * 1_000_003L + x);
        }
        return h;
    }

    /** DeepWalk's stepper as it was: a local index drawn from separate prob / alias arrays, then its target. */
    private static WalkEngine.Stepper referenceStepper(ItemGraph g) {
        int[] offs = g.offsetsView();
        int[] targets = g.targetsView();
        float[] w = g.weightsView();
        float[] prob = new float[g.numEdges()];
        int[] alias = new int[g.numEdges()];
        Alias.Scratch sc = new Alias.Scratch();
        for (int u = 0; u < g.numNodes(); u++) {
            int d = offs[u + 1] - offs[u];
            sc.ensure(d);
            for (int i = 0; i < d; i++) {
                sc.w[i] = w[offs[u] + i];
            }
            if (d > 0) {
                Alias.build(sc, d, prob, alias, offs[u]);
            }
        }
        return (start, r, out, off, walkLength) -> {
            out[off] = start;
            int v = start;
            int len = 1;
            while (len < walkLength) {
                int base = offs[v];
                int d = offs[v + 1] - base;
                if (d == 0) {
                    break;
                }
                v = targets[base + Alias.sample(prob, alias, base, d, r)];
                out[off + len++] = v;
            }
            return len;
        };
    }
}
