package org.recsys4j.embedding.graph;

import org.recsys4j.core.util.Parallel;
import org.recsys4j.embedding.seq.SequenceCorpus;

/**
 * Runs walks for {@link DeepWalk} and {@link Node2Vec}: chooses start nodes, splits walks among
 * threads, and gathers them, in walk order, into a {@link SequenceCorpus}. Walk {@code w} uses its
 * own generator seeded from (seed, w), drawing first its start (under
 * {@link StartSelection#FREQUENCY}) then its steps, so the corpus does not depend on the thread count.
 */
final class WalkEngine {
    private static final int CHUNK = 64;

    private WalkEngine() {
    }

    /** Writes one walk of at most {@code walkLength} nodes from {@code start} into {@code out[off ..]}. */
    interface Stepper {
        /** Returns the number of nodes written (at least 1: the start). */
        int walk(int start, WalkRandom r, int[] out, int off, int walkLength);
    }

    /** First-order alias tables aligned with the graph's CSR edges. */
    static final class FirstOrder {
        final float[] prob;
        final int[] alias;
        /** Sum of the out-weights of each node. */
        final double[] outWeight;

        FirstOrder(float[] prob, int[] alias, double[] outWeight) {
            this.prob = prob;
            this.alias = alias;
            this.outWeight = outWeight;
        }
    }

    /** Returns the first-order (weight-proportional) alias table of every node. */
    static FirstOrder firstOrder(ItemGraph g, int threads) {
        int[] offs = g.offsetsView();
        float[] w = g.weightsView();
        float[] prob = new float[g.numEdges()];
        int[] alias = new int[g.numEdges()];
        double[] outWeight = new double[g.numNodes()];
        Parallel.forRange(g.numNodes(), threads, 1024, Alias.Scratch::new, (s, from, to) -> {
            for (int u = from; u < to; u++) {
                int d = offs[u + 1] - offs[u];
                if (d == 0) {
                    continue;
                }
                s.ensure(d);
                double sum = 0;
                for (int i = 0; i < d; i++) {
                    s.w[i] = w[offs[u] + i];
                    sum += s.w[i];
                }
                outWeight[u] = sum;
                Alias.build(s, d, prob, alias, offs[u]);
            }
        });
        return new FirstOrder(prob, alias, outWeight);
    }

    /** Returns the walks of {@code g} under settings {@code s}, each produced by {@code stepper}. */
    static SequenceCorpus run(ItemGraph g, WalkSettings s, Stepper stepper) {
        int n = g.numNodes();
        int[] offs = g.offsetsView();
        boolean byFrequency = s.startBy == StartSelection.FREQUENCY;
        int m = 0;
        int[] eligible = new int[n];
        for (int u = 0; u < n; u++) {
            if (offs[u + 1] > offs[u] && (!byFrequency || g.frequency(u) > 0)) {
                eligible[m++] = u;
            }
        }
        SequenceCorpus.Builder out = SequenceCorpus.builder(g.vocabulary());
        if (m == 0) {
            return out.build();
        }
        long total = s.numWalks > 0 ? s.numWalks : (long) s.walksPerNode * m;
        int len = s.walkLength;
        if (total * len > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("walks: " + total + " walks of up to " + len
                    + " nodes exceed the " + (Integer.MAX_VALUE - 8) + " tokens a corpus holds");
        }
        int walks = (int) total;
        float[] startProb;
        int[] startAlias;
        if (byFrequency) {
            startProb = new float[m];
            startAlias = new int[m];
            Alias.Scratch sc = new Alias.Scratch();
            sc.ensure(m);
            for (int i = 0; i < m; i++) {
                sc.w[i] = g.frequency(eligible[i]);
            }
            Alias.build(sc, m, startProb, startAlias, 0);
        } else {
            startProb = null;
            startAlias = null;
        }
        final int starts = m;
        int[] buf = new int[walks * len];
        int[] lengths = new int[walks];
        long seed = s.seed;
        Parallel.forRange(walks, s.threads, CHUNK, () -> new WalkRandom(0L), (r, from, to) -> {
            for (int w = from; w < to; w++) {
                r.reset(seed, w);
                int start = startProb != null
                        ? eligible[Alias.sample(startProb, startAlias, 0, starts, r)]
                        : eligible[w % starts];
                lengths[w] = stepper.walk(start, r, buf, w * len, len);
            }
        });
        for (int w = 0; w < walks; w++) {
            out.add(buf, w * len, w * len + lengths[w]);
        }
        return out.build();
    }
}
