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

    /**
     * First-order alias tables aligned with the graph's CSR edges. A step reads one packed record per edge,
     * {@code table[3e .. 3e + 3)} = (the alias probability's float bits, the edge's target, the alias edge's target),
     * so it costs one random memory access rather than three (probability, alias, target in separate arrays of tens of
     * millions of edges at the ml-25m shape); the draws are the same.
     */
    static final class FirstOrder {
        /** Ints per edge in {@link #table}. */
        static final int RECORD = 3;
        final int[] table;
        /** The alias probability of each edge, or null if not asked for (kept only for per-edge second-order tables). */
        final float[] prob;
        /** The local index of each edge's alias, or null if not asked for. */
        final int[] alias;
        /** Sum of the out-weights of each node. */
        final double[] outWeight;

        FirstOrder(int[] table, float[] prob, int[] alias, double[] outWeight) {
            this.table = table;
            this.prob = prob;
            this.alias = alias;
            this.outWeight = outWeight;
        }

        /**
         * Draws an out-neighbour of the node whose edges are {@code [base, base + d)}, {@code d > 0}: the target of
         * edge {@code base + Alias.sample(prob, alias, base, d, r)}, drawing the same numbers.
         */
        int next(int base, int d, WalkRandom r) {
            int k = RECORD * (base + r.nextInt(d));
            return r.nextFloat() < Float.intBitsToFloat(table[k]) ? table[k + 1] : table[k + 2];
        }
    }

    /** Returns the first-order (weight-proportional) alias table of every node, packed for walking. */
    static FirstOrder firstOrder(ItemGraph g, int threads) {
        return firstOrder(g, threads, false);
    }

    /**
     * Returns the first-order alias table of every node; with {@code keepIndices} also the separate probability and
     * alias-index arrays (for walkers that need the drawn edge's position, not only its target).
     *
     * @throws IllegalArgumentException if the packed table would exceed the largest Java array
     */
    static FirstOrder firstOrder(ItemGraph g, int threads, boolean keepIndices) {
        int[] offs = g.offsetsView();
        float[] w = g.weightsView();
        int[] targets = g.targetsView();
        if ((long) FirstOrder.RECORD * g.numEdges() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("graph: its " + g.numEdges() + " edges exceed the "
                    + (Integer.MAX_VALUE - 8) / FirstOrder.RECORD + " a walk table holds");
        }
        int[] table = new int[FirstOrder.RECORD * g.numEdges()];
        float[] prob = keepIndices ? new float[g.numEdges()] : null;
        int[] alias = keepIndices ? new int[g.numEdges()] : null;
        double[] outWeight = new double[g.numNodes()];
        Parallel.forRange(g.numNodes(), threads, 1024, Alias.Scratch::new, (s, from, to) -> {
            for (int u = from; u < to; u++) {
                int base = offs[u];
                int d = offs[u + 1] - base;
                if (d == 0) {
                    continue;
                }
                s.ensure(d);
                double sum = 0;
                for (int i = 0; i < d; i++) {
                    s.w[i] = w[base + i];
                    sum += s.w[i];
                }
                outWeight[u] = sum;
                Alias.build(s, d, s.prob, s.alias, 0);
                for (int i = 0; i < d; i++) {
                    int k = FirstOrder.RECORD * (base + i);
                    table[k] = Float.floatToRawIntBits(s.prob[i]);
                    table[k + 1] = targets[base + i];
                    table[k + 2] = targets[base + s.alias[i]];
                }
                if (keepIndices) {
                    System.arraycopy(s.prob, 0, prob, base, d);
                    System.arraycopy(s.alias, 0, alias, base, d);
                }
            }
        });
        return new FirstOrder(table, prob, alias, outWeight);
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
