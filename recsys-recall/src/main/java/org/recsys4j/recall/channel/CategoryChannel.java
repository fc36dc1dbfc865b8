package org.recsys4j.recall.channel;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.util.IntDoubleTopK;

import java.util.List;
import java.util.Objects;

/**
 * Recalls the best items of the user's preferred categories: the values of any CATEGORICAL or
 * MULTI_CATEGORICAL attribute of the catalogue, named at build time ({@code "category"}, {@code "brand"},
 * {@code "tags"}...).
 *
 * <ol>
 *   <li><b>Category weights</b> from the request history: the last {@code window} distinct items, the
 *       {@code r}-th most recent weighted {@code decay^r} (times the user's value of it when
 *       {@linkplain Builder#withRatings value-weighted}); each item adds its weight to each of its
 *       categories; the weights are divided by their sum (so they sum to 1).</li>
 *   <li><b>Preferred categories</b>: the {@code topCategories} categories of highest weight (ties to the lower
 *       code, i.e. the value first in the attribute's vocabulary).</li>
 *   <li><b>Candidates</b>: for each preferred category, the first {@code limit} items the request does not
 *       exclude from that category's list, precomputed at build time and sorted by the item quality (by
 *       default the item's number of interactions; or any per-item score such as
 *       {@link TopRated#bayesianAverages}). Each candidate scores
 *       {@code quality(i) × Σ weight(c)} over the preferred categories {@code c} it belongs to, so an item
 *       of two preferred categories beats an equally good item of one.</li>
 * </ol>
 * A request without a usable history (or whose items have no category) gets an empty list.
 *
 * <pre>{@code
 * CategoryChannel byCategory = CategoryChannel.builder(catalog, "category", events).withTopCategories(2).build();
 * CategoryChannel byTags = CategoryChannel.builder(catalog, "tags", events).withName("tags")
 *         .withTopCategories(3).withRecencyDecay(0.9).build();
 * }</pre>
 */
public final class CategoryChannel implements CandidateSource {
    /** The default channel name. */
    public static final String DEFAULT_NAME = "category";
    /** The default number of the user's top categories used. */
    public static final int DEFAULT_TOP_CATEGORIES = 3;
    /** The default number of distinct recent history items that count: all of them. */
    public static final int DEFAULT_WINDOW = Integer.MAX_VALUE;
    /** The default weight ratio between consecutive history items (1: equal weights). */
    public static final double DEFAULT_RECENCY_DECAY = 1.0;

    private final String name;
    private final String attribute;
    private final List<String> vocabulary;
    private final int topCategories;
    private final int window;
    private final double decay;
    private final RatingLookup ratings;
    private final int[][] itemCategories;
    private final double[] quality;
    private final int[][] categoryLists;

