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
 * SequenceCorpus walks = DeepWalk.builder().withWalkLength(10).withWalksPerNode(10)
 *         .withStartBy(StartSelection.FREQUENCY).withSeed(7).withThreads(2).build()
 *         .walks(ItemGraph.fromSequences(corpus));
 * }</pre>
 */
public final class DeepWalk {
    /** The default number of nodes of a walk, start included. */
    public static final int DEFAULT_WALK_LENGTH = WalkSettings.WALK_LENGTH;
    /** The default number of walks per start node. */
    public static final int DEFAULT_WALKS_PER_NODE = WalkSettings.WALKS_PER_NODE;
    /** The default total number of walks: 0, meaning {@code walksPerNode} per start node. */
    public static final int DEFAULT_NUM_WALKS = WalkSettings.NUM_WALKS;
    /** The default way start nodes are chosen. */
    public static final StartSelection DEFAULT_START_BY = StartSelection.UNIFORM_EACH_NODE;
    /** The default random seed. */
    public static final long DEFAULT_SEED = WalkSettings.SEED;
    /**
     * The default number of threads: all available processors, since the walks do not depend on the thread
     * count (walk {@code w} draws from its own generator).
     */
    public static final int DEFAULT_THREADS = WalkSettings.THREADS;

    private final WalkSettings settings;

    private DeepWalk(WalkSettings settings) {
        this.settings = settings;
    }

    /**
     * Returns a builder whose options start at the {@code DEFAULT_*} values.
     *
     * @return the builder
     */
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
                v = fo.next(base, d, r);
                out[off + len++] = v;
            }
            return len;
        };
    }

    @Override
    public String toString() {
        return "DeepWalk[" + settings + "]";
    }

    /**
     * Returns {@link DeepWalk} configurations. Setters only store; {@link #build()} checks every value and names
     * the one out of range. Not thread-safe.
     */
    public static final class Builder {
        private final WalkSettings s = new WalkSettings();

        private Builder() {
        }

        /**
         * Sets the number of nodes of a walk, start included, at least 1 (default
         * {@value DeepWalk#DEFAULT_WALK_LENGTH}).
         */
        public Builder withWalkLength(int walkLength) {
            s.walkLength = walkLength;
            return this;
        }

        /**
         * Sets the walks per start node, at least 1 (default {@value DeepWalk#DEFAULT_WALKS_PER_NODE}); the total is
         * this times the number of nodes with out-edges (with positive frequency under
         * {@link StartSelection#FREQUENCY}) unless {@link #withNumWalks} is set.
         */
        public Builder withWalksPerNode(int walksPerNode) {
            s.walksPerNode = walksPerNode;
            return this;
        }

        /**
         * Sets the total number of walks, at least 0, overriding {@link #withWalksPerNode}; 0 (the default,
         * {@value DeepWalk#DEFAULT_NUM_WALKS}) means walksPerNode per start node.
         */
        public Builder withNumWalks(int numWalks) {
            s.numWalks = numWalks;
            return this;
        }

        /** Sets how start nodes are chosen (default {@link DeepWalk#DEFAULT_START_BY}, uniform over the nodes). */
        public Builder withStartBy(StartSelection startBy) {
            s.startBy = startBy;
            return this;
        }

        /** Sets the random seed (default {@value DeepWalk#DEFAULT_SEED}); equal seeds give equal walks. */
        public Builder withSeed(long seed) {
            s.seed = seed;
            return this;
        }

        /**
         * Sets the number of threads, at least 1 (default {@link DeepWalk#DEFAULT_THREADS}: all available
         * processors); the walks do not depend on it.
         */
        public Builder withThreads(int threads) {
            s.threads = threads;
            return this;
        }

        /**
         * Returns the configured walker.
         *
         * @throws NullPointerException     naming {@code startBy} if it is null
         * @throws IllegalArgumentException naming the option out of range
         */
        public DeepWalk build() {
            WalkSettings copy = s.copy();
            copy.validate();
            return new DeepWalk(copy);
        }
    }
}
