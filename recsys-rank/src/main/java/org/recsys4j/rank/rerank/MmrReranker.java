package org.recsys4j.rank.rerank;

import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Reranker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Maximal marginal relevance (Carbonell and Goldstein, "The use of MMR, diversity-based reranking for
 * reordering documents and producing summaries", SIGIR 1998): builds the list greedily, each step taking
 * the remaining candidate with the largest
 * <pre>{@code λ·rel(i) − (1−λ)·max_{j chosen} sim(i, j)}</pre>
 * (the max is 0 while nothing is chosen, so the first pick is the most relevant item). {@code rel} is
 * the candidate's score min-max scaled to [0, 1] over the input's finite scores (best 1, worst 0; all
 * equal give 1; {@code -Infinity} and NaN give 0), so that relevance and a similarity in [0, 1] are on one
 * scale. {@code λ = 1} keeps the input order; {@code λ = 0} picks only for dissimilarity. Ties go to the
 * candidate ranked higher in the input.
 *
 * <p>Similarity by category ({@link PairSimilarity#jaccard(org.recsys4j.core.data.ItemCatalog, String)}, over any categorical
 * attribute) or by embedding
 * ({@link PairSimilarity#cosine}). The candidates keep their scores (the relevance the ranker gave); only
 * the order changes. Costs {@code O(n·k)} similarity evaluations. Immutable and thread-safe.
 *
 * <pre>{@code
 * Reranker mmr = MmrReranker.builder(PairSimilarity.jaccard(catalog, "category")).withLambda(0.7).build();
 * List<Candidate> diverse = mmr.rerank(request, ranked, 10);
 * }</pre>
 */
public final class MmrReranker implements Reranker {
    /** The default weight of relevance against diversity. */
    public static final double DEFAULT_LAMBDA = 0.7;

    private final double lambda;
    private final PairSimilarity similarity;

    private MmrReranker(double lambda, PairSimilarity similarity) {
        this.lambda = lambda;
        this.similarity = similarity;
    }

    /**
     * Returns a builder of MMR re-rankers.
     *
     * @param similarity the item-item similarity
     */
    public static Builder builder(PairSimilarity similarity) {
        return new Builder(similarity);
    }

    @Override
    public String name() {
        return "mmr";
    }

    /** Returns λ, the weight of relevance. */
    public double lambda() {
        return lambda;
    }

    @Override
    public List<Candidate> rerank(RecRequest request, List<Candidate> ranked, int k) {
        List<Candidate> in = Rerankers.distinct(name(), ranked, k);
        int n = in.size();
        int m = Math.min(k, n);
        double[] rel = Rerankers.normalisedScores(in);
        double[] maxSim = new double[n];
        Arrays.fill(maxSim, Double.NEGATIVE_INFINITY);
        boolean[] taken = new boolean[n];
        List<Candidate> out = new ArrayList<>(m);
        for (int step = 0; step < m; step++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (taken[i]) {
                    continue;
                }
                double penalty = step == 0 ? 0 : maxSim[i];
                double value = lambda * rel[i] - (1 - lambda) * penalty;
                if (best < 0 || value > bestValue) {
                    best = i;
                    bestValue = value;
                }
            }
            taken[best] = true;
            Candidate chosen = in.get(best);
            out.add(chosen);
            if (step + 1 < m) {
                for (int i = 0; i < n; i++) {
                    if (!taken[i]) {
                        double s = similarity.similarity(in.get(i).item(), chosen.item());
                        if (s > maxSim[i]) {
                            maxSim[i] = s;
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "MmrReranker[λ=" + lambda + "]";
    }

    /** Builds an {@link MmrReranker}: the setters only record, {@link #build()} checks. Not thread-safe. */
    public static final class Builder {
        private final PairSimilarity similarity;
        private double lambda = DEFAULT_LAMBDA;

        private Builder(PairSimilarity similarity) {
            this.similarity = similarity;
        }

        /** Sets λ, the weight of relevance against diversity, in [0, 1] (default {@value MmrReranker#DEFAULT_LAMBDA}). */
        public Builder withLambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        /**
         * Returns the re-ranker.
         *
         * @throws NullPointerException     if the similarity is null
         * @throws IllegalArgumentException if λ is outside [0, 1] or NaN
         */
        public MmrReranker build() {
            Objects.requireNonNull(similarity, "similarity");
            if (!(lambda >= 0 && lambda <= 1)) {
                throw new IllegalArgumentException("lambda: " + lambda + ", must be in [0, 1]");
            }
            return new MmrReranker(lambda, similarity);
        }
    }
}
