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
 * Recalls the best items of the user's preferred genres.
 *
 * <ol>
 *   <li><b>Genre weights</b> from the request history: the last {@code window} distinct items, the
 *       {@code r}-th most recent weighted {@code decay^r} (times the user's rating of it when
 *       {@linkplain Builder#withRatings rating-weighted}); each item adds its weight to each of its
 *       genres; the weights are divided by their sum (so they sum to 1).</li>
 *   <li><b>Preferred genres</b>: the {@code topGenres} genres of highest weight (ties to the lower genre
 *       index).</li>
 *   <li><b>Candidates</b>: for each preferred genre, the first {@code limit} items the request does not
 *       exclude from that genre's list, precomputed at build time and sorted by the item quality (by
 *       default the item's number of interactions; or any per-item score such as
 *       {@link TopRated#bayesianAverages}). Each candidate scores
 *       {@code quality(i) × Σ weight(g)} over the preferred genres {@code g} it belongs to, so an item
 *       of two preferred genres beats an equally good item of one.</li>
 * </ol>
 * A request without a usable history (or whose items have no genre) gets an empty list.
 *
 * <pre>{@code
 * GenreChannel genres = GenreChannel.builder(catalog, ratings).withTopGenres(3).withRecencyDecay(0.9).build();
 * }</pre>
 */
public final class GenreChannel implements CandidateSource {
    /** The default channel name. */
    public static final String DEFAULT_NAME = "genre";
    /** The default number of the user's top genres used. */
    public static final int DEFAULT_TOP_GENRES = 3;
    /** The default number of distinct recent history items that count: all of them. */
    public static final int DEFAULT_WINDOW = Integer.MAX_VALUE;
    /** The default weight ratio between consecutive history items (1: equal weights). */
    public static final double DEFAULT_RECENCY_DECAY = 1.0;

    private final String name;
    private final int topGenres;
    private final int window;
    private final double decay;
    private final RatingLookup ratings;
    private final int[][] itemGenres;
    private final double[] quality;
    private final int[][] genreLists;

    private GenreChannel(Builder b, double[] quality) {
        ItemCatalog catalog = b.catalog;
        this.name = b.name;
        this.topGenres = b.topGenres;
        this.window = b.window;
        this.decay = b.decay;
        this.ratings = b.ratings == null ? null : RatingLookup.of(b.ratings);
        int n = catalog.size();
        int numGenres = catalog.genreVocabulary().size();
        this.itemGenres = new int[n][];
        int[] sizes = new int[numGenres];
        for (int i = 0; i < n; i++) {
            itemGenres[i] = catalog.genres(i);
            if (Double.isFinite(quality[i])) {
                for (int g : itemGenres[i]) {
                    sizes[g]++;
                }
            }
        }
        this.quality = quality;
        this.genreLists = new int[numGenres][];
        for (int g = 0; g < numGenres; g++) {
            IntDoubleTopK top = new IntDoubleTopK(sizes[g]);
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(quality[i]) && contains(itemGenres[i], g)) {
                    top.offer(i, quality[i]);
                }
            }
            genreLists[g] = top.drainIds();
        }
    }

    private static boolean contains(int[] sorted, int g) {
        return java.util.Arrays.binarySearch(sorted, g) >= 0;
    }

    /**
     * Returns a builder of the channel over a catalogue's items and genres; the options start at the
     * {@code DEFAULT_*} values. Both arguments are checked by {@link Builder#build()}.
     *
     * @param catalog      the items and their genres
     * @param interactions the log whose per-item interaction counts are the default quality (see
     *                     {@link Builder#withItemQuality})
     * @return the builder
     */
    public static Builder builder(ItemCatalog catalog, Interactions interactions) {
        return new Builder(catalog, interactions);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Returns the request's genre weights (index = genre index of the catalogue's vocabulary), summing
     * to 1, or all zeros when the history has no item with a genre.
     */
    public double[] genreWeights(RecRequest request) {
        HistoryWeights h = HistoryWeights.of(request, window, decay, itemGenres.length, ratings);
        double[] w = new double[genreLists.length];
        double total = 0;
        for (int j = 0; j < h.size(); j++) {
            for (int g : itemGenres[h.items()[j]]) {
                w[g] += h.weights()[j];
                total += h.weights()[j];
            }
        }
        if (total > 0) {
            for (int g = 0; g < w.length; g++) {
                w[g] /= total;
            }
        }
        return w;
    }

    /** Returns the items of a genre, best quality first (a copy). */
    public int[] genreList(int genre) {
        return genreLists[genre].clone();
    }

    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        Channels.check(request, limit);
        double[] w = genreWeights(request);
        IntDoubleTopK best = new IntDoubleTopK(Math.min(topGenres, w.length));
        for (int g = 0; g < w.length; g++) {
            if (w[g] > 0) {
                best.offer(g, w[g]);
            }
        }
        int[] preferred = best.drainIds();
        if (preferred.length == 0) {
            return List.of();
        }
        IntOpenHashSet met = new IntOpenHashSet();
        IntDoubleTopK top = new IntDoubleTopK(limit);
        for (int g : preferred) {
            int taken = 0;
            int[] list = genreLists[g];
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
                        if (contains(itemGenres[item], h)) {
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
        return "GenreChannel[" + name + ", " + genreLists.length + " genres, top " + topGenres + "]";
    }

    /**
     * Configures a {@link GenreChannel}. Setters only store; {@link #build()} checks every value and names the one
     * that is wrong. Not thread-safe.
     */
    public static final class Builder {
        private final ItemCatalog catalog;
        private final Interactions interactions;
        private String name = DEFAULT_NAME;
        private int topGenres = DEFAULT_TOP_GENRES;
        private int window = DEFAULT_WINDOW;
        private double decay = DEFAULT_RECENCY_DECAY;
        private Interactions ratings;
        private double[] quality;

        private Builder(ItemCatalog catalog, Interactions interactions) {
            this.catalog = catalog;
            this.interactions = interactions;
        }

        /**
         * Sets the channel name, not blank (default {@value GenreChannel#DEFAULT_NAME}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder withName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets how many of the user's top genres are used, at least 1 (default
         * {@value GenreChannel#DEFAULT_TOP_GENRES}).
         *
         * @param n the number of genres
         * @return this builder
         */
        public Builder withTopGenres(int n) {
            this.topGenres = n;
            return this;
        }

        /**
         * Sets how many distinct recent history items count, at least 1 (default
         * {@value GenreChannel#DEFAULT_WINDOW}: all).
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
         * {@value GenreChannel#DEFAULT_RECENCY_DECAY}: equal weights).
         *
         * @param decay the ratio
         * @return this builder
         */
        public Builder withRecencyDecay(double decay) {
            this.decay = decay;
            return this;
        }

        /**
         * Weighs each history item also by the user's rating of it: the value of the user's latest
         * interaction with the item in {@code ratings} (whose user indices the requests' {@code userIndex}
         * must use); an item the user did not rate there counts the user's mean rating, and every item of
         * an unknown user the global mean. Absent or null (the default): the weights are recency only.
         *
         * @param ratings the ratings
         * @return this builder
         */
        public Builder withRatings(Interactions ratings) {
            this.ratings = ratings;
            return this;
        }

        /**
         * Sets the per-item quality that orders each genre's list (index = dense item index, one entry per
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
         * @throws NullPointerException     naming {@code catalog} or {@code interactions} if it is null
         * @throws IllegalArgumentException naming the option that is wrong: a blank name, a count below 1, a
         *                                  decay outside (0, 1], a quality array without one entry per catalogue
         *                                  item
         */
        public GenreChannel build() {
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(interactions, "interactions");
            Channels.checkName(name);
            Channels.checkAtLeast("topGenres", topGenres, 1);
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
            return new GenreChannel(this, q);
        }
    }
}
