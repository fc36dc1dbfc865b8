package org.recsys4j.rank.rerank;

import it.unimi.dsi.fastutil.ints.IntArrayList;
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
 * Reranker filter = BusinessFilter.builder().withExcludeHistory(true).addBlocked(blockedItems).build();
 * }</pre>
 */
public final class BusinessFilter implements Reranker {
    /** By default the request's exclusions are dropped. */
    public static final boolean DEFAULT_EXCLUDE_REQUEST_EXCLUSIONS = true;
    /** By default the request's history is not dropped. */
    public static final boolean DEFAULT_EXCLUDE_HISTORY = false;

    private final boolean requestExclusions;
    private final boolean history;
    private final IntOpenHashSet blocked;
    private final IntPredicate allowed;

    private BusinessFilter(Builder b) {
        this.requestExclusions = b.requestExclusions;
        this.history = b.history;
        this.blocked = new IntOpenHashSet(b.blockedList);
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

    /** Builds a {@link BusinessFilter}: the setters only record, {@link #build()} checks. Not thread-safe. */
    public static final class Builder {
        private boolean requestExclusions = DEFAULT_EXCLUDE_REQUEST_EXCLUSIONS;
        private boolean history = DEFAULT_EXCLUDE_HISTORY;
        private final IntArrayList blockedList = new IntArrayList();
        private IntPredicate allowed;

        private Builder() {
        }

        /** Sets whether the request's exclusions are dropped (default {@value BusinessFilter#DEFAULT_EXCLUDE_REQUEST_EXCLUSIONS}). */
        public Builder withExcludeRequestExclusions(boolean on) {
            this.requestExclusions = on;
            return this;
        }

        /** Sets whether every item of the request's history is dropped (default {@value BusinessFilter#DEFAULT_EXCLUDE_HISTORY}). */
        public Builder withExcludeHistory(boolean on) {
            this.history = on;
            return this;
        }

        /**
         * Adds items that are never shown.
         *
         * @param items dense item indices, each at least 0
         */
        public Builder addBlocked(int... items) {
            if (items == null) {
                blockedList.add(Integer.MIN_VALUE);   // reported by build()
            } else {
                blockedList.addElements(blockedList.size(), items);
            }
            return this;
        }

        /**
         * Sets a rule: an item is kept only if the predicate accepts it (e.g. "in stock", "allowed in the
         * user's region"); null (the default) means no rule.
         *
         * @param allowed returns true for items that may be shown; must be thread-safe
         */
        public Builder withAllowOnly(IntPredicate allowed) {
            this.allowed = allowed;
            return this;
        }

        /**
         * Returns the filter.
         *
         * @throws IllegalArgumentException if a blocked item is negative
         * @throws NullPointerException     if {@link #addBlocked} was given a null array
         */
        public BusinessFilter build() {
            for (int i = 0; i < blockedList.size(); i++) {
                int item = blockedList.getInt(i);
                if (item == Integer.MIN_VALUE) {
                    throw new NullPointerException("blocked items");
                }
                if (item < 0) {
                    throw new IllegalArgumentException("blocked item: " + item + ", must be >= 0");
                }
            }
            return new BusinessFilter(this);
        }
    }
}
