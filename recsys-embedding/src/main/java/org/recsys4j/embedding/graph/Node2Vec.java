package org.recsys4j.embedding.graph;

import org.recsys4j.core.util.Parallel;
import org.recsys4j.embedding.seq.SequenceCorpus;

import java.util.Objects;

/**
 * node2vec's second-order biased random walks (Grover &amp; Leskovec 2016) on a weighted directed
 * {@link ItemGraph}, as a {@link SequenceCorpus} for a word2vec trainer.
 *
 * <p>Having come from {@code t} to {@code v}, the walk moves to an out-neighbour {@code x} of
 * {@code v} with probability proportional to {@code w(v, x) * alpha(t, x)}, where
 * {@code alpha = 1/p} if {@code x == t} (return), {@code 1} if {@code t -> x} is an edge
 * ({@code x} is an out-neighbour of {@code t}), and {@code 1/q} otherwise. On an
 * {@link ItemGraph#undirected() undirected} graph this is exactly the paper's rule. The first step of
 * a walk has no previous node and is first-order ({@code w(v, x)} alone). A walk stops early at a
 * dead end (a node without out-edges); walks start only at nodes with out-edges.
 *
 * <p>Two samplers draw a step:
 * <ul>
 *   <li>{@link Sampler#ALIAS}: an alias table per directed edge {@code t -> v} over {@code v}'s
 *       out-edges, built once per {@link #walks} call; O(1) per step, memory
 *       {@code sum over v of indeg(v) * outdeg(v)} entries of 8 bytes.</li>
 *   <li>{@link Sampler#REJECTION}: KnightKing-style rejection: draw {@code x} from {@code v}'s
 *       first-order table and accept with probability {@code alpha(t, x) / max(1, 1/q)}; when
 *       {@code 1/p} exceeds that envelope, the return edge's excess mass is drawn directly
 *       (KnightKing's outlier folding), so the expected trials per step are at most
 *       {@code max(q, 1/q)} whatever p. No memory beyond the first-order tables; a binary search
 *       per trial unless the uniform draw already falls below the smallest alpha.</li>
 *   <li>{@link Sampler#AUTO} (default): ALIAS if its tables fit in {@link Builder#withAliasBudget} entries,
 *       else REJECTION; REJECTION also when {@code p = q = 1}, where every trial is accepted.</li>
 * </ul>
 * Both samplers draw from the same distribution (though not the same walks for a seed). With
 * {@code p = q = 1} the walks are exactly {@link DeepWalk}'s for the same settings.
 *
 * <p>Walk {@code w} draws from its own generator seeded from ({@code seed}, {@code w}), so the corpus
 * is the same for every thread count. Instances are immutable and may be shared.
 *
 * <pre>{@code
 * SequenceCorpus walks = Node2Vec.builder().withP(0.5).withQ(2).withWalkLength(10).withWalksPerNode(10)
 *         .withSeed(7).withThreads(2).build()
 *         .walks(ItemGraph.fromSequences(corpus));
 * }</pre>
 */
public final class Node2Vec {
    /** Default {@link Builder#withAliasBudget}: 20M entries, 160 MB. */
    public static final long DEFAULT_ALIAS_BUDGET = 20_000_000L;
    /** The default return parameter p. */
    public static final double DEFAULT_P = 1.0;
    /** The default in-out parameter q. */
    public static final double DEFAULT_Q = 1.0;
    /** The default second-order sampler. */
    public static final Sampler DEFAULT_SAMPLER = Sampler.AUTO;
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

    /** How a second-order step is drawn; all draw from the same distribution. */
    public enum Sampler {
        /** ALIAS if the per-edge tables fit the alias budget (and p, q are not both 1), else REJECTION. */
        AUTO,
        /** A precomputed alias table per directed edge: O(1) per step, memory sum of indeg * outdeg. */
        ALIAS,
        /** Rejection sampling from first-order tables: no extra memory, a few trials per step. */
        REJECTION
    }

