package org.recsys4j.rank.rerank;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Reranker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Drops the items that must not be shown and keeps the rest in order (scores unchanged), up to
 * {@code k}: the request's exclusions ({@link RecRequest#excludes}, on by default), optionally every item
 * of the request's history (already seen), a fixed blocked set (withdrawn, unlicensed, age-restricted
 * items) and any rule given as a predicate. Immutable and thread-safe if the predicate is.
 *
 * <pre>{@code
 * Reranker filter = BusinessFilter.builder().excludeHistory(true).block(blockedItems).build();
 * }</pre>
 */
public final class BusinessFilter implements Reranker {
    private final boolean requestExclusions;
    private final boolean history;
    private final IntOpenHashSet blocked;
    private final IntPredicate allowed;

    private BusinessFilter(Builder b) {
        this.requestExclusions = b.requestExclusions;
        this.history = b.history;
        this.blocked = new IntOpenHashSet(b.blocked);
        this.allowed = b.allowed;
    }

    /** Returns a builder: request exclusions on, history off, nothing blocked. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "filter";
    }

    @Override
    public List<Candidate> rerank(RecRequest request, List<Candidate> ranked, int k) {
        Objects.requireNonNull(request, "request");
        List<Candidate> in = Rerankers.distinct(name(), ranked, k);
        IntOpenHashSet seen = null;
        if (history) {
            seen = new IntOpenHashSet(request.history());
        }
        List<Candidate> out = new ArrayList<>(Math.min(k, in.size()));
        for (Candidate c : in) {
            if (out.size() == k) {
                break;
            }
            int item = c.item();
            if ((requestExclusions && request.excludes(item)) || (seen != null && seen.contains(item))
                    || blocked.contains(item) || (allowed != null && !allowed.test(item))) {
                continue;
            }
            out.add(c);
        }
        return out;
    }

    @Override
    public String toString() {
        return "BusinessFilter[" + (requestExclusions ? "request exclusions, " : "") + (history ? "history, " : "")
                + blocked.size() + " blocked" + (allowed != null ? ", rule" : "") + "]";
    }

    /** Builds a {@link BusinessFilter}. Not thread-safe. */
    public static final class Builder {
        private boolean requestExclusions = true;
        private boolean history;
        private final IntOpenHashSet blocked = new IntOpenHashSet();
        private IntPredicate allowed;

        private Builder() {
        }

        /** Sets whether the request's exclusions are dropped (default true). */
        public Builder excludeRequestExclusions(boolean on) {
            this.requestExclusions = on;
            return this;
        }

        /** Sets whether every item of the request's history is dropped (default false). */
        public Builder excludeHistory(boolean on) {
            this.history = on;
            return this;
        }

        /**
         * Adds items that are never shown.
         *
         * @param items dense item indices, each at least 0
         */
        public Builder block(int... items) {
            for (int item : items) {
                if (item < 0) {
                    throw new IllegalArgumentException("blocked item: " + item + ", must be >= 0");
                }
                blocked.add(item);
            }
            return this;
        }

        /**
         * Sets a rule: an item is kept only if the predicate accepts it (e.g. "in stock", "allowed in the
         * user's region").
         *
         * @param allowed returns true for items that may be shown; must be thread-safe
         */
        public Builder allowOnly(IntPredicate allowed) {
            this.allowed = Objects.requireNonNull(allowed, "allowed");
            return this;
        }

        /** Returns the filter. */
        public BusinessFilter build() {
            return new BusinessFilter(this);
        }
    }
}
