package org.recsys4j.rank.cf;

import org.recsys4j.core.model.HistoryScorer;
import org.recsys4j.core.model.UserItemScorer;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Ranker;

import java.util.Arrays;
import java.util.Objects;

/**
 * Adapts the foundation's collaborative-filtering models to {@link Ranker}: a {@link UserItemScorer}
 * (ItemKnn, EASE, UserKnn, ItemPop, ALS models) for users it was trained on, and a {@link HistoryScorer}
 * (the same models' fold-in path) for users it has not seen, from the request's history.
 *
 * <p>Per request: if the request's {@link RecRequest#userIndex() user index} is in
 * {@code [0, numUsers)} and a user scorer is set, the candidates get that user's scores; otherwise, if a
 * history scorer is set and the history holds at least one item index in {@code [0, numItems)}, they get
 * the scores of that history (out-of-range history items are dropped); otherwise every candidate gets
 * the fallback score. A candidate outside {@code [0, numItems)}, or one the model scores NaN or
 * {@code -Infinity} (its "cannot score"), also gets the fallback score.
 *
 * <p><b>History first.</b> A sequence model (SASRec, GRU4Rec: {@code rank.seq.SequenceModel}) has no rows of
 * trained users: it reads the order of the latest history, so it scores <em>every</em> user from the request's
 * history, feedback since training included. {@link Builder#withHistoryFirst(boolean) withHistoryFirst(true)}
 * says so: a request with a usable history gets the history scorer's scores whether or not its user is known, and
 * the known-user model (if any) serves only requests without one.
 * <pre>{@code
 * SequenceModel sasrec = SasRec.builder().build().fit(train);
 * Ranker seq = ScorerRanker.builder("sasrec", sasrec.numItems())
 *         .withUnseenUsers(sasrec)
 *         .withHistoryFirst(true)
 *         .build();
 * }</pre>
 *
 * <p>Cost: both model interfaces score every item, so a request costs one row of {@code numItems}
 * scores (allocated per call, which keeps the ranker thread-safe) whatever the number of candidates; use
 * it after a cheaper stage has cut the list, or for catalogues of up to some 10⁵ items. A request whose
 * {@link RecRequest#deadline() deadline} has already passed is not scored: {@link #score} throws
 * {@link org.recsys4j.core.pipeline.DeadlineExceededException} and the pipeline keeps the previous order.
 * Immutable and thread-safe if the models are (the foundation's are).
 *
 * <pre>{@code
 * ItemKnnModel knn = ItemKnn.builder().withNeighbours(50).build().fit(train);
 * Ranker cf = ScorerRanker.builder("item-knn", knn.numItems())
 *         .withKnownUsers(knn, knn.numUsers())
 *         .withUnseenUsers(knn)
 *         .build();
 * }</pre>
 */
public final class ScorerRanker implements Ranker {
    /** The default score of candidates the models cannot score: last. */
    public static final double DEFAULT_FALLBACK_SCORE = Double.NEGATIVE_INFINITY;
    /** By default known users get the known-user model's row; the history scorer serves only the others. */
    public static final boolean DEFAULT_HISTORY_FIRST = false;

    private final String name;
    private final int numItems;
    private final UserItemScorer known;
    private final int numUsers;
    private final HistoryScorer unseen;
    private final double fallbackScore;
    private final boolean historyFirst;

    private ScorerRanker(Builder b) {
        this.name = b.name;
        this.numItems = b.numItems;
        this.known = b.known;
        this.numUsers = b.numUsers;
        this.unseen = b.unseen;
        this.fallbackScore = b.fallbackScore;
        this.historyFirst = b.historyFirst;
    }

    /**
     * Returns a builder.
     *
     * @param name     the ranker's name, e.g. {@code "item-knn"}
     * @param numItems the number of item indices the models score (the length of their score rows), at least 1
     */
    public static Builder builder(String name, int numItems) {
        return new Builder(name, numItems);
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the score of candidates the models cannot score. */
    public double fallbackScore() {
        return fallbackScore;
    }

    /** Returns whether every request with a usable history is scored from it, known users included. */
    public boolean historyFirst() {
        return historyFirst;
    }

    @Override
    public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
        Ranker.checkScoreArguments(request, candidates, scores);
        int[] items = candidates.items();
        // a whole catalogue row is real work: not started once the stage's deadline passed
        request.deadline().check("ranker '" + name + "'");
        double[] row = null;
        int u = request.userIndex();
        if (historyFirst) {
            row = fromHistory(request);
        }
        if (row == null && known != null && u >= 0 && u < numUsers) {
            double[][] rows = {new double[numItems]};
            known.score(new int[] {u}, rows);
            row = rows[0];
        } else if (row == null && !historyFirst && unseen != null) {
            row = fromHistory(request);
        }
        if (row == null) {
            Arrays.fill(scores, 0, items.length, fallbackScore);
            return;
        }
        for (int i = 0; i < items.length; i++) {
            int item = items[i];
            double s = item >= 0 && item < numItems ? row[item] : Double.NaN;
            scores[i] = Double.isNaN(s) || s == Double.NEGATIVE_INFINITY ? fallbackScore : s;
        }
    }

