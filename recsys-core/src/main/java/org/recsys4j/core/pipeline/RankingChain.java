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
 * <p><b>A ranker that scores nothing does not rank.</b> A stage whose ranker gives no candidate a finite
 * score (a matrix-factorisation ranker for a user without factors or history, a model that falls back for
 * every row) would only shuffle the list by its fallback value: it keeps the previous order and scores
 * (cut to its {@code keep}), is left out of {@link Ranked#ranker()}, and says so in {@link Ranked#notes()}.
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
     * The outcome of {@link #rankReported}.
     *
     * @param candidates the candidates re-scored and ordered by the last stage that scored
     * @param ranker     the names of the stages that scored (gave at least one candidate a finite score), joined by
     *                   {@code " > "}, or {@code "none"} if none did
     * @param notes      one line per stage that scored no candidate, e.g.
     *                   {@code "rank: ials-dot scored none of the 120 candidates (no finite score, ...), kept the previous order"}
     */
    public record Ranked(List<Candidate> candidates, String ranker, List<String> notes) {
        /** Freezes the lists. */
        public Ranked {
            candidates = List.copyOf(candidates);
            Objects.requireNonNull(ranker, "ranker");
            notes = List.copyOf(notes);
        }
    }

    /**
     * Returns the candidates re-scored and ordered by the last stage (the input is not modified).
     *
     * @param request    the request
     * @param candidates recalled candidates
     */
    public List<Candidate> rank(RecRequest request, List<Candidate> candidates) {
        return rankReported(request, candidates).candidates();
    }

    /**
     * Ranks like {@link #rank} and reports which rankers scored: a stage whose ranker gives no candidate a
     * finite score keeps the previous order and scores (see the class comment).
     *
     * @param request    the request
     * @param candidates recalled candidates
     */
    public Ranked rankReported(RecRequest request, List<Candidate> candidates) {
        List<Candidate> current = candidates;
        List<String> ran = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Stage stage : stages) {
            request.deadline().check(stage.ranker().name());
            List<Candidate> next = rankStageIfScored(stage.ranker(), request, current, stage.keep(), notes);
            if (next == null) {
                current = current.size() > stage.keep() ? current.subList(0, stage.keep()) : current;
            } else {
                current = next;
                ran.add(stage.ranker().name());
            }
        }
        return new Ranked(current, ran.isEmpty() ? "none" : String.join(" > ", ran), notes);
    }

    /**
     * Returns the best {@code keep} candidates by one ranker's scores (scored in one batch), best
     * first, ties in input order.
     */
    public static List<Candidate> rankStage(Ranker ranker, RecRequest request, List<Candidate> candidates, int keep) {
        return rankStage(ranker, request, candidates, keep, false, null);
    }

    /** Ranks one stage, or returns null (with a note) if the ranker gave no candidate a finite score. */
    private static List<Candidate> rankStageIfScored(Ranker ranker, RecRequest request, List<Candidate> candidates, int keep,
                                                     List<String> notes) {
        return rankStage(ranker, request, candidates, keep, true, notes);
    }

    private static List<Candidate> rankStage(Ranker ranker, RecRequest request, List<Candidate> candidates, int keep,
                                             boolean onlyIfScored, List<String> notes) {
        CandidateBatch batch = CandidateBatch.of(candidates);
        int n = batch.size();
        double[] scores = new double[n];
        Arrays.fill(scores, Double.NaN);
        ranker.score(request, batch, scores);
        if (onlyIfScored && n > 0) {
            boolean any = false;
            for (int i = 0; i < n && !any; i++) {
                any = Double.isFinite(scores[i]);
            }
            if (!any) {
                notes.add("rank: " + ranker.name() + " scored none of the " + n + " candidates (no finite score, e.g. "
                        + "nothing known of the user), kept the previous order");
                return null;
            }
        }
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
