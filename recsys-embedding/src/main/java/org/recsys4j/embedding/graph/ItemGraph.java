package org.recsys4j.embedding.graph;

import it.unimi.dsi.fastutil.longs.Long2DoubleMap;
import it.unimi.dsi.fastutil.longs.Long2DoubleOpenHashMap;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.embedding.seq.SequenceCorpus;

import java.util.Arrays;
import java.util.Objects;

/**
 * A weighted directed graph over the dense indices of a vocabulary, the input of {@link DeepWalk}
 * and {@link Node2Vec}. Stored as CSR: the out-edges of node {@code u} are positions
 * {@code [offsets[u], offsets[u + 1])} of a target array and a weight array, targets sorted
 * ascending so {@link #hasEdge} and {@link #weight} are binary searches. Each node also carries a
 * frequency, used to draw start nodes under {@link StartSelection#FREQUENCY}. Immutable and safe
 * to share between threads.
 *
 * <p>{@link #fromSequences} builds the item graph as SparrowRecsys does: an edge {@code a -> b} for
 * every consecutive pair of a sequence, weighted by how often the pair occurs; a node's frequency
 * is how often the item occurs in the corpus. {@link #sequenceBuilder} builds the graph a product
 * would serve: a co-occurrence window (every pair at most {@code window} positions apart, in both
 * directions if asked), a minimum support (items seen fewer times are not nodes, so one user's history
 * does not define an item) and {@link EdgeWeighting#PPMI} weights (hubs such as blockbusters rated by
 * most users do not capture every walk). On planted clusters with cross-cluster blockbusters the
 * consecutive-count graph's walks put 0.14–0.17 of an item's ten nearest items in its cluster, the
 * window-5 PPMI graph with support 5 0.98 (docs/evaluation.md, "Similar items as served").
 *
 * <pre>{@code
 * ItemGraph g = ItemGraph.fromSequences(corpus);
 * ItemGraph served = ItemGraph.sequenceBuilder(corpus).withWindow(5).withBothDirections(true)
 *         .withWeighting(EdgeWeighting.PPMI).withMinSupport(5).build();
 * g.outDegree(3);                    // distinct items that directly followed item 3
 * g.transitionProbabilities(3);      // aligned with g.neighbors(3)
 * ItemGraph h = ItemGraph.builder(vocab).addEdge(0, 1, 2.5).addEdge(1, 0, 1).build();
 * }</pre>
 */
public final class ItemGraph {
    /** The default co-occurrence window of {@link #sequenceBuilder}: 1, consecutive pairs. */
    public static final int DEFAULT_WINDOW = 1;
    /** By default {@link #sequenceBuilder} adds {@code a -> b} only for {@code b} after {@code a}. */
    public static final boolean DEFAULT_BOTH_DIRECTIONS = false;
    /** The default edge weighting of {@link #sequenceBuilder}: the pair count. */
    public static final EdgeWeighting DEFAULT_WEIGHTING = EdgeWeighting.COUNT;
    /** The default minimum support of {@link #sequenceBuilder}: 1, every item is a node. */
    public static final int DEFAULT_MIN_SUPPORT = 1;
    /**
     * The default number of threads of {@link #sequenceBuilder}: all available processors, since the graph does not
     * depend on the thread count (each source item's row is counted on its own and the rows are joined in order).
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    private final IdIndex vocabulary;
    private final int[] offsets;
    private final int[] targets;
    private final float[] weights;
    private final double[] frequency;

    private ItemGraph(IdIndex vocabulary, int[] offsets, int[] targets, float[] weights, double[] frequency) {
        this.vocabulary = vocabulary;
        this.offsets = offsets;
        this.targets = targets;
        this.weights = weights;
        this.frequency = frequency;
    }

    /**
     * Returns the item-transition graph of a corpus: an edge {@code a -> b} for each consecutive pair
     * {@code (a, b)} of a sequence, weighted by the number of times the pair occurs over all sequences.
     * Self-loops (an item directly repeated, {@code a -> a}) are skipped: a walk staying on an item
     * teaches an embedding nothing. A node's {@link #frequency} is its number of occurrences in the
     * corpus (including in sequences of length one, which contribute no edge).
     */
    public static ItemGraph fromSequences(SequenceCorpus corpus) {
        Objects.requireNonNull(corpus, "corpus");
        int n = corpus.vocabulary().size();
        int[] tokens = corpus.tokensView();
        // bucket the pairs by source (counting sort), then sort and run-length count each bucket:
        // 4 bytes per pair, no hashing
        int[] start = new int[n + 1];
        for (int s = 0; s < corpus.numSequences(); s++) {
            int end = corpus.end(s);
            for (int i = corpus.start(s) + 1; i < end; i++) {
                if (tokens[i - 1] != tokens[i]) {
                    start[tokens[i - 1] + 1]++;
                }
            }
        }
        for (int u = 0; u < n; u++) {
            start[u + 1] += start[u];
        }
        int[] next = Arrays.copyOf(start, n);
        int[] dst = new int[start[n]];
        for (int s = 0; s < corpus.numSequences(); s++) {
            int end = corpus.end(s);
            for (int i = corpus.start(s) + 1; i < end; i++) {
                int a = tokens[i - 1];
                if (a != tokens[i]) {
                    dst[next[a]++] = tokens[i];
                }
            }
        }
        int[] offsets = new int[n + 1];
        int edges = 0;
        for (int u = 0; u < n; u++) {
            Arrays.sort(dst, start[u], start[u + 1]);
            for (int i = start[u]; i < start[u + 1]; i++) {
                if (i == start[u] || dst[i] != dst[i - 1]) {
                    edges++;
                }
            }
            offsets[u + 1] = edges;
        }
        int[] targets = new int[edges];
        float[] weights = new float[edges];
        int e = -1;
        for (int u = 0; u < n; u++) {
            for (int i = start[u]; i < start[u + 1]; i++) {
                if (i == start[u] || dst[i] != dst[i - 1]) {
                    targets[++e] = dst[i];
                }
                weights[e]++;
            }
        }
        int[] counts = corpus.tokenCounts();
        double[] freq = new double[n];
        for (int i = 0; i < n; i++) {
            freq[i] = counts[i];
        }
        return new ItemGraph(corpus.vocabulary(), offsets, targets, weights, freq);
    }