    /** Returns the history scorer's row of the request's history, or null without a scorer or a usable history. */
    private double[] fromHistory(RecRequest request) {
        if (unseen == null) {
            return null;
        }
        int[] history = inRange(request);
        if (history.length == 0) {
            return null;
        }
        double[] row = new double[numItems];
        unseen.scoreHistory(history, row);
        return row;
    }

    private int[] inRange(RecRequest request) {
        int h = request.historySize();
        int[] out = new int[h];
        int n = 0;
        for (int j = 0; j < h; j++) {
            int item = request.historyItem(j);
            if (item < numItems) {
                out[n++] = item;
            }
        }
        return n == h ? out : Arrays.copyOf(out, n);
    }

    @Override
    public String toString() {
        return "ScorerRanker[" + name + ", " + numItems + " items" + (known != null ? ", " + numUsers + " known users" : "")
                + (unseen != null ? historyFirst ? ", history first" : ", history fold-in" : "") + ", fallback "
                + fallbackScore + "]";
    }

    /**
     * Builds a {@link ScorerRanker}; at least one model must be set. The setters only record,
     * {@link #build()} checks. Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private final int numItems;
        private UserItemScorer known;
        private int numUsers;
        private HistoryScorer unseen;
        private double fallbackScore = DEFAULT_FALLBACK_SCORE;
        private boolean historyFirst = DEFAULT_HISTORY_FIRST;

        private Builder(String name, int numItems) {
            this.name = name;
            this.numItems = numItems;
        }

        /**
         * Sets the model for users it was trained on (default: none).
         *
         * @param scorer   scores every item for known users
         * @param numUsers the number of user indices it knows, at least 1; requests with another index are unseen
         */
        public Builder withKnownUsers(UserItemScorer scorer, int numUsers) {
            this.known = scorer;
            this.numUsers = numUsers;
            return this;
        }

        /**
         * Sets the model scored from the request's history: for users the known-user model does not know, or, with
         * {@link #withHistoryFirst(boolean) history first}, for every request with a usable history (default: none).
         *
         * @param scorer scores every item from a history; its {@link HistoryScorer#numItems()} must equal the ranker's
         */
        public Builder withUnseenUsers(HistoryScorer scorer) {
            this.unseen = scorer;
            return this;
        }

        /**
         * Sets whether every request with a usable history (an item index in {@code [0, numItems)}) is scored by the
         * history scorer, known users included, the known-user model then serving only requests without one
         * (default {@value ScorerRanker#DEFAULT_HISTORY_FIRST}: known users get their trained row). True is how a
         * sequence model serves: it has no per-user rows and reads the latest history in order, so a user's
         * scores follow their feedback without retraining.
         *
         * @param historyFirst whether the history comes first
         * @return this builder
         */
        public Builder withHistoryFirst(boolean historyFirst) {
            this.historyFirst = historyFirst;
            return this;
        }

        /**
         * Sets the score of candidates that cannot be scored, any value but NaN (default
         * {@value ScorerRanker#DEFAULT_FALLBACK_SCORE}).
         */
        public Builder withFallbackScore(double score) {
            this.fallbackScore = score;
            return this;
        }

        /**
         * Returns the ranker.
         *
         * @throws NullPointerException     if the name is null
         * @throws IllegalArgumentException if the name is blank, {@code numItems} or {@code numUsers} is below
         *                                  1, the history scorer scores another number of items, the fallback
         *                                  score is NaN, neither a known-user nor an unseen-user model was set, or
         *                                  history first is set without a history scorer
         */
        public ScorerRanker build() {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name: must not be blank");
            }
            if (numItems < 1) {
                throw new IllegalArgumentException("numItems: " + numItems + ", must be >= 1");
            }
            if (known != null && numUsers < 1) {
                throw new IllegalArgumentException("numUsers: " + numUsers + ", must be >= 1");
            }
            if (unseen != null && unseen.numItems() != numItems) {
                throw new IllegalArgumentException("history scorer scores " + unseen.numItems()
                        + " items, the ranker " + numItems);
            }
            if (Double.isNaN(fallbackScore)) {
                throw new IllegalArgumentException("fallbackScore: NaN is not allowed");
            }
            if (known == null && unseen == null) {
                throw new IllegalArgumentException("ranker '" + name + "': no model, set withKnownUsers and/or withUnseenUsers");
            }
            if (historyFirst && unseen == null) {
                throw new IllegalArgumentException("historyFirst: true, but ranker '" + name + "' has no history scorer;"
                        + " set it with withUnseenUsers");
            }
            return new ScorerRanker(this);
        }
    }
}
