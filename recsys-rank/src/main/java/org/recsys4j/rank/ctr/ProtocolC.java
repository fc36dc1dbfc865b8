package org.recsys4j.rank.ctr;

import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.MinMaxScaler;
import org.recsys4j.core.feature.MultiHot;
import org.recsys4j.core.feature.QuantileBuckets;
import org.recsys4j.core.feature.Vocabulary;
import org.recsys4j.core.sample.NumericFeature;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.ProtocolCFeatures;
import org.recsys4j.core.sample.SampleSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Protocol C's samples ({@code protocol-c.md}) as {@link CtrData}, and the architectures of its
 * PyTorch reference models ({@code anchors/ctr/train.py}) as {@link ModelSpec}s.
 *
 * <p>A MovieLens adapter: protocol C is defined over MovieLens ratings and movies, so its fields are the
 * movie id, genres and release year by definition. Other data build CTR rows with {@link CtrSchema} and
 * {@link CtrData} from features of their own.
 *
 * <p>The encoders are core's {@link ProtocolCFeatures} fitted on train (fit ∪ validation). Fields:
 * {@value ProtocolCFeatures#USER}, {@value ProtocolCFeatures#MOVIE}, {@value ProtocolCFeatures#GENRES}
 * (multi-hot), {@value ProtocolCFeatures#YEAR}, {@value ProtocolCFeatures#RECENT} (multi-hot over the movie
 * vocabulary), {@value ProtocolCFeatures#FAVOURITE} (multi-hot over the genre vocabulary) and
 * {@value ProtocolCFeatures#CROSS} (Wide&amp;Deep's wide part only); the six min-max scaled numerics of
 * {@link NumericFeature}. As in {@code features.py} the recent-positive list is encoded id by id, in
 * order, an unknown movie becoming the OOV index 0 <em>kept in the list</em> (so two unknown movies
 * count twice in the mean), which core's set-valued {@code MultiHot} encoding (sorted, distinct) does not do.
 *
 * <pre>{@code
 * MovieLensData ml = MovieLens.load(Path.of("../shared/data/ml-latest-small"), LoadOptions.lenient());
 * ProtocolC pc = ProtocolC.of(SampleSet.build(ml.ratings(), ml.catalog()));
 * TrainingResult r = CtrTrainer.builder(ProtocolC.spec(ModelType.TWO_TOWER)).withLearningRate(3e-3).build()
 *         .fit(pc.fit(), pc.validation());
 * }</pre>
 */
public final class ProtocolC {
    /** Embedding size (and FM factor size) of the reference models. */
    public static final int DIM = 10;
    /** The six id-like and multi-hot fields every reference model but NeuralCF reads. */
    public static final List<String> FIELDS = List.of(ProtocolCFeatures.USER, ProtocolCFeatures.MOVIE,
            ProtocolCFeatures.GENRES, ProtocolCFeatures.YEAR, ProtocolCFeatures.RECENT, ProtocolCFeatures.FAVOURITE);
    /** The six numerics: three movie statistics, then three user statistics. */
    public static final List<String> NUMERICS = numericNames();

    private final SampleSet samples;
    private final FittedSchema<Integer> features;
    private final CtrSchema schema;
    private final CtrData[] parts = new CtrData[3];
    private final CtrData train;

    private ProtocolC(SampleSet samples, FittedSchema<Integer> fs) {
        this.samples = samples;
        this.features = fs;
        Vocabulary users = fs.encoder(ProtocolCFeatures.USER, Vocabulary.class);
        Vocabulary movies = fs.encoder(ProtocolCFeatures.MOVIE, Vocabulary.class);
        Vocabulary genres = fs.encoder(ProtocolCFeatures.GENRES, MultiHot.class).vocabulary();
        QuantileBuckets years = fs.encoder(ProtocolCFeatures.YEAR, QuantileBuckets.class);
        MinMaxScaler[] scalers = new MinMaxScaler[NumericFeature.values().length];
        CtrSchema.Builder sb = CtrSchema.builder()
                .addCategorical(ProtocolCFeatures.USER, users.cardinality())
                .addCategorical(ProtocolCFeatures.MOVIE, movies.cardinality())
                .addMultiHot(ProtocolCFeatures.GENRES, genres.cardinality())
                .addCategorical(ProtocolCFeatures.YEAR, years.numBuckets())
                .addMultiHot(ProtocolCFeatures.RECENT, movies.cardinality())
                .addMultiHot(ProtocolCFeatures.FAVOURITE, genres.cardinality())
                .addCategorical(ProtocolCFeatures.CROSS, samples.spec().crossBuckets());
        for (NumericFeature f : NumericFeature.values()) {
            scalers[f.ordinal()] = fs.encoder(f.protocolName(), MinMaxScaler.class);
            sb.addNumeric(f.protocolName());
        }
        schema = sb.build();
        List<String> genreNames = samples.catalog().genreVocabulary();
        CtrData.Builder[] b = new CtrData.Builder[3];
        CtrData.Builder all = new CtrData.Builder(schema, samples.trainCount());
        for (Part p : Part.values()) {
            b[p.ordinal()] = new CtrData.Builder(schema, samples.count(p));
        }
        for (int i = 0; i < samples.size(); i++) {
            CtrData.Builder[] targets = samples.isTrain(i) ? new CtrData.Builder[] {b[samples.part(i).ordinal()], all}
                    : new CtrData.Builder[] {b[Part.TEST.ordinal()]};
            for (CtrData.Builder t : targets) {
                t.addId(0, users.index(samples.userId(i)));
                t.addId(1, movies.index(samples.itemId(i)));
                for (int g : samples.itemGenres(i)) {
                    t.addId(2, genres.index(genreNames.get(g)));
                }
                t.addId(3, years.bucket(samples.year(i).isPresent() ? samples.year(i).getAsInt() : Double.NaN));
                for (long id : samples.recentPositiveIds(i)) {
                    t.addId(4, movies.index(id));
                }
                for (String g : samples.favouriteGenreNames(i)) {
                    t.addId(5, genres.index(g));
                }
                t.addId(6, samples.crossBucket(i));
                for (NumericFeature f : NumericFeature.values()) {
                    t.addNumeric(f.ordinal(), scalers[f.ordinal()].transform(samples.numeric(i, f)));
                }
                t.addRow(samples.label(i));
            }
        }
        for (Part p : Part.values()) {
            parts[p.ordinal()] = b[p.ordinal()].build();
        }
        train = all.build();
    }

    /** Returns protocol C's encoding of {@code samples}, the encoders fitted on its train samples. */
    public static ProtocolC of(SampleSet samples) {
        Objects.requireNonNull(samples, "samples");
        return new ProtocolC(samples, ProtocolCFeatures.fit(samples));
    }

    private static List<String> numericNames() {
        List<String> n = new ArrayList<>();
        for (NumericFeature f : NumericFeature.values()) {
            n.add(f.protocolName());
        }
        return List.copyOf(n);
    }

    /** Returns the samples. */
    public SampleSet samples() {
        return samples;
    }

    /** Returns core's fitted protocol C encoders (vocabularies, year buckets, scalers). */
    public FittedSchema<Integer> features() {
        return features;
    }

    /** Returns the input schema. */
    public CtrSchema schema() {
        return schema;
    }

    /** Returns the fit rows (train before the validation threshold), in sample order. */
    public CtrData fit() {
        return parts[Part.FIT.ordinal()];
    }

    /** Returns the validation rows. */
    public CtrData validation() {
        return parts[Part.VALIDATION.ordinal()];
    }

    /** Returns the test rows. */
    public CtrData test() {
        return parts[Part.TEST.ordinal()];
    }

    /** Returns all train rows (fit, then validation, in sample order), for a refit. */
    public CtrData train() {
        return train;
    }

    /**
     * Returns the architecture of the reference model of a type, as {@code train.py} defines it: d = 10
     * embeddings, FM k = 10, MLP 128-128 (NeuralCF 64-32 over userId and movieId), Wide&amp;Deep's wide part
     * over the hashed cross, two-tower towers [userId, recentPositive, favouriteGenres, 3 user numerics] and
     * [movieId, genres, year, 3 movie numerics] → 128 → 32.
     */
    public static ModelSpec spec(ModelType type) {
        return switch (type) {
            case LOGISTIC_REGRESSION -> ModelSpec.logisticRegression(FIELDS, NUMERICS);
            case FM -> ModelSpec.fm(FIELDS, NUMERICS, DIM);
            case EMBEDDING_MLP -> ModelSpec.embeddingMlp(FIELDS, NUMERICS, DIM, 128, 128);
            case WIDE_DEEP -> ModelSpec.wideDeep(FIELDS, NUMERICS, ProtocolCFeatures.CROSS, DIM, 128, 128);
            case DEEP_FM -> ModelSpec.deepFm(FIELDS, NUMERICS, DIM, 128, 128);
            case NEURAL_CF -> ModelSpec.neuralCf(ProtocolCFeatures.USER, ProtocolCFeatures.MOVIE, DIM, 64, 32);
            case TWO_TOWER -> ModelSpec.twoTower(
                    List.of(ProtocolCFeatures.USER, ProtocolCFeatures.RECENT, ProtocolCFeatures.FAVOURITE),
                    NUMERICS.subList(3, 6),
                    List.of(ProtocolCFeatures.MOVIE, ProtocolCFeatures.GENRES, ProtocolCFeatures.YEAR),
                    NUMERICS.subList(0, 3), DIM, 32, 128);
        };
    }
}
