package org.recsys4j.rank.ctr;

import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.ProtocolCFeatures;
import org.recsys4j.core.sample.SampleSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Protocol C's samples ({@code protocol-c.md}) as {@link CtrData}, and the architectures of its
 * PyTorch reference models ({@code anchors/ctr/train.py}) as {@link ModelSpec}s: the MovieLens
 * configuration of {@link CtrSamples}.
 *
 * <p>A MovieLens adapter: protocol C is defined over MovieLens ratings and movies, so its fields are the
 * movie id, genres and release year by definition. Other data build CTR rows from their own features with
 * the generic sample builder ({@link org.recsys4j.core.sample.SampleSpec}, {@link CtrSamples}).
 *
 * <p>The rows are {@link CtrSamples} of samples built under {@link org.recsys4j.core.sample.SampleSpec#protocolC()}
 * (core's {@link ProtocolCFeatures}), the encoders fitted on train (fit ∪ validation). Fields:
 * {@value ProtocolCFeatures#USER}, {@value ProtocolCFeatures#MOVIE}, {@value ProtocolCFeatures#GENRES}
 * (multi-hot), {@value ProtocolCFeatures#YEAR}, {@value ProtocolCFeatures#RECENT} (multi-hot over the movie
 * vocabulary), {@value ProtocolCFeatures#FAVOURITE} (multi-hot over the genre vocabulary) and
 * {@value ProtocolCFeatures#CROSS} (Wide&amp;Deep's wide part only); the six min-max scaled numerics of
 * {@link #NUMERICS}. As in {@code features.py} the recent-positive list is encoded id by id, in
 * order, an unknown movie becoming the OOV index 0 <em>kept in the list</em> (so two unknown movies
 * count twice in the mean), which core's set-valued {@code MultiHot} encoding (sorted, distinct) does not do.
 *
 * <pre>{@code
 * MovieLensData ml = MovieLens.load(Path.of("../shared/data/ml-latest-small"), LoadOptions.lenient());
 * ProtocolC pc = ProtocolC.of(SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC()));
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
    /**
     * The fields DIN and DIEN read besides their behaviour sequence ({@value ProtocolCFeatures#RECENT}, which
     * enters through the attention, sharing {@value ProtocolCFeatures#MOVIE}'s embeddings): {@link #FIELDS} without it.
     */
    public static final List<String> SEQUENCE_FIELDS = List.of(ProtocolCFeatures.USER, ProtocolCFeatures.MOVIE,
            ProtocolCFeatures.GENRES, ProtocolCFeatures.YEAR, ProtocolCFeatures.FAVOURITE);
    /** The six numerics: three movie statistics, then three user statistics. */
    public static final List<String> NUMERICS = ProtocolCFeatures.NUMERICS;

    private final CtrSamples data;

    private ProtocolC(CtrSamples data) {
        this.data = data;
    }

    /**
     * Returns protocol C's encoding of {@code samples}, the encoders fitted on its train samples.
     *
     * @param samples samples built under protocol C's spec (or a variant of it that keeps its features, e.g.
     *                another split)
     * @return the rows
     * @throws IllegalArgumentException if the samples' features are not protocol C's (naming what differs)
     */
    public static ProtocolC of(SampleSet samples) {
        Objects.requireNonNull(samples, "samples");
        CtrSamples data = CtrSamples.of(samples);
        requireProtocolC(data.schema(), "samples");
        return new ProtocolC(data);
    }

    /** Throws unless {@code schema} has protocol C's fields and numerics, naming {@code what} and the difference. */
    static void requireProtocolC(CtrSchema schema, String what) {
        List<String> fields = new ArrayList<>(FIELDS);
        fields.add(ProtocolCFeatures.CROSS);
        if (!schema.fieldNames().equals(fields) || !schema.numericNames().equals(NUMERICS)) {
            throw new IllegalArgumentException(what + ": features " + schema.fieldNames() + " and numerics "
                    + schema.numericNames() + " are not protocol C's " + fields + " and " + NUMERICS
                    + "; build them with SampleSpec.protocolC(), or use CtrSamples.of for another spec");
        }
    }

    /**
     * Returns what a server reads from these samples online ({@link CtrSamples#onlineState()}): saved, it serves
     * protocol C's rows ({@link ProtocolCFeatureProvider}) without building the samples again.
     */
    public OnlineFeatureState onlineState() {
        return data.onlineState();
    }

    /** Returns the generic encoding these rows are. */
    public CtrSamples data() {
        return data;
    }

    /** Returns the samples. */
    public SampleSet samples() {
        return data.samples();
    }

    /** Returns core's fitted protocol C encoders (vocabularies, year buckets, scalers). */
    public FittedSchema<Integer> features() {
        return data.features();
    }

    /** Returns the input schema. */
    public CtrSchema schema() {
        return data.schema();
    }

    /** Returns the fit rows (train before the validation threshold), in sample order. */
    public CtrData fit() {
        return data.fit();
    }

    /** Returns the validation rows. */
    public CtrData validation() {
        return data.validation();
    }

    /** Returns the test rows. */
    public CtrData test() {
        return data.test();
    }

    /** Returns all train rows (fit, then validation, in sample order), for a refit. */
    public CtrData train() {
        return data.train();
    }

    /**
     * Returns the rows of one part encoded on demand, batch by batch ({@link CtrSamples#rows(Part)}): the same rows as
     * {@link #fit()}, {@link #validation()} or {@link #test()} without holding them, for logs of tens of millions of
     * ratings.
     *
     * @param part fit, validation or test
     * @return the rows
     */
    public CtrRows rows(Part part) {
        return data.rows(part);
    }

    /**
     * Returns the architecture of the reference model of a type, as {@code train.py} defines it: d = 10
     * embeddings, FM k = 10, MLP 128-128 (NeuralCF 64-32 over userId and movieId), Wide&amp;Deep's wide part
     * over the hashed cross, two-tower towers [userId, recentPositive, favouriteGenres, 3 user numerics] and
     * [movieId, genres, year, 3 movie numerics] → 128 → 32; DIN and DIEN (issue 19, our twins in
     * {@code bench/seq_ctr_anchor.py}) over {@link #SEQUENCE_FIELDS} with the recent positives as the behaviour
     * sequence, MLP 128-128, DIN's attention MLP 36, DIEN's auxiliary loss weight 1.
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
            case DIN -> ModelSpec.din(SEQUENCE_FIELDS, NUMERICS, ProtocolCFeatures.MOVIE, ProtocolCFeatures.RECENT, DIM,
                    new int[] {ModelSpec.DEFAULT_ATTENTION_HIDDEN}, 128, 128);
            case DIEN -> ModelSpec.dien(SEQUENCE_FIELDS, NUMERICS, ProtocolCFeatures.MOVIE, ProtocolCFeatures.RECENT, DIM,
                    ModelSpec.DEFAULT_AUX_WEIGHT, 128, 128);
        };
    }
}
