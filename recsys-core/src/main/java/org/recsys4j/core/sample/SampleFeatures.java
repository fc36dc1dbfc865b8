package org.recsys4j.core.sample;

import org.recsys4j.core.data.ItemAttribute;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.FeatureSchema;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.HashedCross;
import org.recsys4j.core.feature.MinMaxScaler;
import org.recsys4j.core.feature.MultiHot;
import org.recsys4j.core.feature.QuantileBuckets;
import org.recsys4j.core.feature.Vocabulary;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The encoding of a {@link SampleSet} under its {@link SampleSpec}: a {@link FeatureSchema} whose rows are
 * sample indices, fitted on the train samples (fit ∪ validation). Every encoder is fitted on train only and
 * applied to every sample.
 *
 * <p>The features, in order, under the spec's names ({@link SampleSpec#featureName}):
 * <ol>
 *   <li>{@value SampleSpec#USER_ID} and {@value SampleSpec#ITEM_ID}: vocabularies of the ids with at least
 *       {@link SampleSpec#minIdCount()} train samples, ascending, index = 1 + position, 0 = out of vocabulary;</li>
 *   <li>each item attribute: a categorical or multi-valued one multi-hot over the values of the train samples'
 *       items (a categorical item has 0 or 1 value); a numeric or timestamp one in
 *       {@link SampleSpec#numericBuckets()} quantile buckets of the train samples' values (missing → 0);</li>
 *   <li>{@value SampleSpec#RECENT_POSITIVES}: multi-hot through the item vocabulary (unknown → 0);</li>
 *   <li>each favourite attribute: multi-hot through that attribute's vocabulary when it is also an item
 *       attribute, else over its own vocabulary of the train samples' favourite values;</li>
 *   <li>the aggregates, then the affinities: min-max scaled with the train bounds, not clipped;</li>
 *   <li>{@value SampleSpec#CROSS}: the hashed cross of the item and the most recent positive.</li>
 * </ol>
 * Protocol C's encoding (section 6) is this under {@link SampleSpec#protocolC()}.
 *
 * <pre>{@code
 * SampleSet samples = SampleSet.build(log, feedback, catalog, spec);
 * FittedSchema<Integer> features = SampleFeatures.fit(samples);
 * SparseRow row = features.sparse(0);           // fields, indices, values of sample 0
 * }</pre>
 */
public final class SampleFeatures {
    private SampleFeatures() {
    }

    /**
     * Reads the values the encoding needs from one row of some sample type: {@link SampleSet}'s sample indices on one
     * machine, a distributed job's sample records elsewhere. {@link #schema(SampleSpec, ItemCatalog, boolean, boolean,
     * Source)} declares the one encoding over any such source, so that every engine that builds samples encodes them
     * with the same features, fitted by the same trainers.
     *
     * @param <R> the row type
     */
    public interface Source<R> {
        /** Returns the row's numeric user id (read only when the user ids are numeric). */
        long userId(R row);

        /** Returns the row's user id as text (read only when the user ids are text). */
        String userKey(R row);

        /** Returns the row's numeric item id (read only when the item ids are numeric). */
        long itemId(R row);

        /** Returns the row's item id as text (read only when the item ids are text). */
        String itemKey(R row);

        /** Returns the values of a CATEGORICAL (0 or 1 value) or MULTI_CATEGORICAL attribute of the row's item. */
        List<String> itemValues(R row, String attribute);

        /** Returns the value of a NUMERIC or TIMESTAMP attribute of the row's item, NaN when missing ({@link #numericValues}). */
        double itemNumber(R row, String attribute);

        /** Returns the numeric ids of the row's recent positive items, most recent first. */
        long[] recentPositiveIds(R row);

        /** Returns the text ids of the row's recent positive items, most recent first. */
        List<String> recentPositiveKeys(R row);

        /** Returns the favourite values of favourite attribute {@code f} (a position in {@link SampleSpec#favourites()}). */
        List<String> favouriteValues(R row, int f);

        /** Returns one aggregate of the row. */
        double aggregate(R row, Aggregate a);

        /** Returns the affinity of the row's item to favourite attribute {@code f}. */
        double affinity(R row, int f);

        /** Returns the cross key of the row's item ({@link SampleSet#crossKey}). */
        long itemCrossKey(R row);

        /** Returns the cross key of the row's most recent positive item, 0 when none. */
        long firstRecentCrossKey(R row);
    }

    /** Returns the (unfitted) encoding of the samples of {@code samples}. */
    public static FeatureSchema<Integer> schema(SampleSet samples) {
        ItemCatalog catalog = samples.catalog();
        Map<String, double[]> numbers = new ConcurrentHashMap<>();
        Source<Integer> source = new Source<>() {
            @Override
            public long userId(Integer i) {
                return samples.userId(i);
            }

            @Override
            public String userKey(Integer i) {
                return samples.userKey(i);
            }

            @Override
            public long itemId(Integer i) {
                return samples.itemId(i);
            }

            @Override
            public String itemKey(Integer i) {
                return samples.itemKey(i);
            }

            @Override
            public List<String> itemValues(Integer i, String attribute) {
                ItemAttribute attr = catalog.attribute(attribute).orElseThrow();
                if (attr instanceof ItemAttribute.MultiCategorical m) {
                    return m.valuesAt(samples.itemIndex(i));
                }
                return ((ItemAttribute.Categorical) attr).valueAt(samples.itemIndex(i)).map(List::of).orElse(List.of());
            }

            @Override
            public double itemNumber(Integer i, String attribute) {
                return numbers.computeIfAbsent(attribute, a -> numericValues(catalog.attribute(a).orElseThrow()))
                        [samples.itemIndex(i)];
            }

            @Override
            public long[] recentPositiveIds(Integer i) {
                return samples.recentPositiveIds(i);
            }

            @Override
            public List<String> recentPositiveKeys(Integer i) {
                return samples.recentPositiveKeys(i);
            }

            @Override
            public List<String> favouriteValues(Integer i, int f) {
                return samples.favouriteValues(i, f);
            }

            @Override
            public double aggregate(Integer i, Aggregate a) {
                return samples.aggregate(i, a);
            }

            @Override
            public double affinity(Integer i, int f) {
                return samples.affinity(i, f);
            }

            @Override
            public long itemCrossKey(Integer i) {
                return samples.itemCrossKey(i);
            }

            @Override
            public long firstRecentCrossKey(Integer i) {
                return samples.firstRecentCrossKey(i);
            }
        };
        return schema(samples.spec(), catalog, samples.history().users().isNumeric(),
                samples.history().items().isNumeric(), source);
    }

    /**
     * Returns the (unfitted) encoding of samples of any row type under {@code spec}: the features listed in the class
     * comment, read through {@code source}. {@link #schema(SampleSet)} is this over a sample set; a distributed job
     * declares it over its own sample records, fits it (or reads a fitted copy with
     * {@link FeatureSchema#read(java.io.InputStream, String)}) and gets the same encoders and the same rows.
     *
     * @param spec         what the samples hold
     * @param catalog      the items' attributes (their types choose the encoders)
     * @param numericUsers whether the user ids are numeric (else text)
     * @param numericItems whether the item ids are numeric (else text)
     * @param source       reads each feature's value from a row
     * @param <R>          the row type
     * @return the encoding, to fit on the train rows
     * @throws IllegalArgumentException if an item attribute of the spec is missing from the catalogue or is TEXT
     */
    public static <R> FeatureSchema<R> schema(SampleSpec spec, ItemCatalog catalog, boolean numericUsers,
                                              boolean numericItems, Source<R> source) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(source, "source");
        String userName = spec.featureName(SampleSpec.USER_ID);
        String itemName = spec.featureName(SampleSpec.ITEM_ID);
        Vocabulary.Trainer ids = Vocabulary.trainer().withMinCount(spec.minIdCount()).build();
        FeatureSchema.Builder<R> b = FeatureSchema.builder();
        if (numericUsers) {
            b.addCategorical(userName, ids, source::userId);
        } else {
            b.addCategoricalString(userName, ids, source::userKey);
        }
        if (numericItems) {
            b.addCategorical(itemName, ids, source::itemId);
        } else {
            b.addCategoricalString(itemName, ids, source::itemKey);
        }
        for (String a : spec.itemAttributes()) {
            ItemAttribute attr = catalog.attribute(a).orElseThrow(() -> new IllegalArgumentException("itemAttributes: no "
                    + "attribute '" + a + "' in the catalogue"));
            String name = spec.featureName(a);
            switch (attr.type()) {
                case CATEGORICAL, MULTI_CATEGORICAL -> b.addMultiHot(name,
                        MultiHot.trainer().withOov(MultiHot.Oov.KEEP).build(), r -> source.itemValues(r, a));
                case NUMERIC, TIMESTAMP -> b.addQuantile(name,
                        QuantileBuckets.trainer().withBuckets(spec.numericBuckets()).build(), r -> source.itemNumber(r, a));
                case TEXT -> throw new IllegalArgumentException("itemAttributes: '" + a + "' is TEXT");
            }
        }
        String recent = spec.featureName(SampleSpec.RECENT_POSITIVES);
        if (numericItems) {
            b.addMultiHotLongsOver(recent, itemName, MultiHot.Oov.KEEP, source::recentPositiveIds);
        } else {
            b.addMultiHotOver(recent, itemName, MultiHot.Oov.KEEP, source::recentPositiveKeys);
        }
        for (int f = 0; f < spec.favourites().size(); f++) {
            String a = spec.favourites().get(f);
            String name = spec.featureName(SampleSpec.favouriteFeature(a));
            int pos = f;
            if (spec.itemAttributes().contains(a)) {
                b.addMultiHotOver(name, spec.featureName(a), MultiHot.Oov.KEEP, r -> source.favouriteValues(r, pos));
            } else {
                b.addMultiHot(name, MultiHot.trainer().withOov(MultiHot.Oov.KEEP).build(),
                        r -> source.favouriteValues(r, pos));
            }
        }
        for (Aggregate a : spec.aggregates()) {
            b.addMinMax(spec.featureName(a.featureName()), MinMaxScaler.trainer().build(), r -> source.aggregate(r, a));
        }
        if (spec.affinities()) {
            for (int f = 0; f < spec.favourites().size(); f++) {
                int pos = f;
                b.addMinMax(spec.featureName(SampleSpec.affinityFeature(spec.favourites().get(f))),
                        MinMaxScaler.trainer().build(), r -> source.affinity(r, pos));
            }
        }
        return b.addCross(spec.featureName(SampleSpec.CROSS), HashedCross.of(spec.crossBuckets()),
                source::itemCrossKey, source::firstRecentCrossKey).build();
    }

    /**
     * Returns the values of a numeric or timestamp attribute by item index, NaN for a missing one (timestamps
     * in seconds): what the quantile buckets of the encoding read.
     *
     * @param attribute a NUMERIC or TIMESTAMP attribute
     * @return one value per item
     * @throws IllegalArgumentException if the attribute has another type
     */
    public static double[] numericValues(ItemAttribute attribute) {
        if (attribute instanceof ItemAttribute.Numeric n) {
            return n.values();
        }
        if (attribute instanceof ItemAttribute.Timestamp t) {
            long[] s = t.values();
            double[] out = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = s[i] == ItemAttribute.Timestamp.MISSING ? Double.NaN : s[i];
            }
            return out;
        }
        throw new IllegalArgumentException("attribute: '" + attribute.name() + "' is " + attribute.type()
                + ", not NUMERIC or TIMESTAMP");
    }

    /** Returns the encoding of {@code samples} fitted on its train samples (fit ∪ validation). */
    public static FittedSchema<Integer> fit(SampleSet samples) {
        // the train samples are the first trainCount() (samples are in time order); a view, not a list of boxes
        int n = samples.trainCount();
        List<Integer> train = new java.util.AbstractList<>() {
            @Override
            public Integer get(int index) {
                return Objects.checkIndex(index, n);
            }

            @Override
            public int size() {
                return n;
            }
        };
        if (train.isEmpty()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "samples: no train samples among %d samples, nothing to fit the encoders on", samples.size()));
        }
        return schema(samples).fit(train);
    }
}