    /**
     * Returns a builder of the item graph of {@code corpus} with a co-occurrence window, a minimum item support
     * and an edge weighting; at the {@code DEFAULT_*} values it builds exactly {@link #fromSequences}'s graph.
     * The pairs are counted source item by source item (an index of each item's positions and a dense row of counts
     * per source), so building holds the graph, twice while its rows are joined, and two {@code int}s per kept token,
     * never a map of all pairs.
     */
    public static SequenceBuilder sequenceBuilder(SequenceCorpus corpus) {
        return new SequenceBuilder(Objects.requireNonNull(corpus, "corpus"));
    }

    /** Returns a builder of a graph over {@code vocabulary}, for callers with their own edges. */
    public static Builder builder(IdIndex vocabulary) {
        return new Builder(Objects.requireNonNull(vocabulary, "vocabulary"));
    }

    private static long key(int u, int v) {
        return ((long) u << 32) | v;
    }

    private static ItemGraph fromPairs(IdIndex vocabulary, Long2DoubleOpenHashMap pairs, double[] frequency) {
        int n = vocabulary.size();
        long[] keys = new long[pairs.size()];
        int k = 0;
        for (Long2DoubleMap.Entry e : pairs.long2DoubleEntrySet()) {
            keys[k++] = e.getLongKey();
        }
        Arrays.sort(keys);
        int[] offsets = new int[n + 1];
        int[] targets = new int[keys.length];
        float[] weights = new float[keys.length];
        for (int i = 0; i < keys.length; i++) {
            int u = (int) (keys[i] >>> 32);
            offsets[u + 1]++;
            targets[i] = (int) keys[i];
            weights[i] = (float) pairs.get(keys[i]);
            if (weights[i] == 0f || Float.isInfinite(weights[i])) {
                throw new IllegalArgumentException("w: total weight " + pairs.get(keys[i]) + " of edge " + u + " -> "
                        + targets[i] + " is outside the positive float range");
            }
        }
        for (int u = 0; u < n; u++) {
            offsets[u + 1] += offsets[u];
        }
        return new ItemGraph(vocabulary, offsets, targets, weights, frequency);
    }

    /** Returns the vocabulary whose dense indices are the nodes. */
    public IdIndex vocabulary() {
        return vocabulary;
    }

    /** Returns the number of nodes, the vocabulary size (nodes without edges included). */
    public int numNodes() {
        return offsets.length - 1;
    }

    /** Returns the number of directed edges. */
    public int numEdges() {
        return targets.length;
    }

    /** Returns the number of out-edges of node {@code u}. */
    public int outDegree(int u) {
        check("u", u);
        return offsets[u + 1] - offsets[u];
    }

    /** Returns the targets of the out-edges of {@code u}, ascending (a copy). */
    public int[] neighbors(int u) {
        check("u", u);
        return Arrays.copyOfRange(targets, offsets[u], offsets[u + 1]);
    }

    /** Returns the weights of the out-edges of {@code u}, aligned with {@link #neighbors(int)} (a copy). */
    public float[] neighborWeights(int u) {
        check("u", u);
        return Arrays.copyOfRange(weights, offsets[u], offsets[u + 1]);
    }

    /** Returns whether the edge {@code u -> v} exists. */
    public boolean hasEdge(int u, int v) {
        check("u", u);
        check("v", v);
        return find(u, v) >= 0;
    }

