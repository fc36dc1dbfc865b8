package org.recsys4j.core.pipeline;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A recommendation request, immutable and safe to share between the threads of a pipeline.
 *
 * <ul>
 *   <li>{@link #userKey()}: the user's key in the feature store (the external user id as a string),
 *       empty for an anonymous request;</li>
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
 *         .withUser("42", 17)
 *         .withHistory(new int[] {5, 9, 3})
 *         .withHistoryExcluded(true)
 *         .build();
 * }</pre>
 */
public final class RecRequest {
    /** Whether the history is excluded by default: {@value} (see {@link Builder#withHistoryExcluded}). */
    public static final boolean DEFAULT_HISTORY_EXCLUDED = false;
    /** The user index of a user the models do not know (the default): {@value}. */
    public static final int UNKNOWN_USER = -1;

    private final String userKey;
    private final int userIndex;
    private final int seedItem;
    private final int[] history;
    private final Map<String, String> context;
    private final int k;
    private final IntOpenHashSet excluded;
    private final Deadline deadline;

    private RecRequest(Builder b) {
        this.userKey = b.userKey;
        this.userIndex = b.userIndex;
        this.seedItem = b.seedItem;
        this.history = b.history.clone();
        this.context = Map.copyOf(b.context);
        this.k = b.k;
        IntOpenHashSet ex = new IntOpenHashSet(b.excluded.size() + (b.historyExcluded ? history.length : 0));
        for (int i = 0; i < b.excluded.size(); i++) {
            ex.add(b.excluded.getInt(i));
        }
        if (b.historyExcluded) {
            for (int item : history) {
                ex.add(item);
            }
        }
        this.excluded = ex;
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
     * @param k how many items the caller wants, at least 1 (checked by {@link Builder#build()})
     */
    public static Builder builder(int k) {
        return new Builder(k);
    }

    /** Returns a builder initialised with this request's fields (its exclusions included). */
    public Builder toBuilder() {
        Builder b = new Builder(k);
        b.userKey = userKey;
        b.userIndex = userIndex;
        b.seedItem = seedItem;
        b.history = history.clone();
        b.context = new HashMap<>(context);
        b.excluded.addElements(0, excluded.toIntArray());
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

    /** Returns the user's feature-store key, or empty for an anonymous request. */
    public Optional<String> userKey() {
        return Optional.ofNullable(userKey);
    }

    /** Returns the user's dense index in the training data, or {@link #UNKNOWN_USER} (-1) if the models do not know the user. */
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

    /** Returns the number of excluded items. */
    public int excludedCount() {
        return excluded.size();
    }

    /** Returns a copy of the excluded items, in ascending order. */
    public int[] excluded() {
        int[] out = excluded.toIntArray();
        Arrays.sort(out);
        return out;
    }

    @Override
    public String toString() {
        return "RecRequest{user=" + userKey + "/" + userIndex + (seedItem >= 0 ? ", seed=" + seedItem : "")
                + ", history=" + history.length + ", k=" + k + ", excluded=" + excluded.size()
                + (context.isEmpty() ? "" : ", context=" + context)
                + (deadline.isBounded() ? ", " + deadline : "") + "}";
    }

    /** Builds a {@link RecRequest}; not thread-safe. Setters only store; {@link #build()} checks. */
    public static final class Builder {
        private String userKey;
        private int userIndex = UNKNOWN_USER;
        private int seedItem = -1;
        private int[] history = new int[0];
        private Map<String, String> context = new HashMap<>();
        private int k;
        private final IntArrayList excluded = new IntArrayList();
        private boolean historyExcluded = DEFAULT_HISTORY_EXCLUDED;
        private Deadline deadline = Deadline.none();
        private String nullContext;

        private Builder(int k) {
            this.k = k;
        }

        /**
         * Sets the number of items wanted, at least 1 (required: {@link RecRequest#builder(int)} takes it; this
         * changes it, e.g. on a builder from {@link RecRequest#toBuilder()}).
         */
        public Builder withK(int k) {
            this.k = k;
            return this;
        }

        /**
         * Sets the user (default: anonymous and unknown).
         *
         * @param key   the feature-store key (null for anonymous)
         * @param index the dense user index, or {@link RecRequest#UNKNOWN_USER} (-1) if the models do not know the user
         */
        public Builder withUser(String key, int index) {
            this.userKey = key;
            this.userIndex = index;
            return this;
        }

        /** Sets the seed item (a dense item index) of an item-to-item request; -1 clears it (no seed by default). */
        public Builder withSeedItem(int item) {
            this.seedItem = item;
            return this;
        }

        /** Sets the user's recent items, oldest first (copied; default none). */
        public Builder withHistory(int[] items) {
            this.history = items == null ? null : items.clone();
            return this;
        }

        /** Sets one context entry, replacing an earlier value of the key (the context is empty by default). */
        public Builder withContext(String key, String value) {
            if (key == null || value == null) {
                nullContext = key == null ? "context key" : "context value of key '" + key + "'";
            } else {
                context.put(key, value);
            }
            return this;
        }

        /** Sets the whole context (copied), replacing every entry set before (default empty). */
        public Builder withContext(Map<String, String> ctx) {
            if (ctx == null) {
                nullContext = "context";
            } else {
                this.context = new HashMap<>(ctx);
            }
            return this;
        }

        /** Adds items that must never be returned (dense item indices); returns this builder. */
        public Builder addExcluded(int... items) {
            for (int item : items) {
                excluded.add(item);
            }
            return this;
        }

        /**
         * Sets whether every item of the history (as set when {@link #build()} runs) is excluded too, the
         * usual "never recommend what was seen" (default {@value RecRequest#DEFAULT_HISTORY_EXCLUDED}).
         */
        public Builder withHistoryExcluded(boolean excluded) {
            this.historyExcluded = excluded;
            return this;
        }

        /**
         * Sets when the caller stops waiting, e.g. {@code Deadline.after(Duration.ofMillis(100))} (default
         * {@link Deadline#none()}).
         */
        public Builder withDeadline(Deadline deadline) {
            this.deadline = deadline;
            return this;
        }

        /**
         * Returns the request.
         *
         * @throws IllegalArgumentException naming the field: {@code k < 1}, a user index or seed item below -1,
         *                                  a negative history item
         * @throws NullPointerException     naming a null history, context, context key or value, or deadline
         */
        public RecRequest build() {
            if (k < 1) {
                throw new IllegalArgumentException("k: " + k + ", must be >= 1");
            }
            if (userIndex < -1) {
                throw new IllegalArgumentException("user index: " + userIndex + ", must be >= -1");
            }
            if (seedItem < -1) {
                throw new IllegalArgumentException("seed item: " + seedItem + ", must be >= -1");
            }
            Objects.requireNonNull(history, "history");
            for (int i = 0; i < history.length; i++) {
                if (history[i] < 0) {
                    throw new IllegalArgumentException("history[" + i + "]: " + history[i] + ", must be >= 0");
                }
            }
            if (nullContext != null) {
                throw new NullPointerException(nullContext);
            }
            Objects.requireNonNull(deadline, "deadline");
            return new RecRequest(this);
        }

        @Override
        public String toString() {
            return "RecRequest.Builder{k=" + k + ", history=" + Arrays.toString(history) + "}";
        }
    }
}
