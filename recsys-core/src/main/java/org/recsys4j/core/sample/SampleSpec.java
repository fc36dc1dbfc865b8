package org.recsys4j.core.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link SampleSet} holds and how it is encoded: the label rule, which history a sample needs, the
 * as-of features (recent positives, favourite values of categorical attributes and the affinity to them,
 * numeric aggregates), the item's static attributes, the time split, and the encoders' settings
 * ({@link SampleFeatures}).
 *
 * <p>Immutable. {@link #builder(LabelRule)} takes the one choice every spec makes (which events are
 * positive) and starts every other option from its {@code DEFAULT_} value; {@link Builder#build()}
 * validates them. Attributes are named here and checked against the catalogue by
 * {@link SampleSet#build(org.recsys4j.core.data.Interactions, org.recsys4j.core.data.ItemCatalog, SampleSpec)}.
 * {@link #protocolC()} is protocol C ({@code ctr-protocol-v1}) as one such configuration.
 *
 * <pre>{@code
 * SampleSpec shop = SampleSpec.builder(LabelRule.eventTypes(List.of("cart", "buy")))
 *         .withItemAttributes(List.of("category", "brand", "price"))   // static: one-hot, one-hot, buckets
 *         .withFavourites(List.of("category", "brand"))               // the user's top values, as of each sample
 *         .withMaxRecentPositives(10)
 *         .build();
 * }</pre>
 *
 * <p><b>Feature names.</b> The encoded features are named {@value #USER_ID}, {@value #ITEM_ID}, each item
 * attribute by its own name, {@value #RECENT_POSITIVES}, {@code favourite<Attribute>} per favourite
 * attribute ({@link #favouriteFeature}: {@code favouriteCategory}), {@code <attribute>Affinity}
 * ({@link #affinityFeature}), each {@link Aggregate} by {@link Aggregate#featureName()}, and
 * {@value #CROSS}. {@link Builder#withFeatureNames} renames any of them (protocol C calls the item
 * {@code movieId}).
 */
public final class SampleSpec {
    /** The user id feature's name. */
    public static final String USER_ID = "userId";
    /** The item id feature's name. */
    public static final String ITEM_ID = "itemId";
    /** The recent positive items feature's name. */
    public static final String RECENT_POSITIVES = "recentPositive";
    /** The wide cross (item × most recent positive) feature's name. */
    public static final String CROSS = "wideCross";

    /** A sample's user needs at least this many strictly earlier events. */
    public static final int DEFAULT_MIN_PRIOR_EVENTS = 2;
    /** How many of the user's most recent positive items a sample keeps. */
    public static final int DEFAULT_MAX_RECENT_POSITIVES = 5;
    /** Whether the recent-positive list holds each item once (its latest positive event): {@value}. */
    public static final boolean DEFAULT_RECENT_DISTINCT = true;
    /** The static item attributes a sample carries: none. */
    public static final List<String> DEFAULT_ITEM_ATTRIBUTES = List.of();
    /** The attributes whose favourite values a sample carries: none. */
    public static final List<String> DEFAULT_FAVOURITES = List.of();
    /** How many favourite values of each favourite attribute a sample keeps. */
    public static final int DEFAULT_MAX_FAVOURITES = 5;
    /** Whether each favourite attribute also gives an affinity numeric: {@value}. */
    public static final boolean DEFAULT_AFFINITIES = true;
    /** The numeric aggregates, in encoding order: every {@link Aggregate}, in declaration order. */
    public static final List<Aggregate> DEFAULT_AGGREGATES = List.of(Aggregate.values());
    /** Numerator of the train fraction: train = timestamp &le; the 4/5 quantile. */
    public static final int DEFAULT_TRAIN_NUM = 4;
    /** Denominator of the train fraction. */
    public static final int DEFAULT_TRAIN_DEN = 5;
    /** Numerator of the fit fraction inside train: fit = timestamp &le; the 9/10 quantile of train. */
    public static final int DEFAULT_FIT_NUM = 9;
    /** Denominator of the fit fraction. */
    public static final int DEFAULT_FIT_DEN = 10;
    /** Number of wide-cross buckets. */
    public static final int DEFAULT_CROSS_BUCKETS = 10_000;
    /** An id (user or item) needs this many train samples for its own index in the encoding; others are out of vocabulary. */
    public static final int DEFAULT_MIN_ID_COUNT = 2;
    /** Number of quantile buckets of a numeric or timestamp attribute in the encoding. */
    public static final int DEFAULT_NUMERIC_BUCKETS = 10;
    /** Renamed features: none. */
    public static final Map<String, String> DEFAULT_FEATURE_NAMES = Map.of();

    private static final int MAX_LIST = 1000;

    private final LabelRule labelRule;
    private final int minPriorEvents;
    private final int maxRecentPositives;
    private final boolean recentDistinct;
    private final List<String> itemAttributes;
    private final List<String> favourites;
    private final int maxFavourites;
    private final boolean affinities;
    private final List<Aggregate> aggregates;
    private final int trainNum;
    private final int trainDen;
    private final int fitNum;
    private final int fitDen;
    private final int crossBuckets;
    private final int minIdCount;
    private final int numericBuckets;
    private final Map<String, String> featureNames;

    private SampleSpec(Builder b, List<String> itemAttributes, List<String> favourites, List<Aggregate> aggregates,
                       Map<String, String> featureNames) {
        this.labelRule = b.labelRule;
        this.minPriorEvents = b.minPriorEvents;
        this.maxRecentPositives = b.maxRecentPositives;
        this.recentDistinct = b.recentDistinct;
        this.itemAttributes = itemAttributes;
        this.favourites = favourites;
        this.maxFavourites = b.maxFavourites;
        this.affinities = b.affinities;
        this.aggregates = aggregates;
        this.trainNum = b.trainNum;
        this.trainDen = b.trainDen;
        this.fitNum = b.fitNum;
        this.fitDen = b.fitDen;
        this.crossBuckets = b.crossBuckets;
        this.minIdCount = b.minIdCount;
        this.numericBuckets = b.numericBuckets;
        this.featureNames = featureNames;
    }

    /**
     * Returns a builder of a spec with the given label rule and every other option at its default.
     *
     * @param labelRule which events are positive (a null rule fails {@link Builder#build()})
     * @return the builder
     */
    public static Builder builder(LabelRule labelRule) {
        return new Builder(labelRule);
    }

    /**
     * Returns protocol C's spec ({@code ctr-protocol-v1}, {@link ProtocolCFeatures#spec()}): ratings &ge; 3.5
     * positive, the MovieLens attributes {@code genres} (multi-valued) and {@code year} (numeric, ten buckets),
     * favourite genres, no affinities, the six count / mean / deviation aggregates, protocol C's names.
     */
    public static SampleSpec protocolC() {
        return ProtocolCFeatures.spec();
    }

    /** Returns a builder holding this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder(labelRule);
        b.minPriorEvents = minPriorEvents;
        b.maxRecentPositives = maxRecentPositives;
        b.recentDistinct = recentDistinct;
        b.itemAttributes = itemAttributes;
        b.favourites = favourites;
        b.maxFavourites = maxFavourites;
        b.affinities = affinities;
        b.aggregates = aggregates;
        b.trainNum = trainNum;
        b.trainDen = trainDen;
        b.fitNum = fitNum;
        b.fitDen = fitDen;
        b.crossBuckets = crossBuckets;
        b.minIdCount = minIdCount;
        b.numericBuckets = numericBuckets;
        b.featureNames = featureNames;
        return b;
    }

    /** Returns which events are positive. */
    public LabelRule labelRule() {
        return labelRule;
    }

    /** Returns the minimum number of strictly earlier events of the user for an event to be a sample. */
    public int minPriorEvents() {
        return minPriorEvents;
    }

    /** Returns the maximum length of a sample's recent-positive list. */
    public int maxRecentPositives() {
        return maxRecentPositives;
    }

    /** Returns whether the recent-positive list holds each item once. */
    public boolean recentDistinct() {
        return recentDistinct;
    }

    /** Returns the static item attributes a sample carries, in encoding order (unmodifiable). */
    public List<String> itemAttributes() {
        return itemAttributes;
    }

    /** Returns the categorical attributes whose favourite values a sample carries, in order (unmodifiable). */
    public List<String> favourites() {
        return favourites;
    }

    /** Returns the maximum length of each favourite-value list. */
    public int maxFavourites() {
        return maxFavourites;
    }

    /** Returns whether each favourite attribute gives an affinity numeric. */
    public boolean affinities() {
        return affinities;
    }

    /** Returns the numeric aggregates, in encoding order (unmodifiable). */
    public List<Aggregate> aggregates() {
        return aggregates;
    }

    /** Returns the numerator of the train fraction. */
    public int trainNum() {
        return trainNum;
    }

    /** Returns the denominator of the train fraction. */
    public int trainDen() {
        return trainDen;
    }

    /** Returns the numerator of the fit fraction (inside train). */
    public int fitNum() {
        return fitNum;
    }

    /** Returns the denominator of the fit fraction (inside train). */
    public int fitDen() {
        return fitDen;
    }

    /** Returns the number of wide-cross buckets. */
    public int crossBuckets() {
        return crossBuckets;
    }

    /** Returns the number of train samples an id needs for its own index in the encoding. */
    public int minIdCount() {
        return minIdCount;
    }

    /** Returns the number of quantile buckets of a numeric or timestamp attribute. */
    public int numericBuckets() {
        return numericBuckets;
    }

    /** Returns the renamed features, name before renaming → name (unmodifiable). */
    public Map<String, String> featureNames() {
        return featureNames;
    }

    /**
     * Returns the name a feature has in the encoding: its renamed name, or {@code name} itself.
     *
     * @param name a feature name before renaming, e.g. {@value #ITEM_ID} or {@code itemCount}
     * @return the name to use
     */
    public String featureName(String name) {
        return featureNames.getOrDefault(name, name);
    }

    /** Returns the name of the favourite-value feature of an attribute before renaming: {@code favourite} + its capitalised name. */
    public static String favouriteFeature(String attribute) {
        return "favourite" + capitalised(attribute);
    }

    /** Returns the name of the affinity feature of an attribute before renaming: its name + {@code Affinity}. */
    public static String affinityFeature(String attribute) {
        return attribute + "Affinity";
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1);
    }

    /** Returns every feature name of this spec before renaming, in encoding order (ids, attributes, lists, numerics, cross). */
    List<String> baseFeatureNames() {
        List<String> n = new ArrayList<>();
        n.add(USER_ID);
        n.add(ITEM_ID);
        n.addAll(itemAttributes);
        n.add(RECENT_POSITIVES);
        for (String f : favourites) {
            n.add(favouriteFeature(f));
        }
        for (Aggregate a : aggregates) {
            n.add(a.featureName());
        }
        if (affinities) {
            for (String f : favourites) {
                n.add(affinityFeature(f));
            }
        }
        n.add(CROSS);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleSpec s && labelRule.equals(s.labelRule) && minPriorEvents == s.minPriorEvents
                && maxRecentPositives == s.maxRecentPositives && recentDistinct == s.recentDistinct
                && itemAttributes.equals(s.itemAttributes)
                && favourites.equals(s.favourites) && maxFavourites == s.maxFavourites && affinities == s.affinities
                && aggregates.equals(s.aggregates) && trainNum == s.trainNum && trainDen == s.trainDen
                && fitNum == s.fitNum && fitDen == s.fitDen && crossBuckets == s.crossBuckets
                && minIdCount == s.minIdCount && numericBuckets == s.numericBuckets
                && featureNames.equals(s.featureNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(labelRule, minPriorEvents, maxRecentPositives, recentDistinct, itemAttributes, favourites, maxFavourites,
                affinities, aggregates, trainNum, trainDen, fitNum, fitDen, crossBuckets, minIdCount, numericBuckets,
                featureNames);
    }

    /**
     * Returns every setting as text, the renamed features in name order: equal specs give equal text in every JVM
     * (a work folder keys saved artifacts by it).
     */
    @Override
    public String toString() {
        return "SampleSpec[label " + labelRule + ", minPriorEvents=" + minPriorEvents + ", maxRecentPositives="
                + maxRecentPositives + ", recentDistinct=" + recentDistinct + ", itemAttributes=" + itemAttributes + ", favourites=" + favourites
                + ", maxFavourites=" + maxFavourites + ", affinities=" + affinities + ", aggregates=" + aggregates
                + ", train=" + trainNum + "/" + trainDen + ", fit=" + fitNum + "/" + fitDen
                + ", crossBuckets=" + crossBuckets + ", minIdCount=" + minIdCount + ", numericBuckets="
                + numericBuckets + (featureNames.isEmpty() ? "" : ", featureNames=" + new java.util.TreeMap<>(featureNames))
                + "]";
    }

    /** Collects the options of a {@link SampleSpec}, starting from the defaults; setters only store. Not thread-safe. */
    public static final class Builder {
        private LabelRule labelRule;
        private int minPriorEvents = DEFAULT_MIN_PRIOR_EVENTS;
        private int maxRecentPositives = DEFAULT_MAX_RECENT_POSITIVES;
        private boolean recentDistinct = DEFAULT_RECENT_DISTINCT;
        private List<String> itemAttributes = DEFAULT_ITEM_ATTRIBUTES;
        private List<String> favourites = DEFAULT_FAVOURITES;
        private int maxFavourites = DEFAULT_MAX_FAVOURITES;
        private boolean affinities = DEFAULT_AFFINITIES;
        private List<Aggregate> aggregates = DEFAULT_AGGREGATES;
        private int trainNum = DEFAULT_TRAIN_NUM;
        private int trainDen = DEFAULT_TRAIN_DEN;
        private int fitNum = DEFAULT_FIT_NUM;
        private int fitDen = DEFAULT_FIT_DEN;
        private int crossBuckets = DEFAULT_CROSS_BUCKETS;
        private int minIdCount = DEFAULT_MIN_ID_COUNT;
        private int numericBuckets = DEFAULT_NUMERIC_BUCKETS;
        private Map<String, String> featureNames = DEFAULT_FEATURE_NAMES;

        private Builder(LabelRule labelRule) {
            this.labelRule = labelRule;
        }

        /**
         * Replaces the label rule given to {@link SampleSpec#builder(LabelRule)} (no default: every spec
         * states it); returns this builder.
         */
        public Builder withLabelRule(LabelRule rule) {
            this.labelRule = rule;
            return this;
        }

        /**
         * Sets the minimum number of strictly earlier events of the user for an event to be a sample, at least
         * 0 (default {@value SampleSpec#DEFAULT_MIN_PRIOR_EVENTS}); returns this builder. Events before it are
         * still history: they count in every later sample's features.
         */
        public Builder withMinPriorEvents(int min) {
            this.minPriorEvents = min;
            return this;
        }

        /**
         * Sets the maximum length of the recent-positive list, 0 to 1000 (0 leaves it empty; default
         * {@value SampleSpec#DEFAULT_MAX_RECENT_POSITIVES}); returns this builder.
         */
        public Builder withMaxRecentPositives(int max) {
            this.maxRecentPositives = max;
            return this;
        }

        /**
         * Sets whether the recent-positive list holds each item once, at its latest positive event (default
         * {@value SampleSpec#DEFAULT_RECENT_DISTINCT}); with {@code false} an item positive twice (a cart, then a
         * purchase) is in it twice, as protocol C defines it; returns this builder.
         */
        public Builder withRecentDistinct(boolean distinct) {
            this.recentDistinct = distinct;
            return this;
        }

        /**
         * Sets the static item attributes a sample carries, by name (default none): categorical (one-hot),
         * multi-valued categorical (multi-hot), numeric or timestamp (quantile buckets, missing → bucket 0);
         * returns this builder.
         */
        public Builder withItemAttributes(List<String> attributes) {
            this.itemAttributes = attributes;
            return this;
        }

        /**
         * Sets the categorical or multi-valued categorical attributes whose favourite values a sample carries
         * (default none): over the user's positive events strictly before the sample, each value of the
         * event's item counts +1; the values by count descending, then name ascending, the first
         * {@link #withMaxFavourites maxFavourites}. Returns this builder.
         */
        public Builder withFavourites(List<String> attributes) {
            this.favourites = attributes;
            return this;
        }

        /**
         * Sets the maximum length of each favourite-value list, 0 to 1000 (default
         * {@value SampleSpec#DEFAULT_MAX_FAVOURITES}); returns this builder.
         */
        public Builder withMaxFavourites(int max) {
            this.maxFavourites = max;
            return this;
        }

        /**
         * Sets whether each favourite attribute also gives an affinity numeric (default
         * {@value SampleSpec#DEFAULT_AFFINITIES}): the largest share, over the sample item's values, of the
         * user's earlier positive events whose item has that value (0 without any); returns this builder.
         */
        public Builder withAffinities(boolean affinities) {
            this.affinities = affinities;
            return this;
        }

        /**
         * Sets the numeric aggregates, in encoding order, each at most once (default every {@link Aggregate});
         * returns this builder.
         */
        public Builder withAggregates(List<Aggregate> aggregates) {
            this.aggregates = aggregates;
            return this;
        }

        /**
         * Sets the train fraction {@code num/den} of the time split, in (0, 1] (default
         * {@value SampleSpec#DEFAULT_TRAIN_NUM}/{@value SampleSpec#DEFAULT_TRAIN_DEN}); returns this builder.
         */
        public Builder withTrainFraction(int num, int den) {
            this.trainNum = num;
            this.trainDen = den;
            return this;
        }

        /**
         * Sets the fit fraction {@code num/den} of the time split inside train, in (0, 1] (default
         * {@value SampleSpec#DEFAULT_FIT_NUM}/{@value SampleSpec#DEFAULT_FIT_DEN}); returns this builder.
         */
        public Builder withFitFraction(int num, int den) {
            this.fitNum = num;
            this.fitDen = den;
            return this;
        }

        /** Sets the number of wide-cross buckets, at least 1 (default {@value SampleSpec#DEFAULT_CROSS_BUCKETS}); returns this builder. */
        public Builder withCrossBuckets(int buckets) {
            this.crossBuckets = buckets;
            return this;
        }

        /**
         * Sets how many train samples a user or item id needs for its own index in the encoding, at least 1
         * (default {@value SampleSpec#DEFAULT_MIN_ID_COUNT}); returns this builder.
         */
        public Builder withMinIdCount(int min) {
            this.minIdCount = min;
            return this;
        }

        /**
         * Sets the number of quantile buckets of a numeric or timestamp attribute, 1 to 1000 (default
         * {@value SampleSpec#DEFAULT_NUMERIC_BUCKETS}); returns this builder.
         */
        public Builder withNumericBuckets(int buckets) {
            this.numericBuckets = buckets;
            return this;
        }

        /**
         * Renames features (default none): a map from a feature's name before renaming (see the class
         * comment) to the name it has in the encoding; returns this builder.
         */
        public Builder withFeatureNames(Map<String, String> names) {
            this.featureNames = names;
            return this;
        }

        /**
         * Returns the spec.
         *
         * @throws NullPointerException     naming a null label rule, list, map, name or aggregate
         * @throws IllegalArgumentException naming the option and value when a value is out of its range, a list
         *                                  names something twice or an empty attribute, a rename names a feature
         *                                  the spec does not have, or two features end with one name
         */
        public SampleSpec build() {
            Objects.requireNonNull(labelRule, "labelRule");
            if (minPriorEvents < 0) {
                throw new IllegalArgumentException("minPriorEvents: " + minPriorEvents + ", must be >= 0");
            }
            checkRange("maxRecentPositives", maxRecentPositives, 0, MAX_LIST);
            checkRange("maxFavourites", maxFavourites, 0, MAX_LIST);
            List<String> attrs = names("itemAttributes", itemAttributes);
            List<String> favs = names("favourites", favourites);
            Objects.requireNonNull(aggregates, "aggregates");
            Set<Aggregate> seen = new HashSet<>();
            for (Aggregate a : aggregates) {
                Objects.requireNonNull(a, "aggregates: an aggregate");
                if (!seen.add(a)) {
                    throw new IllegalArgumentException("aggregates: " + a + " is listed twice in " + aggregates);
                }
            }
            checkFraction("trainFraction", trainNum, trainDen);
            checkFraction("fitFraction", fitNum, fitDen);
            if (crossBuckets < 1) {
                throw new IllegalArgumentException("crossBuckets: " + crossBuckets + ", must be >= 1");
            }
            if (minIdCount < 1) {
                throw new IllegalArgumentException("minIdCount: " + minIdCount + ", must be >= 1");
            }
            checkRange("numericBuckets", numericBuckets, 1, MAX_LIST);
            Objects.requireNonNull(featureNames, "featureNames");
            Map<String, String> renames = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : featureNames.entrySet()) {
                Objects.requireNonNull(e.getKey(), "featureNames: a feature");
                Objects.requireNonNull(e.getValue(), "featureNames: the name of '" + e.getKey() + "'");
                if (e.getValue().isEmpty()) {
                    throw new IllegalArgumentException("featureNames: '" + e.getKey() + "' renamed to an empty name");
                }
                renames.put(e.getKey(), e.getValue());
            }
            SampleSpec spec = new SampleSpec(this, attrs, favs, List.copyOf(aggregates),
                    Collections.unmodifiableMap(renames));
            List<String> base = spec.baseFeatureNames();
            for (String from : renames.keySet()) {
                if (!base.contains(from)) {
                    throw new IllegalArgumentException("featureNames: '" + from + "' is not a feature of this spec; "
                            + "its features: " + base);
                }
            }
            Set<String> finalNames = new HashSet<>();
            for (String b : base) {
                String name = spec.featureName(b);
                if (!finalNames.add(name)) {
                    throw new IllegalArgumentException("featureNames: two features are called '" + name
                            + "' (features before renaming: " + base + ", renamed: " + renames + ")");
                }
            }
            return spec;
        }

        private static List<String> names(String option, List<String> names) {
            Objects.requireNonNull(names, option);
            Set<String> seen = new HashSet<>();
            for (String n : names) {
                Objects.requireNonNull(n, option + ": an attribute");
                if (n.isEmpty()) {
                    throw new IllegalArgumentException(option + ": an empty attribute name");
                }
                if (!seen.add(n)) {
                    throw new IllegalArgumentException(option + ": '" + n + "' is listed twice in " + names);
                }
            }
            return List.copyOf(names);
        }

        private static void checkRange(String option, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(option + ": " + value + ", must be in [" + min + ", " + max + "]");
            }
        }

        private static void checkFraction(String option, int num, int den) {
            if (num <= 0 || den <= 0 || num > den) {
                throw new IllegalArgumentException(option + ": " + num + "/" + den + ", must be in (0, 1]");
            }
        }
    }
}
