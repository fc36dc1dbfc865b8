package org.recsys4j.rank.rerank;

import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Reranker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies re-rankers one after another, each to the previous one's output, and is itself a
 * {@link Reranker}: e.g. filter, de-duplicate, blend freshness, then diversify. Every stage but the last
 * returns at most its own {@code keep} (by default the whole list, so a filter early in the chain never
 * cuts what a later stage could use); the last stage is asked for {@code min(keep, k)}. Immutable and
 * thread-safe if its stages are.
 *
 * <pre>{@code
 * Reranker finish = RerankerChain.builder()
 *         .then(BusinessFilter.builder().withExcludeHistory(true).build())
 *         .then(DedupReranker.byAttribute(catalog, "productId"))       // one SKU per product
 *         .then(MmrReranker.builder(PairSimilarity.jaccard(catalog, "category")).withLambda(0.7).build())
 *         .build();
 * List<Candidate> page = finish.rerank(request, ranked, request.k());
 * }</pre>
 */
public final class RerankerChain implements Reranker {
    /**
     * One stage: a re-ranker and how many of its candidates go on.
     *
     * @param reranker the re-ranker
     * @param keep     the most candidates it may return, at least 1
     */
    public record Stage(Reranker reranker, int keep) {
        /** Checks the fields. */
        public Stage {
            Objects.requireNonNull(reranker, "reranker");
            if (keep < 1) {
                throw new IllegalArgumentException("keep: " + keep + ", must be >= 1 (stage " + reranker.name() + ")");
            }
        }
    }

    private final List<Stage> stages;

    private RerankerChain(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the stages, first first. */
    public List<Stage> stages() {
        return stages;
    }

    /** Returns the stages' names joined by {@code " > "}, e.g. {@code "filter > mmr"}. */
    @Override
    public String name() {
        return String.join(" > ", stages.stream().map(s -> s.reranker().name()).toList());
    }

    @Override
    public List<Candidate> rerank(RecRequest request, List<Candidate> ranked, int k) {
        List<Candidate> current = Rerankers.distinct(name(), ranked, k);
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            if (current.isEmpty()) {
                break;
            }
            int limit = s == stages.size() - 1 ? Math.min(stage.keep(), k) : stage.keep();
            current = stage.reranker().rerank(request, current, limit);
        }
        return current.size() <= k ? current : new ArrayList<>(current.subList(0, k));
    }

    @Override
    public String toString() {
        return "RerankerChain[" + name() + "]";
    }

    /** Builds a {@link RerankerChain}: {@link #then} records a stage, {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private final List<Reranker> rerankers = new ArrayList<>();
        private final List<Integer> keeps = new ArrayList<>();

        private Builder() {
        }

        /** Appends a stage that passes on everything it returns. */
        public Builder then(Reranker reranker) {
            return then(reranker, Integer.MAX_VALUE);
        }

        /** Appends a stage that passes on at most {@code keep} candidates (at least 1). */
        public Builder then(Reranker reranker, int keep) {
            rerankers.add(reranker);
            keeps.add(keep);
            return this;
        }

        /**
         * Returns the chain.
         *
         * @throws IllegalArgumentException if no stage was added or a stage keeps fewer than 1 candidate
         * @throws NullPointerException     if a re-ranker is null
         */
        public RerankerChain build() {
            if (rerankers.isEmpty()) {
                throw new IllegalArgumentException("stages: none, a re-ranker chain needs at least one");
            }
            List<Stage> stages = new ArrayList<>(rerankers.size());
            for (int i = 0; i < rerankers.size(); i++) {
                stages.add(new Stage(rerankers.get(i), keeps.get(i)));
            }
            return new RerankerChain(stages);
        }
    }
}