    private final WalkSettings settings;
    private final double p;
    private final double q;
    private final Sampler sampler;
    private final long aliasBudget;

    private Node2Vec(Builder b) {
        this.settings = b.s.copy();
        this.p = b.p;
        this.q = b.q;
        this.sampler = b.sampler;
        this.aliasBudget = b.aliasBudget;
    }

    /**
     * Returns a builder whose options start at the {@code DEFAULT_*} values (p = q = 1, the AUTO sampler, a
     * budget of {@value #DEFAULT_ALIAS_BUDGET} alias entries).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of entries the {@link Sampler#ALIAS} tables of {@code graph} take:
     * {@code sum over v of indeg(v) * outdeg(v)}, 8 bytes each.
     */
    public static long aliasEntries(ItemGraph graph) {
        int[] offs = graph.offsetsView();
        int[] targets = graph.targetsView();
        long total = 0;
        for (int v : targets) {
            total += offs[v + 1] - offs[v];
        }
        return total;
    }

    /** Returns the sampler {@link #walks} uses on {@code graph}: {@link #sampler()} with AUTO resolved. */
    public Sampler samplerFor(ItemGraph graph) {
        if (sampler != Sampler.AUTO) {
            return sampler;
        }
        if (p == 1.0 && q == 1.0) {
            return Sampler.REJECTION;
        }
        return aliasEntries(graph) <= aliasBudget ? Sampler.ALIAS : Sampler.REJECTION;
    }

    /** Returns the configured sampler, possibly {@link Sampler#AUTO}. */
    public Sampler sampler() {
        return sampler;
    }

    /** Returns the return parameter p. */
    public double p() {
        return p;
    }

    /** Returns the in-out parameter q. */
    public double q() {
        return q;
    }

    /**
     * Returns the biased random walks over {@code graph}, in walk order (one sequence per walk).
     *
     * @throws IllegalArgumentException if {@link Sampler#ALIAS} is requested and its tables would
     *     exceed the largest Java array
     */
    public SequenceCorpus walks(ItemGraph graph) {
        Objects.requireNonNull(graph, "graph");
        boolean alias = samplerFor(graph) == Sampler.ALIAS;
        WalkEngine.FirstOrder fo = WalkEngine.firstOrder(graph, settings.threads, alias);
        WalkEngine.Stepper stepper = alias
                ? aliasStepper(graph, fo, buildEdgeTables(graph))
                : rejectionStepper(graph, fo);
        return WalkEngine.run(graph, settings, stepper);
    }

    /** Alias tables per directed edge, table of edge e at [start[e], start[e] + outdeg(target(e))). */
    private static final class EdgeTables {
        final int[] start;
        final float[] prob;
        final int[] alias;

        EdgeTables(int[] start, float[] prob, int[] alias) {
            this.start = start;
            this.prob = prob;
            this.alias = alias;
        }
    }

    private EdgeTables buildEdgeTables(ItemGraph g) {
        long entries = aliasEntries(g);
        if (entries > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("sampler: ALIAS tables of this graph need " + entries
                    + " entries, more than an array holds; use REJECTION");
        }
        int[] offs = g.offsetsView();
        int[] targets = g.targetsView();
        float[] w = g.weightsView();
        int[] start = new int[targets.length + 1];
        for (int e = 0; e < targets.length; e++) {
            int v = targets[e];
            start[e + 1] = start[e] + offs[v + 1] - offs[v];
        }
        float[] prob = new float[(int) entries];
        int[] alias = new int[(int) entries];
        double invP = 1.0 / p;
        double invQ = 1.0 / q;
        Parallel.forRange(g.numNodes(), settings.threads, 256, Alias.Scratch::new, (s, from, to) -> {
            for (int t = from; t < to; t++) {
                int tEnd = offs[t + 1];
                for (int e = offs[t]; e < tEnd; e++) {
                    int v = targets[e];
                    int vBase = offs[v];
                    int d = offs[v + 1] - vBase;
                    if (d == 0) {
                        continue;
                    }
                    s.ensure(d);
                    int k = offs[t]; // merge-join over t's ascending out-neighbours
                    for (int i = 0; i < d; i++) {
                        int x = targets[vBase + i];
                        while (k < tEnd && targets[k] < x) {
                            k++;
                        }
                        double a = x == t ? invP : (k < tEnd && targets[k] == x) ? 1.0 : invQ;
                        s.w[i] = w[vBase + i] * a;
                    }
                    Alias.build(s, d, prob, alias, start[e]);
                }
            }
        });
        return new EdgeTables(start, prob, alias);
    }

