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
 *       {@linkplain Builder#ratingWeighted rating-weighted}); each item adds its weight to each of its
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
 * GenreChannel genres = GenreChannel.builder().topGenres(3).recencyDecay(0.9)
 *         .build(catalog, ratings);
 * }</pre>
 */
public final class GenreChannel implements CandidateSource {
    private final String name;
    private final int topGenres;
    private final int window;
    private final double decay;
    private final RatingLookup ratings;
    private final int[][] itemGenres;
    private final double[] quality;
    private final int[][] genreLists;

    private GenreChannel(Builder b, ItemCatalog catalog, double[] quality) {
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

    /** Returns a builder: 3 preferred genres, the whole history, no recency decay. */
    public static Builder builder() {
        return new Builder();
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

    /** Configures a {@link GenreChannel}; not thread-safe. */
    public static final class Builder {
        private String name = "genre";
        private int topGenres = 3;
        private int window = Integer.MAX_VALUE;
        private double decay = 1;
        private Interactions ratings;
        private double[] quality;

        private Builder() {
        }

        /** Sets the channel name (default {@code genre}). */
        public Builder name(String name) {
            this.name = Channels.checkName(name);
            return this;
        }

        /** Sets how many of the user's top genres are used (default 3, at least 1). */
        public Builder topGenres(int n) {
            this.topGenres = Channels.checkAtLeast("topGenres", n, 1);
            return this;
        }

        /** Sets how many distinct recent history items count (default all, at least 1). */
        public Builder window(int n) {
            this.window = Channels.checkAtLeast("window", n, 1);
            return this;
        }

        /** Sets the weight ratio between consecutive history items, in (0, 1] (default 1: equal weights). */
        public Builder recencyDecay(double decay) {
            this.decay = Channels.checkDecay("recencyDecay", decay);
            return this;
        }

        /**
         * Weighs each history item also by the user's rating of it: the value of the user's latest
         * interaction with the item in {@code ratings} (whose user indices the requests' {@code userIndex}
         * must use); an item the user did not rate there counts the user's mean rating, and every item of
         * an unknown user the global mean. Without this call the weights are recency only.
         */
        public Builder ratingWeighted(Interactions ratings) {
            this.ratings = Objects.requireNonNull(ratings, "ratings");
            return this;
        }

        /**
         * Sets the per-item quality that orders each genre's list (index = dense item index; NaN leaves
         * the item out; copied). Default: each item's number of interactions.
         */
        public Builder itemQuality(double[] quality) {
            this.quality = Objects.requireNonNull(quality, "quality").clone();
            return this;
        }

        /**
         * Returns the channel.
         *
         * @param catalog      the items and their genres
         * @param interactions the log counted for the default quality (may be null when
         *                     {@link #itemQuality} was set)
         * @throws IllegalArgumentException if the quality array does not have one entry per catalogue item
         */
        public GenreChannel build(ItemCatalog catalog, Interactions interactions) {
            Objects.requireNonNull(catalog, "catalog");
            double[] q = quality;
            if (q == null) {
                Objects.requireNonNull(interactions, "interactions (needed for the default quality)");
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
            return new GenreChannel(this, catalog, q);
        }
    }
}
