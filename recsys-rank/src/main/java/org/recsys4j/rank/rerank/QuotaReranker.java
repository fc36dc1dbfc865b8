package org.recsys4j.rank.rerank;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Reranker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Caps how many items of each category the list may hold: walks the input best first and takes an
 * item only if every one of its categories is still under its quota (then counts it against each);
 * items without a category are never capped. With {@link Builder#withBackfill backfill}, if fewer than
 * {@code k} items pass, the list is filled up to {@code k} with the skipped items in input order
 * (quotas as a preference); without it (the default) quotas are hard and the list may be shorter.
 * Scores are kept. Immutable and thread-safe.
 *
 * <pre>{@code
 * Reranker quotas = QuotaReranker.builder(ItemCategories.byAttribute(catalog, "category"))
 *         .withDefaultQuota(3)
 *         .withQuota(catalog.categoryVocabulary("category").indexOf("clearance"), 1)
 *         .build();
 * }</pre>
 */
public final class QuotaReranker implements Reranker {
    /** The default quota of a category without its own: {@value}, unlimited. */
    public static final int DEFAULT_QUOTA = Integer.MAX_VALUE;
    /** By default quotas are hard: skipped items do not fill the list. */
    public static final boolean DEFAULT_BACKFILL = false;

    private final ItemCategories categories;
    private final int defaultQuota;
    private final Int2IntOpenHashMap quotas;
    private final boolean backfill;

    private QuotaReranker(Builder b) {
        this.categories = b.categories;
        this.defaultQuota = b.defaultQuota;
        this.quotas = new Int2IntOpenHashMap(b.quotas);
        this.quotas.defaultReturnValue(b.defaultQuota);
        this.backfill = b.backfill;
    }

    /**
     * Returns a builder (every category unlimited until quotas are set).
     *
     * @param categories the categories of each item
     */
    public static Builder builder(ItemCategories categories) {
        return new Builder(categories);
    }

    @Override
    public String name() {
        return "quota";
    }

    /** Returns the quota of a category ({@link Integer#MAX_VALUE} when it is unlimited). */
    public int quota(int category) {
        return quotas.get(category);
    }

    @Override
    public List<Candidate> rerank(RecRequest request, List<Candidate> ranked, int k) {
        List<Candidate> in = Rerankers.distinct(name(), ranked, k);
        Int2IntOpenHashMap used = new Int2IntOpenHashMap();
        List<Candidate> out = new ArrayList<>(Math.min(k, in.size()));
        List<Candidate> skipped = backfill ? new ArrayList<>() : null;
        for (Candidate c : in) {
            if (out.size() == k) {
                break;
            }
            int[] cats = categories.of(c.item());
            boolean ok = true;
            for (int cat : cats) {
                if (used.get(cat) >= quotas.get(cat)) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                for (int cat : cats) {
                    used.addTo(cat, 1);
                }
                out.add(c);
            } else if (skipped != null) {
                skipped.add(c);
            }
        }
        if (skipped != null) {
            for (int i = 0; i < skipped.size() && out.size() < k; i++) {
                out.add(skipped.get(i));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "QuotaReranker[default " + (defaultQuota == Integer.MAX_VALUE ? "unlimited" : defaultQuota) + ", "
                + quotas.size() + " set" + (backfill ? ", backfill" : "") + "]";
    }

    /** Builds a {@link QuotaReranker}: the setters only record, {@link #build()} checks. Not thread-safe. */
    public static final class Builder {
        private final ItemCategories categories;
        private int defaultQuota = DEFAULT_QUOTA;
        private final java.util.List<int[]> quotaList = new ArrayList<>();
        private boolean backfill = DEFAULT_BACKFILL;

        private Builder(ItemCategories categories) {
            this.categories = categories;
        }

        /**
         * Sets the quota of every category without its own, at least 0 (default
         * {@value QuotaReranker#DEFAULT_QUOTA}: unlimited).
         */
        public Builder withDefaultQuota(int quota) {
            this.defaultQuota = quota;
            return this;
        }

        /**
         * Sets the quota of one category (0 keeps the category out of the list); a category set twice
         * keeps the last quota.
         *
         * @param category a category id, at least 0
         * @param quota    at least 0
         */
        public Builder withQuota(int category, int quota) {
            quotaList.add(new int[] {category, quota});
            return this;
        }

        /** Sets whether skipped items fill the list up to {@code k} (default {@value QuotaReranker#DEFAULT_BACKFILL}: quotas are hard). */
        public Builder withBackfill(boolean backfill) {
            this.backfill = backfill;
            return this;
        }

        /**
         * Returns the re-ranker.
         *
         * @throws NullPointerException     if the categories are null
         * @throws IllegalArgumentException if a quota or a category id is negative (naming it)
         */
        public QuotaReranker build() {
            Objects.requireNonNull(categories, "categories");
            check("default quota", defaultQuota);
            for (int[] q : quotaList) {
                if (q[0] < 0) {
                    throw new IllegalArgumentException("category: " + q[0] + ", must be >= 0");
                }
                check("quota of category " + q[0], q[1]);
                quotas.put(q[0], q[1]);
            }
            return new QuotaReranker(this);
        }

        private final Int2IntOpenHashMap quotas = new Int2IntOpenHashMap();

        private static int check(String what, int quota) {
            if (quota < 0) {
                throw new IllegalArgumentException(what + ": " + quota + ", must be >= 0");
            }
            return quota;
        }
    }
}
