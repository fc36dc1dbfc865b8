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
import java.util.Objects;

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

    /** Returns the (unfitted) encoding of the samples of {@code samples}. */
    public static FeatureSchema<Integer> schema(SampleSet samples) {
        SampleSpec spec = samples.spec();
        ItemCatalog catalog = samples.catalog();
        boolean numericUsers = samples.history().users().isNumeric();
        boolean numericItems = samples.history().items().isNumeric();
        String userName = spec.featureName(SampleSpec.USER_ID);
        String itemName = spec.featureName(SampleSpec.ITEM_ID);
        Vocabulary.Trainer ids = Vocabulary.trainer().withMinCount(spec.minIdCount()).build();
        FeatureSchema.Builder<Integer> b = FeatureSchema.builder();
        if (numericUsers) {
            b.addCategorical(userName, ids, samples::userId);
        } else {
            b.addCategoricalString(userName, ids, samples::userKey);
        }
        if (numericItems) {
            b.addCategorical(itemName, ids, samples::itemId);
        } else {
            b.addCategoricalString(itemName, ids, samples::itemKey);
        }
        for (String a : spec.itemAttributes()) {
            ItemAttribute attr = catalog.attribute(a).orElseThrow();
            String name = spec.featureName(a);
            switch (attr.type()) {
                case CATEGORICAL -> {
                    ItemAttribute.Categorical c = (ItemAttribute.Categorical) attr;
                    b.addMultiHot(name, MultiHot.trainer().withOov(MultiHot.Oov.KEEP).build(),
                            i -> c.valueAt(samples.itemIndex(i)).map(List::of).orElse(List.of()));
                }
                case MULTI_CATEGORICAL -> {
                    ItemAttribute.MultiCategorical m = (ItemAttribute.MultiCategorical) attr;
                    b.addMultiHot(name, MultiHot.trainer().withOov(MultiHot.Oov.KEEP).build(),
                            i -> m.valuesAt(samples.itemIndex(i)));
                }
                case NUMERIC, TIMESTAMP -> {
                    double[] values = numericValues(attr);
                    b.addQuantile(name, QuantileBuckets.trainer().withBuckets(spec.numericBuckets()).build(),
                            i -> values[samples.itemIndex(i)]);
                }
                case TEXT -> throw new IllegalArgumentException("itemAttributes: '" + a + "' is TEXT");
            }
        }
        String recent = spec.featureName(SampleSpec.RECENT_POSITIVES);
        if (numericItems) {
            b.addMultiHotLongsOver(recent, itemName, MultiHot.Oov.KEEP, samples::recentPositiveIds);
        } else {
            b.addMultiHotOver(recent, itemName, MultiHot.Oov.KEEP, samples::recentPositiveKeys);
        }
        for (int f = 0; f < spec.favourites().size(); f++) {
            String a = spec.favourites().get(f);
            String name = spec.featureName(SampleSpec.favouriteFeature(a));
            int pos = f;
            if (spec.itemAttributes().contains(a)) {
                b.addMultiHotOver(name, spec.featureName(a), MultiHot.Oov.KEEP, i -> samples.favouriteValues(i, pos));
            } else {
                b.addMultiHot(name, MultiHot.trainer().withOov(MultiHot.Oov.KEEP).build(),
                        i -> samples.favouriteValues(i, pos));
            }
        }
        for (Aggregate a : spec.aggregates()) {
            b.addMinMax(spec.featureName(a.featureName()), MinMaxScaler.trainer().build(), i -> samples.aggregate(i, a));
        }
        if (spec.affinities()) {
            for (int f = 0; f < spec.favourites().size(); f++) {
                int pos = f;
                b.addMinMax(spec.featureName(SampleSpec.affinityFeature(spec.favourites().get(f))),
                        MinMaxScaler.trainer().build(), i -> samples.affinity(i, pos));
            }
        }
        return b.addCross(spec.featureName(SampleSpec.CROSS), HashedCross.of(spec.crossBuckets()),
                samples::itemCrossKey, samples::firstRecentCrossKey).build();
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
