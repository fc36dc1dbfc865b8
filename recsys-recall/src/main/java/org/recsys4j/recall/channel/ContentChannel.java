package org.recsys4j.recall.channel;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Content-based recall: a user profile over item features, scored against every item by cosine (the
 * user×feature weights of the source tutorial).
 *
 * <p><b>Features</b> (built once from an {@link ItemCatalog}): {@code genre:<name>} for each genre,
 * {@code tag:<text>} for each tag (lower-cased, trimmed) attached to at least {@code minTagItems}
 * distinct items, and {@code year:<bucket start>} for the release year rounded down to a multiple of
 * {@code yearBucket} years (e.g. {@code year:1990}). Each item is the binary vector of its features,
 * divided by its norm (so {@code |x_i| = 1}); they are kept as a sparse item×feature matrix and its
 * transpose.
 *
 * <p><b>Profile</b>: {@code p = Σ_r decay^r · x_{h_r}} over the last {@code window} distinct history
 * items {@code h_r}, most recent first, each term also multiplied by the user's rating of {@code h_r}
 * when {@linkplain Builder#withRatings rating-weighted} (the user×feature weights of the tutorial).
 * <b>Score</b>: {@code cos(p, x_i) = p·x_i / |p|} for every item
 * sharing a feature with the profile (computed feature by feature through the transpose); items the
 * request excludes are skipped. A history without featured items gives an empty list.
 *
 * <pre>{@code
 * ContentChannel content = ContentChannel.builder(catalog).withMinTagItems(2).withYearBucket(10).build();
 * }</pre>
 */
public final class ContentChannel implements CandidateSource {
    /** The default channel name. */
    public static final String DEFAULT_NAME = "content";
    /** The default number of distinct items a tag needs to become a feature. */
    public static final int DEFAULT_MIN_TAG_ITEMS = 2;
    /** The default width of a year bucket, in years. */
    public static final int DEFAULT_YEAR_BUCKET = 10;
    /** The default number of distinct recent history items that make the profile. */
    public static final int DEFAULT_WINDOW = 50;
    /** The default weight ratio between consecutive history items (1: equal weights). */
    public static final double DEFAULT_RECENCY_DECAY = 1.0;

    private final String name;
    private final int window;
    private final double decay;
    private final RatingLookup ratings;
    private final List<String> features;
    private final int[] rowStart;      // item -> features (CSR)
    private final int[] rowFeature;
    private final float[] rowValue;
    private final int[] colStart;      // feature -> items (CSC)
    private final int[] colItem;
    private final float[] colValue;

    private ContentChannel(Builder b) {
        ItemCatalog catalog = b.catalog;
        this.name = b.name;
        this.window = b.window;
        this.decay = b.decay;
        this.ratings = b.ratings == null ? null : RatingLookup.of(b.ratings);
        int n = catalog.size();
        // tags kept: those on at least minTagItems distinct items
        Map<String, Integer> tagItems = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            for (String t : itemTags(catalog, i)) {
                tagItems.merge(t, 1, Integer::sum);
            }
        }
        List<String> vocab = new ArrayList<>();
        for (String g : catalog.genreVocabulary()) {
            vocab.add("genre:" + g);
        }
        Set<Integer> buckets = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) {
            OptionalInt y = catalog.year(i);
            if (y.isPresent()) {
                buckets.add(Math.floorDiv(y.getAsInt(), b.yearBucket) * b.yearBucket);
            }
        }
        for (int bucket : buckets) {
            vocab.add("year:" + bucket);
        }
        tagItems.entrySet().stream().filter(e -> e.getValue() >= b.minTagItems).map(Map.Entry::getKey).sorted()
                .forEach(t -> vocab.add("tag:" + t));
        this.features = List.copyOf(vocab);
        Object2IntOpenHashMap<String> fid = new Object2IntOpenHashMap<>();
        fid.defaultReturnValue(-1);
        for (int f = 0; f < features.size(); f++) {
            fid.put(features.get(f), f);
        }
        int[][] rowsF = new int[n][];
        int nnz = 0;
        for (int i = 0; i < n; i++) {
            int[] genres = catalog.genres(i);
            int[] f = new int[genres.length + 1 + catalog.tags(i).size()];
            int m = 0;
            for (int g : genres) {
                f[m++] = g; // genre features come first in the vocabulary, in genre order
            }
            OptionalInt y = catalog.year(i);
            if (y.isPresent()) {
                f[m++] = fid.getInt("year:" + Math.floorDiv(y.getAsInt(), b.yearBucket) * b.yearBucket);
            }
            for (String t : itemTags(catalog, i)) {
                int id = fid.getInt("tag:" + t);
                if (id >= 0) {
                    f[m++] = id;
                }
            }
            rowsF[i] = Arrays.copyOf(f, m);
            Arrays.sort(rowsF[i]);
            nnz += m;
        }
        rowStart = new int[n + 1];
        rowFeature = new int[nnz];
        rowValue = new float[nnz];
        int[] colCount = new int[features.size() + 1];
        for (int i = 0, p = 0; i < n; i++) {
            rowStart[i] = p;
            float v = rowsF[i].length == 0 ? 0 : (float) (1 / Math.sqrt(rowsF[i].length));
            for (int f : rowsF[i]) {
                rowFeature[p] = f;
                rowValue[p++] = v;
                colCount[f + 1]++;
            }
        }
        rowStart[n] = nnz;
        colStart = new int[features.size() + 1];
        for (int f = 0; f < features.size(); f++) {
            colStart[f + 1] = colStart[f] + colCount[f + 1];
        }
        colItem = new int[nnz];
        colValue = new float[nnz];
        int[] fill = Arrays.copyOf(colStart, features.size());
        for (int i = 0; i < n; i++) {
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                int q = fill[rowFeature[p]]++;
                colItem[q] = i;
                colValue[q] = rowValue[p];
            }
        }
    }

    private static Set<String> itemTags(ItemCatalog catalog, int item) {
        Set<String> out = new HashSet<>();
        for (ItemCatalog.Tag t : catalog.tags(item)) {
            String s = t.tag().trim().toLowerCase(Locale.ROOT);
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Returns a builder of the channel over a catalogue's items; the options start at the {@code DEFAULT_*}
     * values. The catalogue is checked by {@link Builder#build()}.
     *
     * @param catalog the items, with their genres, tags and years
     * @return the builder
     */
    public static Builder builder(ItemCatalog catalog) {
        return new Builder(catalog);
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the feature names, in feature-index order (unmodifiable). */
    public List<String> features() {
        return features;
    }

    /**
     * Returns an item's features and their weights (after normalisation), by feature name.
     *
     * @param item a dense item index of the catalogue
     * @return the features, in feature-index order
     */
    public Map<String, Double> itemFeatures(int item) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int p = rowStart[item]; p < rowStart[item + 1]; p++) {
            out.put(features.get(rowFeature[p]), (double) rowValue[p]);
        }
        return out;
    }

    /** Returns the request's profile (feature index → weight), zero for features it does not have. */
    public double[] profile(RecRequest request) {
        HistoryWeights h = HistoryWeights.of(request, window, decay, rowStart.length - 1, ratings);
        double[] p = new double[features.size()];
        for (int j = 0; j < h.size(); j++) {
            int i = h.items()[j];
            for (int q = rowStart[i]; q < rowStart[i + 1]; q++) {
                p[rowFeature[q]] += h.weights()[j] * rowValue[q];
            }
        }
        return p;
    }

    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        Channels.check(request, limit);
        double[] p = profile(request);
        double norm2 = 0;
        for (double x : p) {
            norm2 += x * x;
        }
        if (norm2 == 0) {
            return List.of();
        }
        double inv = 1 / Math.sqrt(norm2);
        int n = rowStart.length - 1;
        double[] score = new double[n];
        Arrays.fill(score, Double.NaN);
        int ops = 0;
        for (int f = 0; f < p.length; f++) {
            if (p[f] == 0) {
                continue;
            }
            double pf = p[f] * inv;
            for (int q = colStart[f]; q < colStart[f + 1]; q++) {
                Channels.checkDeadline(ops++, request, name);
                int i = colItem[q];
                double s = score[i];
                score[i] = (Double.isNaN(s) ? 0 : s) + pf * colValue[q];
            }
        }
        return Channels.top(name, score, request, limit);
    }

    @Override
    public String toString() {
        return "ContentChannel[" + name + ", " + features.size() + " features]";
    }

    /**
     * Configures a {@link ContentChannel}. Setters only store; {@link #build()} checks every value and names the
     * one that is wrong. Not thread-safe.
     */
    public static final class Builder {
        private final ItemCatalog catalog;
        private String name = DEFAULT_NAME;
        private int minTagItems = DEFAULT_MIN_TAG_ITEMS;
        private int yearBucket = DEFAULT_YEAR_BUCKET;
        private int window = DEFAULT_WINDOW;
        private double decay = DEFAULT_RECENCY_DECAY;
        private Interactions ratings;

        private Builder(ItemCatalog catalog) {
            this.catalog = catalog;
        }

        /**
         * Sets the channel name, not blank (default {@value ContentChannel#DEFAULT_NAME}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder withName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets how many distinct items a tag needs to become a feature, at least 1 (default
         * {@value ContentChannel#DEFAULT_MIN_TAG_ITEMS}).
         *
         * @param n the number of items
         * @return this builder
         */
        public Builder withMinTagItems(int n) {
            this.minTagItems = n;
            return this;
        }

        /**
         * Sets the width of a year bucket in years, at least 1 (default {@value ContentChannel#DEFAULT_YEAR_BUCKET}).
         *
         * @param years the width
         * @return this builder
         */
        public Builder withYearBucket(int years) {
            this.yearBucket = years;
            return this;
        }

        /**
         * Sets how many distinct recent history items make the profile, at least 1 (default
         * {@value ContentChannel#DEFAULT_WINDOW}).
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
         * {@value ContentChannel#DEFAULT_RECENCY_DECAY}).
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
         * Returns the channel over the catalogue's items.
         *
         * @return the channel
         * @throws NullPointerException     naming {@code catalog} if it is null
         * @throws IllegalArgumentException naming the option that is wrong: a blank name, a count below 1 or a
         *                                  decay outside (0, 1]
         */
        public ContentChannel build() {
            Objects.requireNonNull(catalog, "catalog");
            Channels.checkName(name);
            Channels.checkAtLeast("minTagItems", minTagItems, 1);
            Channels.checkAtLeast("yearBucket", yearBucket, 1);
            Channels.checkAtLeast("window", window, 1);
            Channels.checkDecay("recencyDecay", decay);
            return new ContentChannel(this);
        }
    }
}