    private static WalkEngine.Stepper aliasStepper(ItemGraph g, WalkEngine.FirstOrder fo, EdgeTables et) {
        int[] offs = g.offsetsView();
        int[] targets = g.targetsView();
        return (start, r, out, off, walkLength) -> {
            out[off] = start;
            if (walkLength == 1) {
                return 1;
            }
            int base = offs[start];
            int d = offs[start + 1] - base;
            if (d == 0) {
                return 1;
            }
            int e = base + Alias.sample(fo.prob, fo.alias, base, d, r);
            int v = targets[e];
            out[off + 1] = v;
            int len = 2;
            while (len < walkLength) {
                base = offs[v];
                d = offs[v + 1] - base;
                if (d == 0) {
                    break;
                }
                e = base + Alias.sample(et.prob, et.alias, et.start[e], d, r);
                v = targets[e];
                out[off + len++] = v;
            }
            return len;
        };
    }

    private WalkEngine.Stepper rejectionStepper(ItemGraph g, WalkEngine.FirstOrder fo) {
        int[] offs = g.offsetsView();
        float[] weights = g.weightsView();
        double[] outWeight = fo.outWeight;
        double invP = 1.0 / p;
        double invQ = 1.0 / q;
        double envelope = Math.max(1.0, invQ); // the largest alpha except a return's 1/p
        double returnAlpha = Math.min(invP, envelope);
        boolean fold = invP > envelope;
        double floor = Math.min(Math.min(1.0, invQ), returnAlpha); // the smallest alpha
        return (start, r, out, off, walkLength) -> {
            out[off] = start;
            int t = -1;
            int v = start;
            int len = 1;
            while (len < walkLength) {
                int base = offs[v];
                int d = offs[v + 1] - base;
                if (d == 0) {
                    break;
                }
                int x = -1;
                if (t < 0) {
                    x = fo.next(base, d, r);
                } else {
                    // KnightKing's outlier folding: the return edge's mass above the envelope,
                    // w(v, t) * (1/p - envelope), is a proposal of its own that is always accepted, so
                    // trials do not grow with 1/p; a rejection redraws from the whole proposal
                    double extra = 0;
                    if (fold) {
                        int back = g.find(v, t);
                        if (back >= 0) {
                            extra = weights[back] * (invP - envelope);
                        }
                    }
                    double proposal = envelope * outWeight[v] + extra;
                    while (x < 0) {
                        if (extra > 0 && r.nextDouble() * proposal < extra) {
                            x = t;
                            break;
                        }
                        int c = fo.next(base, d, r);
                        if (floor >= envelope) {
                            x = c; // every alpha equal (p = q = 1): no test, no draw
                        } else {
                            double u = r.nextDouble() * envelope;
                            // below the smallest alpha: accept without looking alpha up
                            if (u < floor || u < (c == t ? returnAlpha : g.find(t, c) >= 0 ? 1.0 : invQ)) {
                                x = c;
                            }
                        }
                    }
                }
                t = v;
                v = x;
                out[off + len++] = v;
            }
            return len;
        };
    }

    @Override
    public String toString() {
        return "Node2Vec[p=" + p + ", q=" + q + ", sampler=" + sampler + ", aliasBudget=" + aliasBudget + ", "
                + settings + "]";
    }

