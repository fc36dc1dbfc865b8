package org.recsys4j.core.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The candidates one {@link Ranker} scores in one call, as a read-only batch: their dense item indices
 * in one array (what a model, a vector table or a feature store's multi-get takes), the score each
 * candidate carried into the ranker, and each candidate's provenance (the recall channels that found it,
 * with the channel's raw score and rank).
 *
 * <p>{@link RankingChain} builds one batch per stage from its candidate list (one {@code int[]} and one
 * {@code double[]}; the provenance lists are the candidates' own, not copied) and every ranker of the
 * stage reads the same arrays: a ranker that needs only the items pays nothing more than it did for a
 * bare {@code int[]}, and one that uses provenance or recall scores finds them by position.
 *
 * <pre>{@code
 * public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
 *     Ranker.checkScoreArguments(request, candidates, scores);
 *     model.score(candidates.items(), scores);                        // batch-first
 *     for (int i = 0; i < candidates.size(); i++) {
 *         if (candidates.source(i, "trending").isPresent()) {
 *             scores[i] += 0.1;                                       // a channel boost
 *         }
 *     }
 * }
 * }</pre>
 *
 * Immutable (the arrays handed out by {@link #items()} are shared and must not be modified) and safe
 * to read from many threads.
 */
public final class CandidateBatch {
    private static final CandidateBatch EMPTY = new CandidateBatch(new int[0], new double[0], null);

    private final int[] items;
    private final double[] scores;
    private final List<Candidate> candidates;   // null: built from bare items, no provenance

    private CandidateBatch(int[] items, double[] scores, List<Candidate> candidates) {
        this.items = items;
        this.scores = scores;
        this.candidates = candidates;
    }

    /**
     * Returns a batch of these candidates, in their order: their items, scores and provenance.
     *
     * @param candidates the candidates (the list is kept, not copied: it must not change afterwards)
     * @throws NullPointerException if the list or one of its candidates is null
     */
    public static CandidateBatch of(List<Candidate> candidates) {
        Objects.requireNonNull(candidates, "candidates");
        int n = candidates.size();
        if (n == 0) {
            return EMPTY;
        }
        int[] items = new int[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            Candidate c = Objects.requireNonNull(candidates.get(i), "candidates[" + i + "]");
            items[i] = c.item();
            scores[i] = c.score();
        }
        return new CandidateBatch(items, scores, candidates);
    }

    /**
     * Returns a batch of bare items without provenance (for a caller outside a pipeline, e.g. a model
     * server scoring a list of item indices): every {@link #score(int) score} is {@code NaN} and every
     * {@link #sources(int) provenance list} empty.
     *
     * @param items dense item indices (copied); the ranker decides what an unknown index scores
     */
    public static CandidateBatch ofItems(int... items) {
        Objects.requireNonNull(items, "items");
        if (items.length == 0) {
            return EMPTY;
        }
        double[] scores = new double[items.length];
        Arrays.fill(scores, Double.NaN);
        return new CandidateBatch(items.clone(), scores, null);
    }

    /** Returns the number of candidates. */
    public int size() {
        return items.length;
    }

    /** Returns true if the batch holds no candidate. */
    public boolean isEmpty() {
        return items.length == 0;
    }

    /** Returns the dense item index of candidate {@code i}. */
    public int item(int i) {
        return items[i];
    }

    /**
     * Returns the candidates' dense item indices in batch order: the array itself, shared by every reader
     * of the batch, so it must not be modified.
     */
    public int[] items() {
        return items;
    }

    /**
     * Returns the score candidate {@code i} carried into this ranker: the merged recall score (e.g. the
     * weighted reciprocal-rank fusion of {@code MultiChannelRecall}) before the first ranker of a chain,
     * the previous ranker's score after that; {@code NaN} for a batch of {@link #ofItems bare items}.
     */
    public double score(int i) {
        return scores[i];
    }

    /**
     * Returns the provenance of candidate {@code i}: one entry per recall channel that found it, with the
     * channel's raw score and 0-based rank (empty for an item that did not come from recall, e.g. a
     * fallback list, and for a batch of bare items).
     */
    public List<Provenance> sources(int i) {
        Objects.checkIndex(i, items.length);
        return candidates == null ? List.of() : candidates.get(i).sources();
    }

    /**
     * Returns the provenance of candidate {@code i} from one channel, if that channel recalled it.
     *
     * @param i       the candidate's position in the batch
     * @param channel a channel name ({@link CandidateSource#name()})
     */
    public Optional<Provenance> source(int i, String channel) {
        Objects.requireNonNull(channel, "channel");
        for (Provenance p : sources(i)) {
            if (p.channel().equals(channel)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Returns candidate {@code i} as a {@link Candidate} (item, score, provenance). */
    public Candidate candidate(int i) {
        Objects.checkIndex(i, items.length);
        return candidates != null ? candidates.get(i) : new Candidate(items[i], scores[i], List.of());
    }

    /**
     * Returns candidates {@code [from, to)} as a batch of their own (copied; for a ranker that hands a
     * part of its batch to another, e.g. a fallback ranker for a failed model batch).
     *
     * @throws IndexOutOfBoundsException if the range is not within the batch
     */
    public CandidateBatch slice(int from, int to) {
        Objects.checkFromToIndex(from, to, items.length);
        if (from == 0 && to == items.length) {
            return this;
        }
        return new CandidateBatch(Arrays.copyOfRange(items, from, to), Arrays.copyOfRange(scores, from, to),
                candidates == null ? null : List.copyOf(candidates.subList(from, to)));
    }

    @Override
    public String toString() {
        int shown = Math.min(items.length, 10);
        StringBuilder b = new StringBuilder("CandidateBatch[").append(items.length).append(" items: ");
        for (int i = 0; i < shown; i++) {
            b.append(i == 0 ? "" : ", ").append(items[i]);
        }
        return b.append(items.length > shown ? ", ...]" : "]").toString();
    }
}