    /** Returns the weight of the edge {@code u -> v}, or 0 if there is none. */
    public float weight(int u, int v) {
        check("u", u);
        check("v", v);
        int p = find(u, v);
        return p >= 0 ? weights[p] : 0f;
    }

    /** Returns the sum of the weights of the out-edges of {@code u}. */
    public double outWeight(int u) {
        check("u", u);
        double s = 0;
        for (int p = offsets[u]; p < offsets[u + 1]; p++) {
            s += weights[p];
        }
        return s;
    }

    /**
     * Returns the first-order transition probabilities out of {@code u}, weight over out-weight sum,
     * aligned with {@link #neighbors(int)}; empty for a node without out-edges.
     */
    public double[] transitionProbabilities(int u) {
        double total = outWeight(u);
        double[] p = new double[outDegree(u)];
        for (int i = 0; i < p.length; i++) {
            p[i] = weights[offsets[u] + i] / total;
        }
        return p;
    }

    /**
     * Returns the frequency of node {@code u}: its number of occurrences for a graph built
     * {@link #fromSequences from sequences}, else as set on the {@link Builder}.
     */
    public double frequency(int u) {
        check("u", u);
        return frequency[u];
    }

    /**
     * Returns the undirected version of this graph, as a directed graph with both {@code u -> v} and
     * {@code v -> u} for every edge: the weight of each direction is the sum of the weights of
     * {@code u -> v} and {@code v -> u} here (a self-loop keeps its weight). Frequencies are kept.
     */
    public ItemGraph undirected() {
        Long2DoubleOpenHashMap pairs = new Long2DoubleOpenHashMap(2 * targets.length);
        for (int u = 0; u < numNodes(); u++) {
            for (int p = offsets[u]; p < offsets[u + 1]; p++) {
                int v = targets[p];
                pairs.addTo(key(u, v), weights[p]);
                if (v != u) {
                    pairs.addTo(key(v, u), weights[p]);
                }
            }
        }
        return fromPairs(vocabulary, pairs, frequency);
    }

    @Override
    public String toString() {
        return "ItemGraph[" + numNodes() + " nodes, " + numEdges() + " edges]";
    }

    // ---- package-private views for the walkers (read-only by contract) ----

    int[] offsetsView() {
        return offsets;
    }

    int[] targetsView() {
        return targets;
    }

    float[] weightsView() {
        return weights;
    }

    /** Returns the CSR position of {@code u -> v}, or -1; no argument checks. */
    int find(int u, int v) {
        int p = Arrays.binarySearch(targets, offsets[u], offsets[u + 1], v);
        return p >= 0 ? p : -1;
    }

    private void check(String name, int node) {
        if (node < 0 || node >= numNodes()) {
            throw new IllegalArgumentException(name + ": node " + node + " is outside the vocabulary of " + numNodes());
        }
    }

    /**
     * Returns the item graph of a corpus ({@link ItemGraph#sequenceBuilder}). Setters only store; {@link #build()}
     * checks every value and names the one out of range. Not thread-safe.
     */
    public static final class SequenceBuilder {
        private final SequenceCorpus corpus;
        private int window = DEFAULT_WINDOW;
        private boolean bothDirections = DEFAULT_BOTH_DIRECTIONS;
        private EdgeWeighting weighting = DEFAULT_WEIGHTING;
        private int minSupport = DEFAULT_MIN_SUPPORT;
        private int threads = DEFAULT_THREADS;

        private SequenceBuilder(SequenceCorpus corpus) {
            this.corpus = corpus;
        }

        /**
         * Sets the co-occurrence window, at least 1 (default {@value ItemGraph#DEFAULT_WINDOW}): every pair
         * {@code (a, b)} with {@code b} at most {@code window} positions after {@code a} in a sequence counts once
         * for {@code a -> b}; 1 is consecutive pairs. An item's repeats ({@code a, a}) count nothing.
         */
        public SequenceBuilder withWindow(int window) {
            this.window = window;
            return this;
        }

        /**
         * Chooses whether each counted pair also counts for {@code b -> a} (default
         * {@value ItemGraph#DEFAULT_BOTH_DIRECTIONS}): true gives a symmetric co-occurrence graph without dead
         * ends.
         */
        public SequenceBuilder withBothDirections(boolean bothDirections) {
            this.bothDirections = bothDirections;
            return this;
        }

        /** Sets how pair counts become edge weights (default {@link ItemGraph#DEFAULT_WEIGHTING}, the count). */
        public SequenceBuilder withWeighting(EdgeWeighting weighting) {
            this.weighting = weighting;
            return this;
        }

