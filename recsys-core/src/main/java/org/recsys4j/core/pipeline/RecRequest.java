package org.recsys4j.core.pipeline;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import it.unimi.dsi.fastutil.ints.IntSets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A recommendation request, immutable and safe to share between the threads of a pipeline.
 *
 * <ul>
 *   <li>{@link #userKey()}: the user's key in the feature store (the external user id as a string),
 *       or null for an anonymous request;</li>
 *   <li>{@link #userIndex()}: the user's dense index in the training data, or -1 for a user the
 *       models have not seen (cold start; channels then use the history or nothing);</li>
 *   <li>{@link #seedItem()}: an item to find similar items for ("similar movies"), if any;</li>
 *   <li>{@link #history()}: the user's recent items, oldest first (dense item indices);</li>
 *   <li>{@link #context()}: free-form context (e.g. {@code genre=Comedy}, device, time);</li>
 *   <li>{@link #k()}: how many items the caller wants in the end;</li>
 *   <li>{@link #excludes(int)}: items that must never be returned (already seen, blocked, the seed
 *       item itself);</li>
 *   <li>{@link #deadline()}: when the caller stops waiting ({@link Deadline#none()} by default). A
 *       {@link Recommender} narrows it to each stage's budget ({@link #withDeadline}) before handing the
 *       request to a stage, so a channel, ranker or index loop checks {@code request.deadline()} and
 *       stops once its answer can no longer be used.</li>
 * </ul>
 *
 * <p>The deadline travels in the request rather than as an extra argument of
 * {@link CandidateSource#recall}, {@link Ranker#score} and {@link Reranker#rerank}: every stage already
 * receives the request, a merger or a ranking chain passes it on to its parts unchanged, and the
 * contracts (and every implementation written against them) stay as they are. It is not part of what
 * a request asks for: the result cache ignores it.
 *
 * <pre>{@code
 * RecRequest r = RecRequest.builder(10)
 *         .user("42", 17)
 *         .history(new int[] {5, 9, 3})
 *         .excludeHistory()
 *         .build();
 * }</pre>
 */
public final class RecRequest {
    private final String userKey;
    private final int userIndex;
    private final int seedItem;
    private final int[] history;
    private final Map<String, String> context;
    private final int k;
    private final IntSet excluded;
    private final Deadline deadline;

    private RecRequest(Builder b) {
        this.userKey = b.userKey;
        this.userIndex = b.userIndex;
        this.seedItem = b.seedItem;
        this.history = b.history.clone();
        this.context = Map.copyOf(b.context);
        this.k = b.k;
        this.excluded = IntSets.unmodifiable(new IntOpenHashSet(b.excluded));
        this.deadline = b.deadline;
    }

    private RecRequest(RecRequest r, Deadline deadline) {
        this.userKey = r.userKey;
        this.userIndex = r.userIndex;
        this.seedItem = r.seedItem;
        this.history = r.history;
        this.context = r.context;
        this.k = r.k;
        this.excluded = r.excluded;
        this.deadline = deadline;
    }

    /**
     * Returns a builder for a request of {@code k} items.
     *
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public static Builder builder(int k) {
        return new Builder(k);
    }

    /** Returns a builder initialised with this request's fields. */
    public Builder toBuilder() {
        Builder b = new Builder(k);
        b.userKey = userKey;
        b.userIndex = userIndex;
        b.seedItem = seedItem;
        b.history = history.clone();
        b.context = new java.util.HashMap<>(context);
        b.excluded.addAll(excluded);
        b.deadline = deadline;
        return b;
    }

    /**
     * Returns this request with another deadline (everything else shared, nothing copied): how a pipeline
     * hands a stage the request under the stage's own deadline.
     *
     * @param deadline the new deadline
     */
    public RecRequest withDeadline(Deadline deadline) {
        Objects.requireNonNull(deadline, "deadline");
        return deadline == this.deadline ? this : new RecRequest(this, deadline);
    }

    /** Returns when the caller stops waiting for the answer ({@link Deadline#none()} unless set). */
    public Deadline deadline() {
        return deadline;
    }

    /** Returns the user's feature-store key, or null for an anonymous request. */
    public String userKey() {
        return userKey;
    }

    /** Returns the user's dense index in the training data, or -1 if the models do not know the user. */
    public int userIndex() {
        return userIndex;
    }

    /** Returns the seed item for item-to-item requests, if any. */
    public OptionalInt seedItem() {
        return seedItem < 0 ? OptionalInt.empty() : OptionalInt.of(seedItem);
    }

    /** Returns a copy of the user's recent items, oldest first. */
    public int[] history() {
        return history.clone();
    }

    /** Returns the number of items in the history. */
    public int historySize() {
        return history.length;
    }

    /** Returns the {@code i}-th history item (0 = oldest). */
    public int historyItem(int i) {
        return history[i];
    }

    /** Returns the context (unmodifiable). */
    public Map<String, String> context() {
        return context;
    }

    /** Returns the number of items the caller wants. */
    public int k() {
        return k;
    }

    /** Returns true if the item must not be returned. */
    public boolean excludes(int item) {
        return excluded.contains(item);
    }

    /**
     * Returns the candidates this request admits, in their order: null entries, excluded items and repeats
     * of an item already kept are dropped, and at most {@code limit} are kept. How a merger or a pipeline
     * cleans what a source returned, whatever the source did.
     *
     * @param candidates the candidates (not modified)
     * @param limit      the most to keep
     */
    public List<Candidate> admissible(List<Candidate> candidates, int limit) {
        List<Candidate> out = new ArrayList<>(Math.min(limit, candidates.size()));
        IntOpenHashSet seen = new IntOpenHashSet();
        for (Candidate c : candidates) {
            if (out.size() == limit) {
                break;
            }
            if (c != null && !excludes(c.item()) && seen.add(c.item())) {
                out.add(c);
            }
        }
        return out;
    }

    /** Returns the excluded items (unmodifiable). */
    public IntSet excluded() {
        return excluded;
    }

    @Override
    public String toString() {
        return "RecRequest{user=" + userKey + "/" + userIndex + (seedItem >= 0 ? ", seed=" + seedItem : "")
                + ", history=" + history.length + ", k=" + k + ", excluded=" + excluded.size()
                + (context.isEmpty() ? "" : ", context=" + context)
                + (deadline.isBounded() ? ", " + deadline : "") + "}";
    }

    /** Builds a {@link RecRequest}; not thread-safe. */
    public static final class Builder {
        private String userKey;
        private int userIndex = -1;
        private int seedItem = -1;
        private int[] history = new int[0];
        private Map<String, String> context = new java.util.HashMap<>();
        private int k;
        private final IntOpenHashSet excluded = new IntOpenHashSet();
        private Deadline deadline = Deadline.none();

        private Builder(int k) {
            k(k);
        }

        /**
         * Sets the number of items wanted.
         *
         * @throws IllegalArgumentException if {@code k < 1}
         */
        public Builder k(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("k: " + k + ", must be >= 1");
            }
            this.k = k;
            return this;
        }

        /**
         * Sets the user.
         *
         * @param key   the feature-store key (null for anonymous)
         * @param index the dense user index, or -1 if the models do not know the user
         */
        public Builder user(String key, int index) {
            if (index < -1) {
                throw new IllegalArgumentException("user index: " + index + ", must be >= -1");
            }
            this.userKey = key;
            this.userIndex = index;
            return this;
        }

        /** Sets the seed item (a dense item index) of an item-to-item request; -1 clears it. */
        public Builder seedItem(int item) {
            if (item < -1) {
                throw new IllegalArgumentException("seed item: " + item + ", must be >= -1");
            }
            this.seedItem = item;
            return this;
        }

        /** Sets the user's recent items, oldest first (copied). */
        public Builder history(int[] items) {
            for (int i = 0; i < items.length; i++) {
                if (items[i] < 0) {
                    throw new IllegalArgumentException("history[" + i + "]: " + items[i] + ", must be >= 0");
                }
            }
            this.history = items.clone();
            return this;
        }

        /** Adds a context entry. */
        public Builder context(String key, String value) {
            context.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Replaces the context (copied). */
        public Builder context(Map<String, String> ctx) {
            this.context = new java.util.HashMap<>(ctx);
            return this;
        }

        /** Excludes the given items. */
        public Builder exclude(int... items) {
            for (int item : items) {
                excluded.add(item);
            }
            return this;
        }

        /** Excludes every item of the history (set so far), the usual "never recommend what was seen". */
        public Builder excludeHistory() {
            return exclude(history);
        }

        /**
         * Sets when the caller stops waiting, e.g. {@code Deadline.after(Duration.ofMillis(100))} (default
         * {@link Deadline#none()}).
         */
        public Builder deadline(Deadline deadline) {
            this.deadline = Objects.requireNonNull(deadline, "deadline");
            return this;
        }

        /** Returns the request. */
        public RecRequest build() {
            return new RecRequest(this);
        }

        @Override
        public String toString() {
            return "RecRequest.Builder{k=" + k + ", history=" + Arrays.toString(history) + "}";
        }
    }
}
