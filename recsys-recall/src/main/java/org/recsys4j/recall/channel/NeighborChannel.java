package org.recsys4j.recall.channel;

import it.unimi.dsi.fastutil.ints.Int2DoubleMap;
import it.unimi.dsi.fastutil.ints.Int2DoubleOpenHashMap;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.util.IntDoubleTopK;

import java.util.List;
import java.util.Objects;

/**
 * Item-to-item recall over a precomputed {@link ItemNeighbors} table: item-CF (the defaults: the whole
 * history, equal weights) and "more like your last N" ({@link Builder#withWindow withWindow(N)} and
 * {@link Builder#withRecencyDecay a recency decay}: the last {@code N} distinct items, decayed by recency).
 *
 * <p>Rule: take the request's distinct history items, most recent first, the {@code r}-th weighted
 * {@code decay^r}, keeping the last {@code window}; a request with a seed item uses the seed alone
 * (weight 1) instead. Each candidate {@code c} scores
 * <pre>
 *   score(c) = Σ_r decay^r · w(h_r, c)
 * </pre>
 * over the kept items {@code h_r} that have {@code c} among their neighbours, {@code w} being the
 * neighbour weight of the table. History items themselves are candidates only if the request does not
 * exclude them. A request without seed and history gets an empty list.
 *
 * <pre>{@code
 * ItemNeighbors table = ItemNeighbors.builder(liked).withNeighbors(50).build();
 * NeighborChannel cf = NeighborChannel.builder(table).withName("item-cf").build();
 * NeighborChannel recent = NeighborChannel.builder(table).withName("last-5").withWindow(5).withRecencyDecay(0.8)
 *         .build();
 * }</pre>
 */
public final class NeighborChannel implements CandidateSource {
    /** The default channel name. */
    public static final String DEFAULT_NAME = "item-cf";
    /** The default number of distinct recent history items used: all of them (item-CF). */
    public static final int DEFAULT_WINDOW = Integer.MAX_VALUE;
    /** The default weight ratio between consecutive history items (1: equal weights, item-CF). */
    public static final double DEFAULT_RECENCY_DECAY = 1.0;

    private final String name;
    private final ItemNeighbors table;
    private final int window;
    private final double decay;

    private NeighborChannel(Builder b) {
        this.name = b.name;
        this.table = b.table;
        this.window = b.window;
        this.decay = b.decay;
    }

    /**
     * Returns a builder of a channel over a neighbour table; the options start at the {@code DEFAULT_*} values,
     * which make the item-CF channel. The table is checked by {@link Builder#build()}.
     *
     * @param table the neighbour table (co-occurrence, or embedding neighbours from
     *              {@link ItemNeighbors#builder(org.recsys4j.recall.index.VectorIndex,
     *              org.recsys4j.core.data.EmbeddingTable, org.recsys4j.core.data.IdIndex)})
     * @return the builder
     */
    public static Builder builder(ItemNeighbors table) {
        return new Builder(table);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        Channels.check(request, limit);
        int[] items;
        double[] weights;
        if (request.seedItem().isPresent()) {
            items = new int[] {request.seedItem().getAsInt()};
            weights = new double[] {1};
        } else {
            HistoryWeights h = HistoryWeights.of(request, window, decay, table.numItems());
            items = h.items();
            weights = h.weights();
        }
        Int2DoubleOpenHashMap score = new Int2DoubleOpenHashMap();
        int ops = 0;
        for (int r = 0; r < items.length; r++) {
            if (items[r] >= table.numItems()) {
                continue;
            }
            for (int p = table.start(items[r]), end = table.end(items[r]); p < end; p++) {
                Channels.checkDeadline(ops++, request, name);
                int c = table.neighborAt(p);
                if (!request.excludes(c)) {
                    score.addTo(c, weights[r] * table.weightAt(p));
                }
            }
        }
        IntDoubleTopK top = new IntDoubleTopK(Math.min(limit, score.size()));
        for (Int2DoubleMap.Entry e : score.int2DoubleEntrySet()) {
            Channels.checkDeadline(ops++, request, name);
            top.offer(e.getIntKey(), e.getDoubleValue());
        }
        return Channels.drain(name, top);
    }

    @Override
    public String toString() {
        return "NeighborChannel[" + name + ", window " + window + ", decay " + decay + "]";
    }

    /**
     * Configures a {@link NeighborChannel}. Setters only store; {@link #build()} checks every value and names
     * the one that is wrong. Not thread-safe.
     */
    public static final class Builder {
        private final ItemNeighbors table;
        private String name = DEFAULT_NAME;
        private int window = DEFAULT_WINDOW;
        private double decay = DEFAULT_RECENCY_DECAY;

        private Builder(ItemNeighbors table) {
            this.table = table;
        }

        /**
         * Sets the channel name, not blank (default {@value NeighborChannel#DEFAULT_NAME}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder withName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets how many distinct recent history items are used, at least 1 (default
         * {@value NeighborChannel#DEFAULT_WINDOW}: all of them).
         *
         * @param n the number of items
         * @return this builder
         */
        public Builder withWindow(int n) {
            this.window = n;
            return this;
        }

        /**
         * Sets the weight ratio between consecutive history items, in (0, 1] (default
         * {@value NeighborChannel#DEFAULT_RECENCY_DECAY}: equal weights).
         *
         * @param decay the ratio
         * @return this builder
         */
        public Builder withRecencyDecay(double decay) {
            this.decay = decay;
            return this;
        }

        /**
         * Returns the channel.
         *
         * @return the channel
         * @throws NullPointerException     naming {@code table} if it is null
         * @throws IllegalArgumentException naming the option that is wrong: a blank name, a window below 1 or a
         *                                  decay outside (0, 1]
         */
        public NeighborChannel build() {
            Objects.requireNonNull(table, "table");
            Channels.checkName(name);
            Channels.checkAtLeast("window", window, 1);
            Channels.checkDecay("recencyDecay", decay);
            return new NeighborChannel(this);
        }
    }
}