    private CategoryChannel(Builder b, int[][] codes, List<String> vocabulary, double[] quality) {
        this.name = b.name;
        this.attribute = b.attribute;
        this.vocabulary = vocabulary;
        this.topCategories = b.topCategories;
        this.window = b.window;
        this.decay = b.decay;
        this.ratings = b.ratings == null ? null : RatingLookup.of(b.ratings);
        int n = codes.length;
        int numCategories = vocabulary.size();
        this.itemCategories = codes;
        int[] sizes = new int[numCategories];
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(quality[i])) {
                for (int c : itemCategories[i]) {
                    sizes[c]++;
                }
            }
        }
        this.quality = quality;
        this.categoryLists = new int[numCategories][];
        for (int c = 0; c < numCategories; c++) {
            IntDoubleTopK top = new IntDoubleTopK(sizes[c]);
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(quality[i]) && contains(itemCategories[i], c)) {
                    top.offer(i, quality[i]);
                }
            }
            categoryLists[c] = top.drainIds();
        }
    }

    private static boolean contains(int[] sorted, int c) {
        return java.util.Arrays.binarySearch(sorted, c) >= 0;
    }

    /**
     * Returns a builder of the channel over the values of one attribute of a catalogue's items; the options
     * start at the {@code DEFAULT_*} values. The arguments are checked by {@link Builder#build()}.
     *
     * @param catalog      the items and their attributes
     * @param attribute    the name of a CATEGORICAL or MULTI_CATEGORICAL attribute of the catalogue: the categories
     * @param interactions the log whose per-item interaction counts are the default quality (see
     *                     {@link Builder#withItemQuality})
     * @return the builder
     */
    public static Builder builder(ItemCatalog catalog, String attribute, Interactions interactions) {
        return new Builder(catalog, attribute, interactions);
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the name of the attribute whose values are the categories. */
    public String attribute() {
        return attribute;
    }

    /** Returns the categories: the attribute's vocabulary, whose indices are the category codes (unmodifiable). */
    public List<String> categories() {
        return vocabulary;
    }

    /**
     * Returns the request's category weights (index = category code, as in {@link #categories()}), summing
     * to 1, or all zeros when the history has no item with a category.
     */
    public double[] categoryWeights(RecRequest request) {
        HistoryWeights h = HistoryWeights.of(request, window, decay, itemCategories.length, ratings);
        double[] w = new double[categoryLists.length];
        double total = 0;
        for (int j = 0; j < h.size(); j++) {
            for (int c : itemCategories[h.items()[j]]) {
                w[c] += h.weights()[j];
                total += h.weights()[j];
            }
        }
        if (total > 0) {
            for (int c = 0; c < w.length; c++) {
                w[c] /= total;
            }
        }
        return w;
    }

    /**
     * Returns the items of a category, best quality first (a copy).
     *
     * @param category a category code, an index into {@link #categories()}
     * @return the dense item indices
     */
    public int[] categoryList(int category) {
        return categoryLists[category].clone();
    }

    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        Channels.check(request, limit);
        double[] w = categoryWeights(request);
        IntDoubleTopK best = new IntDoubleTopK(Math.min(topCategories, w.length));
        for (int c = 0; c < w.length; c++) {
            if (w[c] > 0) {
                best.offer(c, w[c]);
            }
        }
        int[] preferred = best.drainIds();
        if (preferred.length == 0) {
            return List.of();
        }
        IntOpenHashSet met = new IntOpenHashSet();
        IntDoubleTopK top = new IntDoubleTopK(limit);
        for (int c : preferred) {
            int taken = 0;
            int[] list = categoryLists[c];
            for (int p = 0; p < list.length && taken < limit; p++) {
                Channels.checkDeadline(p, request, name);
                int item = list[p];
                if (request.excludes(item)) {
                    continue;
                }
                taken++;
                if (met.add(item)) {
                    double sum = 0;
                    for (int h : preferred) {
                        if (contains(itemCategories[item], h)) {
                            sum += w[h];
                        }
                    }
                    top.offer(item, quality[item] * sum);
                }
            }
        }
        return Channels.drain(name, top);
    }

    @Override
    public String toString() {
        return "CategoryChannel[" + name + ", " + categoryLists.length + " values of '" + attribute + "', top "
                + topCategories + "]";
    }

    /**
     * Configures a {@link CategoryChannel}. Setters only store; {@link #build()} checks every value and names the
     * one that is wrong. Not thread-safe.
     */
    public static final class Builder {
        private final ItemCatalog catalog;
        private final String attribute;
        private final Interactions interactions;
        private String name = DEFAULT_NAME;
        private int topCategories = DEFAULT_TOP_CATEGORIES;
        private int window = DEFAULT_WINDOW;
        private double decay = DEFAULT_RECENCY_DECAY;
        private Interactions ratings;
        private double[] quality;

        private Builder(ItemCatalog catalog, String attribute, Interactions interactions) {
            this.catalog = catalog;
            this.attribute = attribute;
            this.interactions = interactions;
        }

        /**
         * Sets the channel name, not blank (default {@value CategoryChannel#DEFAULT_NAME}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder withName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets how many of the user's top categories are used, at least 1 (default
         * {@value CategoryChannel#DEFAULT_TOP_CATEGORIES}).
         *
         * @param n the number of categories
         * @return this builder
         */
        public Builder withTopCategories(int n) {
            this.topCategories = n;
            return this;
        }

        /**
         * Sets how many distinct recent history items count, at least 1 (default
         * {@value CategoryChannel#DEFAULT_WINDOW}: all).
         *
         * @param n the number of items
         * @return this builder
         */
        public Builder withWindow(int n) {
            this.window = n;
            return this;
        }

        /**
         * Sets the weight ratio between consecutive history items, in (0, 1] (default
         * {@value CategoryChannel#DEFAULT_RECENCY_DECAY}: equal weights).
         *
         * @param decay the ratio
         * @return this builder
         */
        public Builder withRecencyDecay(double decay) {
            this.decay = decay;
            return this;
        }

        /**
         * Weighs each history item also by the user's value of it (a rating, or the weight a Feedback policy
         * gave): the value of the user's latest interaction with the item in {@code ratings} (whose user indices
         * the requests' {@code userIndex} must use); an item the user has no value for there counts the user's
         * mean value, and every item of an unknown user the global mean. Absent or null (the default): the
         * weights are recency only.
         *
         * @param ratings the interactions whose values weigh the history
         * @return this builder
         */
        public Builder withRatings(Interactions ratings) {
            this.ratings = ratings;
            return this;
        }

        /**
         * Sets the per-item quality that orders each category's list (index = dense item index, one entry per
         * catalogue item; NaN leaves the item out; copied). Absent or null (the default): each item's number of
         * interactions in the builder's log.
         *
         * @param quality one score per item
         * @return this builder
         */
        public Builder withItemQuality(double[] quality) {
            this.quality = quality == null ? null : quality.clone();
            return this;
        }

        /**
         * Returns the channel.
         *
         * @return the channel
         * @throws NullPointerException     naming {@code catalog}, {@code attribute} or {@code interactions} if it
         *                                  is null
         * @throws IllegalArgumentException naming what is wrong: an attribute the catalogue does not have or that
         *                                  is neither CATEGORICAL nor MULTI_CATEGORICAL (listing the catalogue's
         *                                  attributes), a blank name, a count below 1, a decay outside (0, 1], a
         *                                  quality array without one entry per catalogue item
         */
        public CategoryChannel build() {
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(interactions, "interactions");
            int[][] codes = catalog.categoryCodes(attribute);
            List<String> vocabulary = catalog.categoryVocabulary(attribute);
            Channels.checkName(name);
            Channels.checkAtLeast("topCategories", topCategories, 1);
            Channels.checkAtLeast("window", window, 1);
            Channels.checkDecay("recencyDecay", decay);
            double[] q = quality;
            if (q == null) {
                int[] counts = interactions.itemCounts();
                q = new double[catalog.size()];
                for (int i = 0; i < q.length; i++) {
                    q[i] = i < counts.length && counts[i] > 0 ? counts[i] : Double.NaN;
                }
            }
            if (q.length != catalog.size()) {
                throw new IllegalArgumentException("itemQuality: " + q.length + " entries, the catalogue has "
                        + catalog.size() + " items");
            }
            return new CategoryChannel(this, codes, vocabulary, q);
        }
    }
}
