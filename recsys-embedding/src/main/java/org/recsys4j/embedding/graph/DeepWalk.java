package org.recsys4j.embedding.graph;

import org.recsys4j.embedding.seq.SequenceCorpus;

import java.util.Objects;

/**
 * DeepWalk's random walks (Perozzi et al. 2014) on a weighted directed {@link ItemGraph}: each step
 * moves from the current node {@code v} to an out-neighbour {@code x} with probability
 * {@code w(v, x) / sum of v's out-weights}, drawn in O(1) from a per-node alias table. The walks form
 * a {@link SequenceCorpus} for a word2vec trainer.
 *
 * <p>A walk has {@code walkLength} nodes, start included, unless it reaches a <em>dead end</em> (a
 * node without out-edges, e.g. an item only ever seen last in its sequences): the walk then stops
 * there, shorter. Walks start only at nodes with out-edges (see {@link StartSelection}).
 *
 * <p>Walks are split among {@code threads}; walk {@code w} draws from its own generator seeded from
 * ({@code seed}, {@code w}), so the corpus is the same for every thread count. Instances are
 * immutable and may be shared.
 *
 * <pre>{@code
 * SequenceCorpus walks = DeepWalk.builder().walkLength(10).walksPerNode(10)
 *         .startBy(StartSelection.FREQUENCY).seed(7).threads(2).build()
 *         .walks(ItemGraph.fromSequences(corpus));
 * }</pre>
 */
public final class DeepWalk {
    private final WalkSettings settings;

    private DeepWalk(WalkSettings settings) {
        this.settings = settings;
    }

    /** Returns a builder with walkLength 10, walksPerNode 10, UNIFORM_EACH_NODE starts, seed 42, one thread. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the random walks over {@code graph}, in walk order (one sequence per walk). */
    public SequenceCorpus walks(ItemGraph graph) {
        Objects.requireNonNull(graph, "graph");
        WalkEngine.FirstOrder fo = WalkEngine.firstOrder(graph, settings.threads);
        return WalkEngine.run(graph, settings, stepper(graph, fo));
    }

    /** Returns the first-order stepper over {@code g} (shared with {@link Node2Vec} when p = q = 1). */
    static WalkEngine.Stepper stepper(ItemGraph g, WalkEngine.FirstOrder fo) {
        int[] offs = g.offsetsView();
        int[] targets = g.targetsView();
        float[] prob = fo.prob;
        int[] alias = fo.alias;
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

    @Override
    public String toString() {
        return "DeepWalk[" + settings + "]";
    }

    /** Returns {@link DeepWalk} configurations; each setter validates its argument. */
    public static final class Builder {
        private final WalkSettings s = new WalkSettings();

        private Builder() {
        }

        /**
         * Sets the number of nodes of a walk, start included (default 10).
         *
         * @throws IllegalArgumentException naming {@code walkLength} if it is below 1
         */
        public Builder walkLength(int walkLength) {
            s.walkLength(walkLength);
            return this;
        }

        /**
         * Sets the walks per start node (default 10); the total is this times the number of nodes with
         * out-edges (with positive frequency under {@link StartSelection#FREQUENCY}) unless
         * {@link #numWalks} is set.
         *
         * @throws IllegalArgumentException naming {@code walksPerNode} if it is below 1
         */
        public Builder walksPerNode(int walksPerNode) {
            s.walksPerNode(walksPerNode);
            return this;
        }

        /**
         * Sets the total number of walks, overriding {@link #walksPerNode}; 0 (the default) means
         * walksPerNode per start node.
         *
         * @throws IllegalArgumentException naming {@code numWalks} if it is negative
         */
        public Builder numWalks(int numWalks) {
            s.numWalks(numWalks);
            return this;
        }

        /** Sets how start nodes are chosen (default {@link StartSelection#UNIFORM_EACH_NODE}). */
        public Builder startBy(StartSelection startBy) {
            s.startBy(startBy);
            return this;
        }

        /** Sets the random seed (default 42); equal seeds give equal walks. */
        public Builder seed(long seed) {
            s.seed = seed;
            return this;
        }

        /**
         * Sets the number of threads (default 1); the walks do not depend on it.
         *
         * @throws IllegalArgumentException naming {@code threads} if it is below 1
         */
        public Builder threads(int threads) {
            s.threads(threads);
            return this;
        }

        /** Returns the configured walker. */
        public DeepWalk build() {
            return new DeepWalk(s.copy());
        }
    }
}
