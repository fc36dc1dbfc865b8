package org.recsys4j.rank.rerank;

import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Reranker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Mixes signals into the ranker's score and re-sorts: each candidate gets
 * <pre>{@code score' = rel(i) + Σ_t w_t · term_t(i)}</pre>
 * where {@code rel} is the score min-max scaled to [0, 1] over the input's finite scores (best 1, worst
 * 0, all equal 1; {@code -Infinity} and NaN give 0) and each {@link BlendTerm} is in [0, 1], e.g.
 * freshness {@code 0.5^(age / halfLife)} or log popularity. A negative weight penalises the signal (a
 * long-tail boost with popularity). The list is sorted by {@code score'}, best first (ties keep the input
 * order), cut to {@code k}, and the candidates carry {@code score'}. Immutable and thread-safe.
 *
 * <pre>{@code
 * Reranker blend = BlendReranker.builder()
 *         .add(BlendTerm.freshness(catalog, "listed", Clock.systemUTC(), Duration.ofDays(30)), 0.2)
 *         .add(BlendTerm.popularity(train.itemCounts()), 0.1)
 *         .build();
 * }</pre>
 */
public final class BlendReranker implements Reranker {
    private final BlendTerm[] terms;
    private final double[] weights;

    private BlendReranker(Builder b) {
        this.terms = b.terms.toArray(new BlendTerm[0]);
        this.weights = b.weights.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Returns an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "blend";
    }

    /**
     * Returns the blended score of one item, given its relevance in [0, 1].
     *
     * @param item      a dense item index
     * @param relevance the item's scaled score
     */
    public double blend(int item, double relevance) {
        double s = relevance;
        for (int t = 0; t < terms.length; t++) {
            s += weights[t] * terms[t].value().applyAsDouble(item);
        }
        return s;
    }

    @Override
    public List<Candidate> rerank(RecRequest request, List<Candidate> ranked, int k) {
        List<Candidate> in = Rerankers.distinct(name(), ranked, k);
        int n = in.size();
        double[] rel = Rerankers.normalisedScores(in);
        double[] blended = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            blended[i] = blend(in.get(i).item(), rel[i]);
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> blended[i]).reversed());
        int m = Math.min(k, n);
        List<Candidate> out = new ArrayList<>(m);
        for (int r = 0; r < m; r++) {
            out.add(in.get(order[r]).withScore(blended[order[r]]));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("BlendReranker[rel");
        for (int t = 0; t < terms.length; t++) {
            sb.append(" + ").append(weights[t]).append('·').append(terms[t].name());
        }
        return sb.append(']').toString();
    }

    /** Builds a {@link BlendReranker}: {@link #add} records a term, {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private final List<BlendTerm> terms = new ArrayList<>();
        private final List<Double> weights = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a term with its weight.
         *
         * @param term   the signal
         * @param weight finite; negative penalises the signal
         */
        public Builder add(BlendTerm term, double weight) {
            terms.add(term);
            weights.add(weight);
            return this;
        }

        /**
         * Returns the re-ranker.
         *
         * @throws IllegalArgumentException if no term was added or a weight is not finite (naming the term)
         * @throws NullPointerException     if a term is null
         */
        public BlendReranker build() {
            if (terms.isEmpty()) {
                throw new IllegalArgumentException("terms: none, a blend needs at least one");
            }
            for (int t = 0; t < terms.size(); t++) {
                BlendTerm term = Objects.requireNonNull(terms.get(t), "term");
                if (!Double.isFinite(weights.get(t))) {
                    throw new IllegalArgumentException("weight of term " + term.name() + ": " + weights.get(t)
                            + ", must be finite");
                }
            }
            return new BlendReranker(this);
        }
    }
}
