package org.recsys4j.core.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Rankers applied one after another, each keeping only its best candidates for the next: e.g. a
 * cheap similarity ranker cuts 1000 recalled items to 200 and a trained model orders those 200.
 * Immutable and thread-safe if its rankers are.
 *
 * <p>Each stage scores the whole current list in one {@link Ranker#score} call (a {@link CandidateBatch}
 * of the list: items, the scores they carry in, provenance), then sorts it by the
 * new score, best first (ties keep the previous order, so equal scores never reshuffle; a
 * {@code NaN} score sorts last), and keeps the first {@code keep} candidates. The returned candidates
 * carry the last stage's scores and their original provenance. Before each stage the request's
 * {@link RecRequest#deadline() deadline} is checked, so a late chain stops between rankers (and inside
 * rankers that check it themselves).
 *
 * <pre>{@code
 * RankingChain chain = RankingChain.builder()
 *         .then(similarityRanker, 200)
 *         .then(deepFm, Integer.MAX_VALUE)
 *         .build();
 * List<Candidate> ranked = chain.rank(request, recalled);
 * }</pre>
 */
public final class RankingChain {
    /** One stage: a ranker and how many of its best candidates go on. */
    public record Stage(Ranker ranker, int keep) {
        /** Checks the fields. */
        public Stage {
            Objects.requireNonNull(ranker, "ranker");
            if (keep < 1) {
                throw new IllegalArgumentException("keep: " + keep + ", must be >= 1 (stage " + ranker.name() + ")");
            }
        }
    }

    private final List<Stage> stages;

    private RankingChain(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    /** Returns a chain of a single ranker that keeps every candidate. */
    public static RankingChain of(Ranker ranker) {
        return builder().then(ranker, Integer.MAX_VALUE).build();
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the stages, first first. */
    public List<Stage> stages() {
        return stages;
    }

    /** Returns the rankers' names joined by {@code " > "}, e.g. {@code "cosine > deepfm"}. */
    public String name() {
        return String.join(" > ", stages.stream().map(s -> s.ranker().name()).toList());
    }

    /**
     * Returns the candidates re-scored and ordered by the last stage (the input is not modified).
     *
     * @param request    the request
     * @param candidates recalled candidates
     */
    public List<Candidate> rank(RecRequest request, List<Candidate> candidates) {
        List<Candidate> current = candidates;
        for (Stage stage : stages) {
            request.deadline().check(stage.ranker().name());
            current = rankStage(stage.ranker(), request, current, stage.keep());
        }
        return current == candidates ? List.copyOf(candidates) : current;
    }

    /**
     * Returns the best {@code keep} candidates by one ranker's scores (scored in one batch), best
     * first, ties in input order.
     */
    public static List<Candidate> rankStage(Ranker ranker, RecRequest request, List<Candidate> candidates, int keep) {
        CandidateBatch batch = CandidateBatch.of(candidates);
        int n = batch.size();
        double[] scores = new double[n];
        Arrays.fill(scores, Double.NaN);
        ranker.score(request, batch, scores);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> Double.isNaN(scores[i]) ? Double.NEGATIVE_INFINITY : scores[i])
                .reversed());
        int m = Math.min(n, keep);
        List<Candidate> out = new ArrayList<>(m);
        for (int r = 0; r < m; r++) {
            int i = order[r];
            out.add(candidates.get(i).withScore(scores[i]));
        }
        return out;
    }

    /** Builds a {@link RankingChain}; {@link #then} only stores, {@link #build()} checks. */
    public static final class Builder {
        private final List<Ranker> rankers = new ArrayList<>();
        private final List<Integer> keeps = new ArrayList<>();

        private Builder() {
        }

        /** Appends a stage that keeps the ranker's best {@code keep} candidates ({@code keep >= 1}). */
        public Builder then(Ranker ranker, int keep) {
            rankers.add(ranker);
            keeps.add(keep);
            return this;
        }

        /**
         * Returns the chain.
         *
         * @throws IllegalArgumentException if no stage was added, or a stage keeps fewer than 1 candidate
         * @throws NullPointerException     if a ranker is null
         */
        public RankingChain build() {
            if (rankers.isEmpty()) {
                throw new IllegalArgumentException("stages: none; a ranking chain needs at least one");
            }
            List<Stage> stages = new ArrayList<>(rankers.size());
            for (int i = 0; i < rankers.size(); i++) {
                stages.add(new Stage(Objects.requireNonNull(rankers.get(i), "ranker of stage " + i), keeps.get(i)));
            }
            return new RankingChain(stages);
        }
    }
}
