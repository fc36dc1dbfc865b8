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
import java.util.Set;

/**
 * Content-based recall: a user profile over item features, scored against every item by cosine (the
 * user×feature weights of the source tutorial).
 *
 * <p><b>Features</b> (built once from an {@link ItemCatalog}, from the attributes named on the builder, in
 * the order they are added): {@code <attribute>:<value>} for each value of a CATEGORICAL or
 * MULTI_CATEGORICAL attribute ({@link Builder#addAttribute}, e.g. {@code category:shoes}, in vocabulary
 * order); {@code <attribute>:<bucket start>} for the value of a NUMERIC or TIMESTAMP attribute rounded down
 * to a multiple of a width ({@link Builder#addBuckets}, e.g. {@code price:50} with width 25, in ascending
 * order); then {@code tag:<text>} for each of the catalogue's tags (lower-cased, trimmed) attached to at
 * least {@code minTagItems} distinct items. Each item is the binary vector of its features, divided by its
 * norm (so {@code |x_i| = 1}); they are kept as a sparse item×feature matrix and its transpose.
 *
 * <p><b>Profile</b>: {@code p = Σ_r decay^r · x_{h_r}} over the last {@code window} distinct history
 * items {@code h_r}, most recent first, each term also multiplied by the user's rating of {@code h_r}
 * when {@linkplain Builder#withRatings rating-weighted} (the user×feature weights of the tutorial).
 * <b>Score</b>: {@code cos(p, x_i) = p·x_i / |p|} for every item
 * sharing a feature with the profile (computed feature by feature through the transpose); items the
 * request excludes are skipped. A history without featured items gives an empty list.
 *
 * <pre>{@code
 * ContentChannel content = ContentChannel.builder(catalog).addAttribute("category").addAttribute("brand")
 *         .addBuckets("price", 25).withMinTagItems(2).build();
 * }</pre>
 */
public final class ContentChannel implements CandidateSource {
    /** The default channel name. */
    public static final String DEFAULT_NAME = "content";
    /** The default number of distinct items a tag needs to become a feature. */
    public static final int DEFAULT_MIN_TAG_ITEMS = 2;
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
        List<int[][]> sourceCodes = new ArrayList<>();   // per source: the item's feature offsets in it
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
        for (Source src : b.sources) {
            int base = vocab.size();
            int[][] codes;
            if (!src.numeric) {       // categorical: one feature per value, in vocabulary order
                for (String v : catalog.categoryVocabulary(src.attribute)) {
                    vocab.add(src.attribute + ":" + v);
                }
                codes = catalog.categoryCodes(src.attribute);
            } else {                  // numeric: one feature per bucket present, ascending
                double[] values = catalog.numbers(src.attribute);
                java.util.TreeSet<Double> buckets = new java.util.TreeSet<>();
                for (double v : values) {
                    if (!Double.isNaN(v)) {
                        buckets.add(bucket(v, src.width));
                    }
                }
                List<Double> starts = new ArrayList<>(buckets);
                for (double start : starts) {
                    vocab.add(src.attribute + ":" + number(start));
                }
                codes = new int[n][];
                for (int i = 0; i < n; i++) {
                    codes[i] = Double.isNaN(values[i]) ? new int[0]
                            : new int[] {java.util.Collections.binarySearch(starts, bucket(values[i], src.width))};
                }
            }
            for (int[] c : codes) {
                for (int k = 0; k < c.length; k++) {
                    c[k] += base;
                }
            }
            sourceCodes.add(codes);
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
            int size = catalog.tags(i).size();
            for (int[][] codes : sourceCodes) {
                size += codes[i].length;
            }
            int[] f = new int[size];
            int m = 0;
            for (int[][] codes : sourceCodes) {
                for (int c : codes[i]) {
                    f[m++] = c;   // the attributes' features come first in the vocabulary, in their order
                }
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

    private static double bucket(double v, double width) {
        return Math.floor(v / width) * width;
    }

    /** Writes a bucket start as a whole number when it is one ({@code 1990}, not {@code 1990.0}). */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
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
     * Returns a builder of the channel over a catalogue's items; name the attributes that become features with
     * {@link Builder#addAttribute} and {@link Builder#addBuckets}; the options start at the {@code DEFAULT_*}
     * values. The catalogue is checked by {@link Builder#build()}.
     *
     * @param catalog the items, with their attributes and tags
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

    /** One attribute that gives features: categorical, or numeric in buckets of {@code width}. */
    private record Source(String attribute, boolean numeric, double width) {
    }

    /**
     * Configures a {@link ContentChannel}. Setters only store; {@link #build()} checks every value and names the
     * one that is wrong. Not thread-safe.
     */
    public static final class Builder {
        private final ItemCatalog catalog;
        private final List<Source> sources = new ArrayList<>();
        private String name = DEFAULT_NAME;
        private int minTagItems = DEFAULT_MIN_TAG_ITEMS;
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
         * Adds the values of a CATEGORICAL or MULTI_CATEGORICAL attribute as features, one per value
         * ({@code <attribute>:<value>}).
         *
         * @param attribute the attribute's name (checked by {@link #build()})
         * @return this builder
         */
        public Builder addAttribute(String attribute) {
            sources.add(new Source(attribute, false, 0));
            return this;
        }

        /**
         * Adds a NUMERIC or TIMESTAMP attribute as features: each item's value rounded down to a multiple of
         * {@code width} ({@code <attribute>:<bucket start>}); an item without a value has none of them.
         *
         * @param attribute the attribute's name (checked by {@link #build()})
         * @param width     the bucket width in the attribute's unit (seconds for a TIMESTAMP), positive and finite
         * @return this builder
         */
        public Builder addBuckets(String attribute, double width) {
            sources.add(new Source(attribute, true, width));
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
         * @throws NullPointerException     naming {@code catalog} or a null attribute name
         * @throws IllegalArgumentException naming what is wrong: an attribute the catalogue does not have or of
         *                                  the wrong type for its method (listing the catalogue's attributes), one
         *                                  added twice, a bucket width that is not positive and finite, no feature
         *                                  source at all (no attribute added and no tag in the catalogue), a blank
         *                                  name, a count below 1 or a decay outside (0, 1]
         */
        public ContentChannel build() {
            Objects.requireNonNull(catalog, "catalog");
            Set<String> seen = new HashSet<>();
            for (Source src : sources) {
                Objects.requireNonNull(src.attribute, "attribute");
                if (!seen.add(src.attribute)) {
                    throw new IllegalArgumentException("attribute: '" + src.attribute + "' added twice");
                }
                if (!src.numeric) {
                    catalog.categoryVocabulary(src.attribute);   // throws naming a missing or numeric attribute
                } else {
                    if (!(src.width > 0) || Double.isInfinite(src.width)) {
                        throw new IllegalArgumentException("addBuckets: '" + src.attribute + "' width " + src.width
                                + ", must be positive and finite");
                    }
                    catalog.numbers(src.attribute);              // throws naming a missing or categorical attribute
                }
            }
            if (sources.isEmpty() && catalog.tagCount() == 0) {
                throw new IllegalArgumentException("features: none: add the attributes that describe the items "
                        + "(addAttribute for categories, addBuckets for numbers and times; the catalogue has "
                        + catalog.attributes() + ") or give the catalogue tags");
            }
            Channels.checkName(name);
            Channels.checkAtLeast("minTagItems", minTagItems, 1);
            Channels.checkAtLeast("window", window, 1);
            Channels.checkDecay("recencyDecay", decay);
            return new ContentChannel(this);
        }
    }
}
