package org.recsys4j.rank.ctr;

import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemAttribute;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.MinMaxScaler;
import org.recsys4j.core.feature.MultiHot;
import org.recsys4j.core.feature.QuantileBuckets;
import org.recsys4j.core.feature.Vocabulary;
import org.recsys4j.core.sample.Aggregate;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleFeatures;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The samples of a {@link SampleSet} as {@link CtrData} for training and evaluating {@link CtrModel}s, under
 * any {@link SampleSpec}: the encoders are core's {@link SampleFeatures}, fitted on the train samples (fit ∪
 * validation), and every sample becomes one row of the fit, validation or test part.
 *
 * <p>The schema's categorical fields, in order ({@link #fields()}, then {@link #crossField()}): the user id, the
 * item id (single-valued, 0 = out of vocabulary), each item attribute (a categorical one single-valued, a
 * missing value → 0; a multi-valued one a bag; a numeric or timestamp one its quantile bucket, missing → 0),
 * the recent positives (a bag over the item vocabulary, each item in order, an unknown one kept as 0), each
 * favourite attribute's values (a bag), and the wide cross. Its numerics ({@link #numerics()}): the spec's
 * aggregates, then its affinities, min-max scaled with the train bounds. A spec's renamed features keep their
 * names here. Protocol C ({@link ProtocolC}) is this under {@link SampleSpec#protocolC()}.
 *
 * <pre>{@code
 * SampleSet samples = SampleSet.build(log, feedback, catalog, spec);
 * CtrSamples data = CtrSamples.of(samples);
 * ModelSpec fm = ModelSpec.fm(data.fields(), data.numerics(), 8);
 * TrainingResult r = CtrTrainer.builder(fm).build().fit(data.fit(), data.validation());
 * double auc = Metrics.auc(r.model().predict(data.test()), data.test().labelArray());
 * }</pre>
 *
 * <p>{@link SampleFeatureProvider} serves the same rows online. Immutable; the train part ({@link #train()}) is
 * encoded on first use.
 */
public final class CtrSamples {
    private final SampleSet samples;
    private final FittedSchema<Integer> features;
    private final CtrSchema schema;
    private final Tables tables;
    private final String encoders;
    private final CtrData[] parts = new CtrData[3];
    private CtrData train;
    private OnlineFeatureState online;

    private CtrSamples(SampleSet samples, FittedSchema<Integer> features) {
        this.samples = samples;
        this.features = features;
        this.tables = new Tables(samples.spec(), samples.catalog(), features);
        this.schema = tables.schema();
        // the rows record the encoders that made them, so a model trained on them is bound to those encoders
        this.encoders = features.info().contentFingerprint().orElseThrow();
    }

    /**
     * Returns the encoding of {@code samples}, its encoders fitted on the train samples.
     *
     * @param samples the samples
     * @return the rows
     * @throws IllegalArgumentException if there is no train sample
     */
    public static CtrSamples of(SampleSet samples) {
        Objects.requireNonNull(samples, "samples");
        return new CtrSamples(samples, SampleFeatures.fit(samples));
    }

    /** Returns the samples {@code from .. to-1} encoded and held in memory. */
    private CtrData encode(int from, int to) {
        CtrData.Builder b = new CtrData.Builder(schema, to - from);
        for (int i = from; i < to; i++) {
            tables.row(b, samples, i);
        }
        return b.build().withEncoders(encoders);
    }

    /** Returns the first sample of a part: samples are in time order, so each part is a range. */
    private int start(Part p) {
        int s = 0;
        for (Part q : Part.values()) {
            if (q == p) {
                return s;
            }
            s += samples.count(q);
        }
        throw new AssertionError(p);
    }

    /**
     * Returns the rows of one part encoded on demand, batch by batch, from the samples (nothing held but the
     * samples and the encoders' tables): what a trainer streams over a log too large for {@link #fit()} and the
     * like to hold every encoded row. The same rows, labels and {@link CtrRows#fingerprint() fingerprint} as the
     * part's {@link CtrData}.
     *
     * @param part fit, validation or test
     * @return the rows, in sample order
     */
    public CtrRows rows(Part part) {
        Objects.requireNonNull(part, "part");
        int from = start(part);
        return new SampleRows(from, from + samples.count(part), null, null);
    }

    /** Returns all train rows (fit, then validation) encoded on demand, as {@link #rows(Part)}; the rows of {@link #train()}. */
    public CtrRows trainRows() {
        return new SampleRows(0, samples.trainCount(), null, null);
    }

    /** Returns the samples. */
    public SampleSet samples() {
        return samples;
    }

    /** Returns core's fitted encoders (vocabularies, buckets, scalers), by the features' names. */
    public FittedSchema<Integer> features() {
        return features;
    }

    /** Returns the input schema. */
    public CtrSchema schema() {
        return schema;
    }

    /**
     * Returns the fit rows (train before the validation threshold), in sample order, held in memory (encoded on first
     * use; {@link #rows(Part)} gives the same rows without holding them).
     */
    public CtrData fit() {
        return part(Part.FIT);
    }

    /** Returns the validation rows, in sample order, held in memory (encoded on first use). */
    public CtrData validation() {
        return part(Part.VALIDATION);
    }

    /** Returns the test rows, in sample order, held in memory (encoded on first use). */
    public CtrData test() {
        return part(Part.TEST);
    }

    private synchronized CtrData part(Part p) {
        CtrData d = parts[p.ordinal()];
        if (d == null) {
            int from = start(p);
            d = encode(from, from + samples.count(p));
            parts[p.ordinal()] = d;
        }
        return d;
    }

    /** Returns all train rows (fit, then validation, in sample order), for a refit; encoded on first use. */
    public synchronized CtrData train() {
        if (train == null) {
            train = encode(0, samples.trainCount());
        }
        return train;
    }

    /** Returns the categorical fields every model may read: every field of the schema but the wide cross. */
    public List<String> fields() {
        return schema.fieldNames().subList(0, schema.numFields() - 1);
    }

    /** Returns the wide cross field (for {@link ModelSpec#wideDeep}). */
    public String crossField() {
        return schema.fieldName(schema.numFields() - 1);
    }

    /** Returns the numerics: the aggregates, then the affinities. */
    public List<String> numerics() {
        return schema.numericNames();
    }

    /** Returns the user id field (for {@link ModelSpec#neuralCf}). */
    public String userField() {
        return schema.fieldName(0);
    }

    /** Returns the item id field. */
    public String itemField() {
        return schema.fieldName(1);
    }

    /** Returns the fields of the user's side (a two-tower user tower): the user id, the recent positives, the favourites. */
    public List<String> userFields() {
        List<String> out = new ArrayList<>();
        out.add(userField());
        for (int f = 2 + tables.numAttributes(); f < schema.numFields() - 1; f++) {
            out.add(schema.fieldName(f));
        }
        return List.copyOf(out);
    }

    /** Returns the fields of the item's side (a two-tower item tower): the item id and the item attributes. */
    public List<String> itemFields() {
        return schema.fieldNames().subList(1, 2 + tables.numAttributes());
    }

    /** Returns the user aggregates among the numerics, in order (what a {@link SampleFeatureProvider} reads from the store). */
    public List<String> userNumerics() {
        return tables.numericNames(true);
    }

    /** Returns the item aggregates among the numerics, in order. */
    public List<String> itemNumerics() {
        return tables.numericNames(false);
    }

    /**
     * Returns the user aggregates of {@link #userNumerics()} over the user's whole history, raw (unscaled), as the
     * vector a {@link SampleFeatureProvider} reads from its store under the user's id.
     *
     * @param userIndex a dense index of {@code samples().history().users()}
     * @return the values, in {@link #userNumerics()} order
     */
    public float[] userAggregates(int userIndex) {
        List<Aggregate> user = tables.aggregates(true);
        float[] out = new float[user.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) samples.currentAggregate(user.get(j), userIndex);
        }
        return out;
    }

    /**
     * Returns the items of a user's positive events (under the spec's label rule) over the samples' whole history,
     * oldest first (events of one second by item index), each event once: what the recent positives, the favourites
     * and the affinities of a sample after the history's last event read, i.e. the history a
     * {@link SampleFeatureProvider} should see for the user now ({@link SampleFeatureProvider.PositiveHistory#of}).
     *
     * @param userIndex a dense index of {@code samples().history().users()}
     * @return the dense item indices (of the catalogue), possibly empty
     * @throws IndexOutOfBoundsException if the index is not a user of the history
     */
    public int[] positiveItems(int userIndex) {
        Interactions h = samples.history();
        Interactions.Csr byUser = h.byUser();
        Objects.checkIndex(userIndex, byUser.rows());
        List<long[]> events = new ArrayList<>();
        for (int p = byUser.start(userIndex); p < byUser.end(userIndex); p++) {
            int k = byUser.entry(p);
            if (samples.isPositiveEvent(k)) {
                events.add(new long[] {h.timestamp(k), h.item(k)});
            }
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int[] out = new int[events.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = (int) events.get(j)[1];
        }
        return out;
    }

    /**
     * Returns what {@link SampleFeatureProvider} reads online from these samples, without the samples: the spec, the
     * fitted encoders and their tables, and each catalogue item's aggregates over the whole history
     * ({@link SampleSet#currentAggregate}); {@link OnlineFeatureState#save saved}, it lets a server start without
     * building the samples again. Computed on first use (one pass over the history by item).
     *
     * @return the state
     */
    public synchronized OnlineFeatureState onlineState() {
        if (online == null) {
            online = OnlineFeatureState.of(this);
        }
        return online;
    }

    /** The encoders as per-item and per-code tables, shared by the offline rows and {@link SampleFeatureProvider}. */
    Tables tables() {
        return tables;
    }

    @Override
    public String toString() {
        return "CtrSamples[" + schema + "; fit " + samples.count(Part.FIT) + ", validation "
                + samples.count(Part.VALIDATION) + ", test " + samples.count(Part.TEST) + "]";
    }

    /**
     * Samples {@code from .. to-1} (or the positions {@code pick} among them) as rows encoded on demand, some fields
     * possibly dropped.
     */
    private final class SampleRows implements CtrRows, CtrData.FieldRows {
        private final int from;
        private final int size;
        private final boolean[] drop;     // null: none
        private final int[] pick;         // null: every sample of the range, in order
        private volatile String fingerprint;

        SampleRows(int from, int to, boolean[] drop, int[] pick) {
            this.from = from;
            this.size = pick == null ? to - from : pick.length;
            this.drop = drop;
            this.pick = pick;
        }

        /** Returns the sample that row {@code i} is. */
        private int sample(int i) {
            return from + (pick == null ? i : pick[i]);
        }

        @Override
        public CtrSchema schema() {
            return schema;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public boolean hasLabels() {
            return true;
        }

        @Override
        public float label(int i) {
            Objects.checkIndex(i, size);
            return samples.label(sample(i)) ? 1f : 0f;
        }

        @Override
        public Optional<String> encoders() {
            return Optional.of(encoders);
        }

        @Override
        public String fingerprint() {
            String f = fingerprint;
            if (f == null) {
                f = CtrData.fingerprint(this);
                fingerprint = f;
            }
            return f;
        }

        @Override
        public void copyRows(int[] rows, int start, int end, CtrData.Builder out) {
            Objects.checkFromToIndex(start, end, rows.length);
            for (int p = start; p < end; p++) {
                tables.row(out, samples, sample(Objects.checkIndex(rows[p], size)), drop, true);
            }
        }

        @Override
        public void copyRange(int start, int end, CtrData.Builder out) {
            Objects.checkFromToIndex(start, end, size);
            for (int i = start; i < end; i++) {
                tables.row(out, samples, sample(i), drop, true);
            }
        }

        @Override
        public void copyRange(int start, int end, CtrData.Builder out, int field, boolean numerics) {
            Objects.checkFromToIndex(start, end, size);
            boolean[] only = new boolean[schema.numFields()];
            java.util.Arrays.fill(only, true);
            if (field >= 0 && (drop == null || !drop[field])) {
                only[field] = false;
            }
            for (int i = start; i < end; i++) {
                tables.row(out, samples, sample(i), only, numerics);
            }
        }

        @Override
        public CtrRows withoutFields(Collection<String> fields) {
            boolean[] d = drop == null ? new boolean[schema.numFields()] : drop.clone();
            for (String name : fields) {
                d[schema.field(name)] = true;
            }
            return new SampleRows(from, from + (pick == null ? size : 0), d, pick);
        }

        @Override
        public CtrRows select(int[] rows) {
            int[] p = new int[rows.length];
            for (int k = 0; k < p.length; k++) {
                int i = Objects.checkIndex(rows[k], size);
                p[k] = pick == null ? i : pick[i];
            }
            return new SampleRows(from, from, drop, p);
        }

        @Override
        public String toString() {
            return "CtrRows[" + size + " rows encoded on demand from " + (pick == null ? "samples " + from + ".."
                    + (from + size - 1) : "picked samples") + ", " + schema + "]";
        }
    }

    /**
     * The fitted encoders turned into lookup tables: the item vocabulary index of every catalogue item, each
     * attribute's encoded values per item, each favourite attribute's encoded index per catalogue value, the
     * scalers. Immutable.
     */
    static final class Tables {
        final SampleSpec spec;
        final ItemCatalog catalog;
        final IdIndex items;
        final Vocabulary users;
        final Vocabulary itemVocabulary;
        /** The item vocabulary index of each catalogue item. */
        final int[] itemCode;
        /** Per item attribute: true when it is a bag (multi-valued). */
        final boolean[] attributeIsBag;
        /** Per single-valued item attribute: the encoded id of each item (value index or bucket). */
        final int[][] attributeCode;
        /** Per multi-valued item attribute: the encoded ids of each item. */
        final int[][][] attributeBag;
        /** Per item attribute: its number of encoded ids, the OOV or missing id 0 included. */
        final int[] attributeCardinality;
        /** Per favourite attribute: the vocabulary its values are encoded with. */
        final Vocabulary[] favouriteVocabulary;
        /** Per favourite attribute: the encoded index of each catalogue value code. */
        final int[][] favouriteCode;
        /** Per favourite attribute: the catalogue value codes of each item (for the affinity). */
        final int[][][] favouriteValues;
        /** Per favourite attribute: the number of catalogue values. */
        final int[] favouriteCatalogSize;
        final List<Aggregate> aggregates;
        final MinMaxScaler[] scalers;
        final int cardinalityOfCross;

        Tables(SampleSpec spec, ItemCatalog catalog, FittedSchema<Integer> fs) {
            this.spec = spec;
            this.catalog = catalog;
            items = catalog.items();
            users = fs.encoder(spec.featureName(SampleSpec.USER_ID), Vocabulary.class);
            itemVocabulary = fs.encoder(spec.featureName(SampleSpec.ITEM_ID), Vocabulary.class);
            int n = items.size();
            itemCode = new int[n];
            boolean numericItems = items.isNumeric();
            for (int i = 0; i < n; i++) {
                itemCode[i] = numericItems ? itemVocabulary.index(items.longId(i)) : itemVocabulary.index(items.id(i));
            }
            List<String> attrs = spec.itemAttributes();
            attributeIsBag = new boolean[attrs.size()];
            attributeCode = new int[attrs.size()][];
            attributeBag = new int[attrs.size()][][];
            attributeCardinality = new int[attrs.size()];
            for (int a = 0; a < attrs.size(); a++) {
                ItemAttribute attr = catalog.attribute(attrs.get(a)).orElseThrow();
                String name = spec.featureName(attrs.get(a));
                switch (attr.type()) {
                    case CATEGORICAL -> {
                        ItemAttribute.Categorical c = (ItemAttribute.Categorical) attr;
                        Vocabulary v = fs.encoder(name, MultiHot.class).vocabulary();
                        int[] codes = new int[n];
                        for (int i = 0; i < n; i++) {
                            codes[i] = c.valueAt(i).map(v::index).orElse(Vocabulary.OOV);
                        }
                        attributeCode[a] = codes;
                        attributeCardinality[a] = v.cardinality();
                    }
                    case MULTI_CATEGORICAL -> {
                        ItemAttribute.MultiCategorical m = (ItemAttribute.MultiCategorical) attr;
                        Vocabulary v = fs.encoder(name, MultiHot.class).vocabulary();
                        int[] byCode = indexOfValues(m.vocabulary(), v);
                        int[][] bags = new int[n][];
                        for (int i = 0; i < n; i++) {
                            int[] c = m.codesAt(i);
                            for (int k = 0; k < c.length; k++) {
                                c[k] = byCode[c[k]];
                            }
                            bags[i] = c;
                        }
                        attributeIsBag[a] = true;
                        attributeBag[a] = bags;
                        attributeCardinality[a] = v.cardinality();
                    }
                    case NUMERIC, TIMESTAMP -> {
                        QuantileBuckets q = fs.encoder(name, QuantileBuckets.class);
                        double[] values = SampleFeatures.numericValues(attr);
                        int[] codes = new int[n];
                        for (int i = 0; i < n; i++) {
                            codes[i] = q.bucket(values[i]);
                        }
                        attributeCode[a] = codes;
                        attributeCardinality[a] = q.numBuckets();
                    }
                    case TEXT -> throw new IllegalArgumentException("itemAttributes: '" + attrs.get(a) + "' is TEXT");
                }
            }
            List<String> favs = spec.favourites();
            favouriteVocabulary = new Vocabulary[favs.size()];
            favouriteCode = new int[favs.size()][];
            favouriteValues = new int[favs.size()][][];
            favouriteCatalogSize = new int[favs.size()];
            for (int f = 0; f < favs.size(); f++) {
                ItemAttribute attr = catalog.attribute(favs.get(f)).orElseThrow();
                List<String> values = attr instanceof ItemAttribute.Categorical c ? c.vocabulary()
                        : ((ItemAttribute.MultiCategorical) attr).vocabulary();
                Vocabulary v = fs.encoder(spec.featureName(SampleSpec.favouriteFeature(favs.get(f))), MultiHot.class)
                        .vocabulary();
                favouriteVocabulary[f] = v;
                favouriteCode[f] = indexOfValues(values, v);
                favouriteCatalogSize[f] = values.size();
                int[][] perItem = new int[n][];
                for (int i = 0; i < n; i++) {
                    if (attr instanceof ItemAttribute.Categorical c) {
                        int code = c.codeAt(i);
                        perItem[i] = code < 0 ? new int[0] : new int[] {code};
                    } else {
                        perItem[i] = ((ItemAttribute.MultiCategorical) attr).codesAt(i);
                    }
                }
                favouriteValues[f] = perItem;
            }
            aggregates = spec.aggregates();
            int nn = aggregates.size() + (spec.affinities() ? favs.size() : 0);
            scalers = new MinMaxScaler[nn];
            for (int j = 0; j < nn; j++) {
                scalers[j] = fs.encoder(numericName(j), MinMaxScaler.class);
            }
            cardinalityOfCross = spec.crossBuckets();
        }

        /** Returns the encoded index of each value of a catalogue vocabulary in a fitted vocabulary (0 if unknown). */
        private static int[] indexOfValues(List<String> values, Vocabulary v) {
            int[] out = new int[values.size()];
            for (int c = 0; c < out.length; c++) {
                out[c] = v.index(values.get(c));
            }
            return out;
        }

        int numAttributes() {
            return attributeIsBag.length;
        }

        int numFavourites() {
            return favouriteVocabulary.length;
        }

        /** Returns the name of numeric {@code j}: an aggregate, then an affinity. */
        String numericName(int j) {
            int na = aggregates.size();
            return j < na ? spec.featureName(aggregates.get(j).featureName())
                    : spec.featureName(SampleSpec.affinityFeature(spec.favourites().get(j - na)));
        }

        List<Aggregate> aggregates(boolean user) {
            List<Aggregate> out = new ArrayList<>();
            for (Aggregate a : aggregates) {
                if (a.isUser() == user) {
                    out.add(a);
                }
            }
            return out;
        }

        List<String> numericNames(boolean user) {
            List<String> out = new ArrayList<>();
            for (Aggregate a : aggregates(user)) {
                out.add(spec.featureName(a.featureName()));
            }
            return List.copyOf(out);
        }

        CtrSchema schema() {
            CtrSchema.Builder b = CtrSchema.builder()
                    .addCategorical(spec.featureName(SampleSpec.USER_ID), users.cardinality())
                    .addCategorical(spec.featureName(SampleSpec.ITEM_ID), itemVocabulary.cardinality());
            List<String> attrs = spec.itemAttributes();
            for (int a = 0; a < attrs.size(); a++) {
                String name = spec.featureName(attrs.get(a));
                if (attributeIsBag[a]) {
                    b.addMultiHot(name, attributeCardinality[a]);
                } else {
                    b.addCategorical(name, attributeCardinality[a]);
                }
            }
            b.addMultiHot(spec.featureName(SampleSpec.RECENT_POSITIVES), itemVocabulary.cardinality());
            for (int f = 0; f < numFavourites(); f++) {
                b.addMultiHot(spec.featureName(SampleSpec.favouriteFeature(spec.favourites().get(f))),
                        favouriteVocabulary[f].cardinality());
            }
            b.addCategorical(spec.featureName(SampleSpec.CROSS), cardinalityOfCross);
            for (int j = 0; j < scalers.length; j++) {
                b.addNumeric(numericName(j));
            }
            return b.build();
        }

        /** Writes sample {@code i} as one row. */
        void row(CtrData.Builder b, SampleSet s, int i) {
            row(b, s, i, null, true);
        }

        /**
         * Writes sample {@code i} as one row, the fields marked in {@code drop} (may be null) left absent: a
         * single-valued one the OOV id 0 (the builder's repair of an unset field), a multi-hot one empty.
         */
        void row(CtrData.Builder b, SampleSet s, int i, boolean[] drop, boolean numerics) {
            int f = 0;
            if (drop == null || !drop[f]) {
                b.addId(f, s.history().users().isNumeric() ? users.index(s.userId(i)) : users.index(s.userKey(i)));
            }
            f++;
            int item = s.itemIndex(i);
            if (drop == null || !drop[f]) {
                b.addId(f, itemCode[item]);
            }
            f++;
            for (int a = 0; a < attributeIsBag.length; a++, f++) {
                if (drop != null && drop[f]) {
                    continue;
                }
                if (attributeIsBag[a]) {
                    for (int id : attributeBag[a][item]) {
                        b.addId(f, id);
                    }
                } else {
                    b.addId(f, attributeCode[a][item]);
                }
            }
            if (drop == null || !drop[f]) {
                int n = s.recentPositiveCount(i);
                for (int j = 0; j < n; j++) {
                    b.addId(f, itemCode[s.recentPositive(i, j)]);
                }
            }
            f++;
            for (int g = 0; g < favouriteVocabulary.length; g++, f++) {
                if (drop != null && drop[f]) {
                    continue;
                }
                int m = s.favouriteCount(i, g);
                for (int j = 0; j < m; j++) {
                    b.addId(f, favouriteCode[g][s.favourite(i, g, j)]);
                }
            }
            if (drop == null || !drop[f]) {
                b.addId(f, s.crossBucket(i));
            }
            int na = aggregates.size();
            for (int j = 0; numerics && j < na; j++) {
                b.addNumeric(j, scalers[j].transform(s.aggregate(i, aggregates.get(j))));
            }
            for (int j = na; numerics && j < scalers.length; j++) {
                b.addNumeric(j, scalers[j].transform(s.affinity(i, j - na)));
            }
            b.addRow(s.label(i));
        }
    }
}
