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
 * Item-to-item recall over a precomputed {@link ItemNeighbors} table: item-CF
 * ({@link #itemCf}: the whole history, equal weights) and "more like your last N"
 * ({@link #moreLikeLastN}: the last {@code N} distinct items, decayed by recency).
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
 * ItemNeighbors table = ItemNeighbors.coOccurrence(liked, 50, ItemNeighbors.Similarity.COSINE, 2);
 * NeighborChannel cf = NeighborChannel.itemCf("item-cf", table);
 * NeighborChannel recent = NeighborChannel.moreLikeLastN("last-5", table, 5, 0.8);
 * }</pre>
 */
public final class NeighborChannel implements CandidateSource {
    private final String name;
    private final ItemNeighbors table;
    private final int window;
    private final double decay;

    private NeighborChannel(String name, ItemNeighbors table, int window, double decay) {
        this.name = Channels.checkName(name);
        this.table = Objects.requireNonNull(table, "table");
        this.window = Channels.checkAtLeast("n", window, 1);
        this.decay = Channels.checkDecay("decay", decay);
    }

    /**
     * Returns the item-CF channel: the sum, over the whole history, of each history item's neighbour
     * weights.
     *
     * @param name  the channel name
     * @param table the neighbour table (e.g. co-occurrence cosine)
     */
    public static NeighborChannel itemCf(String name, ItemNeighbors table) {
        return new NeighborChannel(name, table, Integer.MAX_VALUE, 1);
    }

    /**
     * Returns the "more like your last N" channel: the neighbours of the last {@code n} distinct history
     * items, the {@code r}-th most recent weighted {@code decay^r}.
     *
     * @param name  the channel name
     * @param table the neighbour table (co-occurrence, or embedding neighbours from {@link ItemNeighbors#fromIndex})
     * @param n     how many recent items, at least 1
     * @param decay the weight ratio between consecutive items, in (0, 1]
     */
    public static NeighborChannel moreLikeLastN(String name, ItemNeighbors table, int n, double decay) {
        return new NeighborChannel(name, table, n, decay);
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
}