    /**
     * Returns {@link Node2Vec} configurations. Setters only store; {@link #build()} checks every value and names
     * the one out of range. Not thread-safe.
     */
    public static final class Builder {
        private final WalkSettings s = new WalkSettings();
        private double p = DEFAULT_P;
        private double q = DEFAULT_Q;
        private Sampler sampler = DEFAULT_SAMPLER;
        private long aliasBudget = DEFAULT_ALIAS_BUDGET;

        private Builder() {
        }

        /**
         * Sets the return parameter p, positive and finite (default {@value Node2Vec#DEFAULT_P}): returning to the
         * previous node is weighted 1/p.
         */
        public Builder withP(double p) {
            this.p = p;
            return this;
        }

        /**
         * Sets the in-out parameter q, positive and finite (default {@value Node2Vec#DEFAULT_Q}): moving to a node
         * that is not an out-neighbour of the previous node is weighted 1/q (q &gt; 1 keeps walks local, q &lt; 1
         * sends them outward).
         */
        public Builder withQ(double q) {
            this.q = q;
            return this;
        }

        /** Sets the second-order sampler (default {@link Node2Vec#DEFAULT_SAMPLER}, {@link Sampler#AUTO}). */
        public Builder withSampler(Sampler sampler) {
            this.sampler = sampler;
            return this;
        }

        /**
         * Sets the most alias entries (8 bytes each), at least 0, that {@link Sampler#AUTO} may spend on per-edge
         * tables before it falls back to REJECTION (default {@value Node2Vec#DEFAULT_ALIAS_BUDGET}).
         */
        public Builder withAliasBudget(long aliasBudget) {
            this.aliasBudget = aliasBudget;
            return this;
        }

        /**
         * Sets the number of nodes of a walk, start included, at least 1 (default
         * {@value Node2Vec#DEFAULT_WALK_LENGTH}).
         */
        public Builder withWalkLength(int walkLength) {
            s.walkLength = walkLength;
            return this;
        }

        /**
         * Sets the walks per start node, at least 1 (default {@value Node2Vec#DEFAULT_WALKS_PER_NODE}); the total is
         * this times the number of nodes with out-edges (with positive frequency under
         * {@link StartSelection#FREQUENCY}) unless {@link #withNumWalks} is set.
         */
        public Builder withWalksPerNode(int walksPerNode) {
            s.walksPerNode = walksPerNode;
            return this;
        }

        /**
         * Sets the total number of walks, at least 0, overriding {@link #withWalksPerNode}; 0 (the default,
         * {@value Node2Vec#DEFAULT_NUM_WALKS}) means walksPerNode per start node.
         */
        public Builder withNumWalks(int numWalks) {
            s.numWalks = numWalks;
            return this;
        }

        /** Sets how start nodes are chosen (default {@link Node2Vec#DEFAULT_START_BY}, uniform over the nodes). */
        public Builder withStartBy(StartSelection startBy) {
            s.startBy = startBy;
            return this;
        }

        /** Sets the random seed (default {@value Node2Vec#DEFAULT_SEED}); equal seeds give equal walks. */
        public Builder withSeed(long seed) {
            s.seed = seed;
            return this;
        }

        /**
         * Sets the number of threads, at least 1 (default {@link Node2Vec#DEFAULT_THREADS}: all available
         * processors); the walks do not depend on it.
         */
        public Builder withThreads(int threads) {
            s.threads = threads;
            return this;
        }

        /**
         * Returns the configured walker.
         *
         * @throws NullPointerException     naming {@code sampler} or {@code startBy} if it is null
         * @throws IllegalArgumentException naming the option out of range
         */
        public Node2Vec build() {
            positive("p", p);
            positive("q", q);
            Objects.requireNonNull(sampler, "sampler");
            if (aliasBudget < 0) {
                throw new IllegalArgumentException("aliasBudget: " + aliasBudget + ", must be >= 0");
            }
            s.validate();
            return new Node2Vec(this);
        }

        private static double positive(String name, double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + ": " + v + ", must be positive and finite");
            }
            return v;
        }
    }
}