        /**
         * Sets the minimum support, at least 1 (default {@value ItemGraph#DEFAULT_MIN_SUPPORT}): an item occurring
         * fewer times in the corpus is removed from the sequences before pairs are taken (as word2vec's
         * {@code minCount}), so it has no edge, starts no walk and gets no walk embedding; its frequency is 0.
         */
        public SequenceBuilder withMinSupport(int minSupport) {
            this.minSupport = minSupport;
            return this;
        }

        /**
         * Sets the number of threads counting the pairs, at least 1 (default {@link ItemGraph#DEFAULT_THREADS}: all
         * available processors); the graph does not depend on it.
         */
        public SequenceBuilder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Returns the graph. Node frequencies are the items' occurrence counts (0 below the minimum support).
         *
         * @throws NullPointerException     naming {@code weighting} if it is null
         * @throws IllegalArgumentException naming {@code window}, {@code minSupport} or {@code threads} if below 1
         */
        public ItemGraph build() {
            if (window < 1) {
                throw new IllegalArgumentException("window: " + window + ", must be >= 1");
            }
            if (minSupport < 1) {
                throw new IllegalArgumentException("minSupport: " + minSupport + ", must be >= 1");
            }
            Objects.requireNonNull(weighting, "weighting");
            Parallel.checkThreads(threads);
            if (window == 1 && !bothDirections && weighting == EdgeWeighting.COUNT && minSupport == 1) {
                return fromSequences(corpus);
            }
            int n = corpus.vocabulary().size();
            WindowPairs.Csr csr = WindowPairs.count(corpus, window, bothDirections, weighting, minSupport, threads);
            int[] counts = corpus.tokenCounts();
            double[] freq = new double[n];
            for (int i = 0; i < n; i++) {
                freq[i] = counts[i] >= minSupport ? counts[i] : 0;
            }
            return new ItemGraph(corpus.vocabulary(), csr.offsets, csr.targets, csr.weights, freq);
        }
    }

    /**
     * Returns {@link ItemGraph}s built edge by edge; not thread-safe. Like every builder of the library, it only
     * stores: {@link #build()} reports the first bad edge or frequency, naming the argument.
     */
    public static final class Builder {
        private final IdIndex vocabulary;
        private final Long2DoubleOpenHashMap pairs = new Long2DoubleOpenHashMap();
        private final double[] frequency;
        private String problem;

        private Builder(IdIndex vocabulary) {
            this.vocabulary = vocabulary;
            this.frequency = new double[vocabulary.size()];
            Arrays.fill(frequency, Double.NaN);
        }

        /**
         * Adds weight {@code w} to the edge {@code u -> v} (adding the same edge twice sums the weights).
         * A weight of 0 adds nothing; self-loops are allowed. {@code u} and {@code v} are dense indices of the
         * vocabulary and {@code w} is finite and at least 0, checked by {@link #build()}.
         */
        public Builder addEdge(int u, int v, double w) {
            if (problem != null) {
                return this;
            }
            problem = nodeProblem("u", u);
            if (problem == null) {
                problem = nodeProblem("v", v);
            }
            if (problem == null && (!(w >= 0) || Double.isInfinite(w))) {
                problem = "w: weight " + w + " of edge " + u + " -> " + v + " must be finite and >= 0";
            }
            if (problem == null && w > 0) {
                pairs.addTo(key(u, v), w);
            }
            return this;
        }

        /**
         * Sets the frequency of node {@code u} (the start-node weight under
         * {@link StartSelection#FREQUENCY}), finite and at least 0 (checked by {@link #build()}); a node whose
         * frequency is never set gets its out-weight sum, and a node set twice keeps the last value.
         */
        public Builder withFrequency(int u, double f) {
            if (problem != null) {
                return this;
            }
            problem = nodeProblem("u", u);
            if (problem == null && (!(f >= 0) || Double.isInfinite(f))) {
                problem = "f: frequency " + f + " of node " + u + " must be finite and >= 0";
            }
            if (problem == null) {
                frequency[u] = f;
            }
            return this;
        }

        /**
         * Returns the graph of the edges added so far (weights stored as {@code float}).
         *
         * @throws IllegalArgumentException naming the argument if an edge or frequency was given a node outside
         *     the vocabulary or a negative, NaN or infinite value ({@code "u: node 7 is outside the vocabulary of
         *     5"}), or naming {@code w} if an edge's total weight rounds to 0 or overflows as a float
         */
        public ItemGraph build() {
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            ItemGraph g = fromPairs(vocabulary, new Long2DoubleOpenHashMap(pairs), frequency.clone());
            double[] f = g.frequency;
            for (int u = 0; u < f.length; u++) {
                if (Double.isNaN(f[u])) {
                    f[u] = g.outWeight(u);
                }
            }
            return g;
        }

        private String nodeProblem(String name, int node) {
            return node < 0 || node >= vocabulary.size()
                    ? name + ": node " + node + " is outside the vocabulary of " + vocabulary.size() : null;
        }
    }
}
