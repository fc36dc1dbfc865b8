package org.recsys4j.recall.channel;

import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.util.IntDoubleTopK;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A channel that serves one global ranking computed at build time (the same list for every user):
 * the top-rated, newest and plain-popularity channels are instances. A request walks the list from the
 * top and skips the items it excludes, so serving costs {@code O(limit + excluded items met)}.
 *
 * <p>The ranking holds every item with a finite score, ordered by score (higher first), ties by the
 * lower item index. Immutable and thread-safe.
 *
 * <pre>{@code
 * RankedListChannel top = TopRated.builder(10).withMinCount(5).build().fit(ratings);
 * List<Candidate> c = top.recall(request, 100);
 * }</pre>
 */
public final class RankedListChannel implements CandidateSource {
    private final String name;
    private final int[] items;
    private final double[] scores;
    private final double[] scoreOfItem;

    private RankedListChannel(String name, int[] items, double[] scores, double[] scoreOfItem) {
        this.name = name;
        this.items = items;
        this.scores = scores;
        this.scoreOfItem = scoreOfItem;
    }

    /**
     * Returns a channel ranking the items by {@code scoreOfItem[item]}; items whose score is NaN or
     * infinite are left out (e.g. below a minimum count, or without a value of the attribute ranked by).
     *
     * @param name        the channel name
     * @param scoreOfItem one score per dense item index (copied)
     */
    public static RankedListChannel of(String name, double[] scoreOfItem) {
        Channels.checkName(name);
        Objects.requireNonNull(scoreOfItem, "scoreOfItem");
        int n = 0;
        for (double s : scoreOfItem) {
            if (Double.isFinite(s)) {
                n++;
            }
        }
        IntDoubleTopK top = new IntDoubleTopK(n);
        for (int i = 0; i < scoreOfItem.length; i++) {
            if (Double.isFinite(scoreOfItem[i])) {
                top.offer(i, scoreOfItem[i]);
            }
        }
        int[] items = new int[n];
        double[] scores = new double[n];
        top.drain(items, scores);
        return new RankedListChannel(name, items, scores, scoreOfItem.clone());
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the number of ranked items (those with a finite score). */
    public int size() {
        return items.length;
    }

    /** Returns the score of an item, NaN (or the infinite value given) if it is not ranked. */
    public double score(int item) {
        return item >= 0 && item < scoreOfItem.length ? scoreOfItem[item] : Double.NaN;
    }

    /** Returns a copy of the ranked items, best first. */
    public int[] ranking() {
        return items.clone();
    }

    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        Channels.check(request, limit);
        List<Candidate> out = new ArrayList<>(Math.min(limit, items.length));
        for (int p = 0; p < items.length && out.size() < limit; p++) {
            Channels.checkDeadline(p, request, name);
            int item = items[p];
            if (!request.excludes(item)) {
                out.add(Candidate.of(item, name, scores[p], out.size()));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "RankedListChannel[" + name + ", " + items.length + " items]";
    }
}
