package org.recsys4j.recall.channel;

import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.util.IntDoubleTopK;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A ranker used as a recall channel: every item of the catalogue the request admits is scored by the
 * {@link Ranker}, and the best {@code limit} are returned, best first (ties by the lower item index; items
 * scored NaN or infinite are left out). With a matrix-factorisation ranker this is the usual "MF recall"
 * channel: a pipeline that ranks with the same model then sees that model's own best items, whatever the
 * other channels returned.
 *
 * <p>A request costs one {@link Ranker#score} call per block of {@value #BLOCK} admissible items, so
 * {@code O(items)} scores (a dot product each for a factor model); the request's deadline is checked between
 * blocks. Thread-safe if the ranker is.
 *
 * <pre>{@code
 * CandidateSource mf = RankerChannel.of(alsRanker, ratings.numItems());
 * List<Candidate> best = mf.recall(request, 300);
 * }</pre>
 */
public final class RankerChannel implements CandidateSource {
    /** The items scored per {@link Ranker#score} call. */
    public static final int BLOCK = 4096;

    private final String name;
    private final Ranker ranker;
    private final int numItems;

    private RankerChannel(String name, Ranker ranker, int numItems) {
        this.name = name;
        this.ranker = ranker;
        this.numItems = numItems;
    }

    /**
     * Returns a channel named after the ranker.
     *
     * @param ranker   the ranker, asked to score every admissible item
     * @param numItems the catalogue size: items {@code 0 .. numItems-1} are candidates
     * @throws IllegalArgumentException if {@code numItems} is negative
     */
    public static RankerChannel of(Ranker ranker, int numItems) {
        return of(Objects.requireNonNull(ranker, "ranker").name(), ranker, numItems);
    }

    /**
     * Returns a channel with its own name.
     *
     * @param name     the channel name, written into the candidates' provenance
     * @param ranker   the ranker, asked to score every admissible item
     * @param numItems the catalogue size: items {@code 0 .. numItems-1} are candidates
     * @throws IllegalArgumentException if the name is blank or {@code numItems} is negative
     */
    public static RankerChannel of(String name, Ranker ranker, int numItems) {
        Channels.checkName(name);
        Objects.requireNonNull(ranker, "ranker");
        if (numItems < 0) {
            throw new IllegalArgumentException("numItems = " + numItems + ": must be at least 0");
        }
        return new RankerChannel(name, ranker, numItems);
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the ranker that scores the items. */
    public Ranker ranker() {
        return ranker;
    }

    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        Objects.requireNonNull(request, "request");
        if (limit < 1) {
            throw new IllegalArgumentException("limit = " + limit + ": must be at least 1");
        }
        IntDoubleTopK top = new IntDoubleTopK(Math.min(limit, Math.max(1, numItems)));
        int[] block = new int[Math.min(BLOCK, Math.max(1, numItems))];
        double[] scores = new double[block.length];
        int item = 0;
        while (item < numItems) {
            request.deadline().check();
            int n = 0;
            for (; item < numItems && n < block.length; item++) {
                if (!request.excludes(item)) {
                    block[n++] = item;
                }
            }
            if (n == 0) {
                break;
            }
            int[] items = n == block.length ? block : Arrays.copyOf(block, n);
            Arrays.fill(scores, 0, n, Double.NaN);
            ranker.score(request, CandidateBatch.ofItems(items), scores);
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(scores[i])) {
                    top.offer(items[i], scores[i]);
                }
            }
        }
        return Channels.drain(name, top);
    }

    @Override
    public String toString() {
        return "RankerChannel[" + name + ", " + numItems + " items]";
    }
}
