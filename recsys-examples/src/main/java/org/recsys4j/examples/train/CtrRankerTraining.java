package org.recsys4j.examples.train;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.sample.LabelRule;
import org.recsys4j.core.sample.ProtocolCFeatures;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.rank.ctr.CtrData;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.ctr.CtrRows;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.EpochReport;
import org.recsys4j.rank.ctr.ModelSpec;
import org.recsys4j.rank.ctr.ModelType;
import org.recsys4j.rank.ctr.OnlineFeatureState;
import org.recsys4j.rank.ctr.ProtocolC;
import org.recsys4j.rank.ctr.TrainingResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The personalised CTR rankers of the served MovieLens pipelines (issue 18, item 4): the models that order the
 * candidates in {@code multi-deepfm} (DeepFM) and {@code multi-din} (DIN).
 *
 * <p><b>What the ranker is asked.</b> It orders movies the user has <em>not</em> rated, and is judged by whether the
 * movie the user rates next is among its first ten. Protocol C's label (a rating of at least 3.5, among the movies
 * the user rated) asks something else: whether a movie the user rated was liked. A model of that label ranks by
 * movie quality, the same for everyone (the unpersonalised served DeepFM put The Dark Knight in 48 of 51 lists). So
 * the ranker's samples are protocol C's as-of samples ({@link #spec()}: the same fields and encoders, time order,
 * the user's history strictly before each sample) of another event set ({@link #withNegatives}): every rating is a
 * positive (any value: the next rating is what protocol T holds out), and beside each rating {@link #NEGATIVES}
 * movies the user never rated, drawn uniformly ({@link #POPULARITY_EXPONENT} 0: the model's score then estimates
 * how likely the user is to rate the movie, popularity included; drawn by popularity it estimates a ratio to
 * popularity, which ranked the recall's candidates far worse) and stamped with the rating's second, are negatives
 * (value 0). The negatives never become positives in a later sample's history; they would enter the counts, means
 * and deviations, so the rankers read no numerics ({@link #NUMERICS}): the as-of movie counts also grow over time,
 * and the served values (at the end of the history) lie outside what the model was trained on.
 *
 * <p><b>Personalised.</b> The rankers read the user's {@value #MAX_RECENT} latest rated movies (DeepFM pooled, DIN
 * attending over them with the candidate, sharing the movie-id embeddings) and favourite genres, beside the movie
 * id, genres and year, served from the user's <em>current</em> history as the request carries it (feedback changes
 * the next ranking without retraining; a user unknown at training time is ranked through the same features).
 * <b>Not the user id</b>: with it, both models learned each user's sampled pairs by heart (validation AUC falling
 * from the second epoch on) and on planted clusters ranked the user's own cluster below chance (0.12–0.14 of the
 * top 10 over every unseen movie, chance 0.2); without it DIN put 0.89 there and DeepFM 0.74
 * (docs/evaluation.md, "Personalised CTR ranking in the served pipeline").
 *
 * <p><b>Leakage-safe.</b> The samples are built from the ratings the server (or the evaluation's T train split)
 * trains on and nothing else; their own time split keeps the latest {@value #TRAIN_DEN}th as the test part whose AUC
 * is recorded, and early stopping reads the last {@value #FIT_DEN}th of the rest.
 */
public final class CtrRankerTraining {
    /** The negatives drawn beside each rating. */
    public static final int NEGATIVES = 2;
    /** The exponent of a movie's rating count in the negatives' distribution (0 uniform, 1 by popularity). */
    public static final double POPULARITY_EXPONENT = 0;
    /** The rating value from which an event is a positive: every real rating (the negatives have value 0). */
    public static final double RATED = 0.25;
    /** Numerator of the samples' train fraction. */
    public static final int TRAIN_NUM = 49;
    /** Denominator of the samples' train fraction. */
    public static final int TRAIN_DEN = 50;
    /** Numerator of the fit fraction inside train (the rest: early stopping). */
    public static final int FIT_NUM = 19;
    /** Denominator of the fit fraction inside train. */
    public static final int FIT_DEN = 20;
    /** The learning rate of both rankers. */
    public static final double LEARNING_RATE = 1e-3;
    /** The recent rated movies a sample keeps (protocol C: 5). */
    public static final int MAX_RECENT = 20;
    /**
     * The fields DeepFM reads: protocol C's without the user id (see the class comment), the recent rated movies
     * pooled; DIN reads the same with the recent rated movies as its behaviour sequence.
     */
    public static final List<String> FIELDS = List.of(ProtocolCFeatures.MOVIE, ProtocolCFeatures.GENRES,
            ProtocolCFeatures.YEAR, ProtocolCFeatures.RECENT, ProtocolCFeatures.FAVOURITE);
    /** The numerics the rankers read: none (see the class comment). */
    public static final List<String> NUMERICS = List.of();

    private CtrRankerTraining() {
    }

    /**
     * Returns the spec of the ranker's samples: protocol C's features, every real rating positive
     * ({@link #RATED}), train = the first {@value #TRAIN_NUM}/{@value #TRAIN_DEN} of the samples by time.
     */
    public static SampleSpec spec() {
        return SampleSpec.protocolC().toBuilder().withLabelRule(LabelRule.valueAtLeast(RATED)).withMaxRecentPositives(MAX_RECENT)
                .withTrainFraction(TRAIN_NUM, TRAIN_DEN).withFitFraction(FIT_NUM, FIT_DEN).build();
    }

    /**
     * Returns the model spec of a ranker type: DeepFM over protocol C's six fields (user id and recent positives
     * included) or DIN over its sequence fields with the recent positives as the behaviour sequence; both with
     * {@link #NUMERICS}, protocol C's dimensions and MLP 128-128.
     *
     * @param type {@link ModelType#DEEP_FM} or {@link ModelType#DIN}
     * @return the spec
     */
    public static ModelSpec modelSpec(ModelType type) {
        return switch (type) {
            case DEEP_FM -> ModelSpec.deepFm(FIELDS, NUMERICS, ProtocolC.DIM, 128, 128);
            case DIN -> ModelSpec.din(FIELDS.stream().filter(f -> !f.equals(ProtocolCFeatures.RECENT)).toList(), NUMERICS,
                    ProtocolCFeatures.MOVIE,
                    ProtocolCFeatures.RECENT, ProtocolC.DIM, new int[] {ModelSpec.DEFAULT_ATTENTION_HIDDEN}, 128, 128);
            default -> throw new IllegalArgumentException("type: " + type + ", the served rankers are DEEP_FM and DIN");
        };
    }

    /**
     * Returns the ranker's samples and encoders for a data set: {@link #spec()} over {@link #withNegatives} of its
     * ratings.
     *
     * @param data the data the server trains on
     * @param seed the negatives' seed
     * @return the encoded samples
     */
    public static ProtocolC samples(MovieLensData data, long seed) {
        return samples(data, seed, Progress.silent());
    }

    /**
     * Returns the ranker's samples and encoders ({@link #samples(MovieLensData, long)}), reported as the progress step
     * {@value #SAMPLES_STEP}.
     *
     * @param data     the data the server trains on
     * @param seed     the negatives' seed
     * @param progress where the step reports
     * @return the encoded samples
     */
    static ProtocolC samples(MovieLensData data, long seed, Progress progress) {
        return samples(data, seed, progress, SAMPLES_STEP);
    }

    /** Returns the ranker's samples and encoders, reported as the progress step {@code stepName}. */
    static ProtocolC samples(MovieLensData data, long seed, Progress progress, String stepName) {
        try (Progress.Step step = progress.start(stepName, 0, "")) {
            ProtocolC pc = samplesOf(data, seed);
            step.message(String.format(Locale.ROOT, "%,d samples: fit %,d, validation %,d, test %,d", pc.samples().size(),
                    pc.samples().count(Part.FIT), pc.samples().count(Part.VALIDATION), pc.samples().count(Part.TEST)));
            return pc;
        }
    }

    /** The progress step of building the rankers' samples. */
    static final String SAMPLES_STEP = "ranker-samples";

    private static ProtocolC samplesOf(MovieLensData data, long seed) {
        // at scale, the ratings of a seeded sample of whole users (the rankers have no user id: any users teach them)
        Interactions ratings = ServingModels.userSample(data.ratings(), Integer.MAX_VALUE, 0, MAX_RATINGS, seed,
                new java.util.HashMap<>());
        return ProtocolC.of(SampleSet.build(withNegatives(ratings, NEGATIVES, POPULARITY_EXPONENT, seed),
                data.catalog(), spec()));
    }

    /**
     * The most ratings the rankers' samples are built from (each with {@value #NEGATIVES} negatives beside it): with
     * more, those of a seeded sample of whole users. ml-latest-small and the 1 M-rating set use every rating; at the
     * ml-25m shape the samples of all 25 million ratings and their negatives would not fit the default heap.
     */
    public static final int MAX_RATINGS = 2_000_000;

    /**
     * Returns the ratings with {@code negatives} sampled negatives beside each: movies the user never rated, drawn
     * with probability proportional to (rating count + 1) to the power {@code exponent}, with value 0 and the
     * rating's timestamp. Deterministic for a seed.
     *
     * @param ratings   the ratings (values above {@link #RATED})
     * @param negatives negatives per rating, at least 0
     * @param exponent  the popularity exponent, at least 0
     * @param seed      the seed
     * @return the ratings (first, in their order) and the negatives
     */
    public static Interactions withNegatives(Interactions ratings, int negatives, double exponent, long seed) {
        if (negatives < 0) {
            throw new IllegalArgumentException("negatives: " + negatives + ", must be at least 0");
        }
        if (!(exponent >= 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("exponent: " + exponent + ", must be finite and at least 0");
        }
        int n = ratings.size();
        int numItems = ratings.numItems();
        int[] count = new int[numItems];
        for (int i : ratings.itemColumn()) {
            count[i]++;
        }
        double[] cumulative = new double[numItems];
        double sum = 0;
        for (int i = 0; i < numItems; i++) {
            sum += Math.pow(count[i] + 1.0, exponent);
            cumulative[i] = sum;
        }
        Interactions.Csr byUser = ratings.byUser();
        int[][] rated = new int[ratings.numUsers()][];
        for (int u = 0; u < rated.length; u++) {
            rated[u] = byUser.othersOf(u);
            Arrays.sort(rated[u]);
        }
        int m = n + n * negatives;
        int[] user = Arrays.copyOf(ratings.userColumn(), m);
        int[] item = Arrays.copyOf(ratings.itemColumn(), m);
        float[] value = new float[m];
        long[] ts = Arrays.copyOf(ratings.timestampColumn(), m);
        for (int k = 0; k < n; k++) {
            value[k] = ratings.value(k);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int r = n;
        for (int k = 0; k < n; k++) {
            int u = user[k];
            if (rated[u].length >= numItems) {
                continue;
            }
            for (int j = 0; j < negatives; j++) {
                int pick;
                int tries = 0;
                do {
                    int at = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
                    pick = Math.min(numItems - 1, at >= 0 ? at + 1 : -at - 1);
                    if (++tries > 100) {
                        pick = random.nextInt(numItems);
                    }
                } while (Arrays.binarySearch(rated[u], pick) >= 0);
                user[r] = u;
                item[r] = pick;
                ts[r] = ts[k];
                r++;
            }
        }
        return Interactions.wrap(ratings.users(), ratings.items(), Arrays.copyOf(user, r), Arrays.copyOf(item, r),
                Arrays.copyOf(value, r), Arrays.copyOf(ts, r));
    }

    /**
     * Returns a served ranker ({@code <name>.ctr}), loaded from {@code work} when saved there from the same inputs,
     * else trained: keyed by the data, the fitted encoders of {@code state}, the negatives' settings and seed, the
     * model spec and the trainer's settings (threads excluded); a file of other encoders is refused naming both.
     *
     * @param type     {@link ModelType#DEEP_FM} or {@link ModelType#DIN}
     * @param name     the artifact's name
     * @param state    the online state of {@link #samples}' result for the data (its encoders key the model)
     * @param samples  {@link #samples}' result for the data, built only when the model must be trained
     * @param dataKey  the data's fingerprint
     * @param s        the training settings (seed, threads, CTR epochs)
     * @param work     the work folder
     * @param progress where the training step reports
     * @return the model
     */
    static CtrModel obtain(ModelType type, String name, OnlineFeatureState state, Supplier<ProtocolC> samples,
                           String dataKey, TrainingSettings s, WorkDir work, Progress progress) {
        ModelSpec spec = modelSpec(type);
        CtrTrainer.Builder trainer = CtrTrainer.builder(spec).withLearningRate(LEARNING_RATE).withSeed(s.seed())
                .withMaxEpochs(ServingModels.ctrEpochs(state.count(Part.FIT), s.ctrEpochs()));
        // version 3: personalised (user id, recent positives) on rated-vs-sampled-negative samples (issue 18)
        String key = Fingerprint.of(name, 3).add("data", dataKey).add("features", ServingModels.encodersKey(state.features()))
                .add("negatives", NEGATIVES).add("recent", MAX_RECENT).add("exponent", POPULARITY_EXPONENT).add("rated", RATED)
                .add("train", TRAIN_NUM + "/" + TRAIN_DEN).add("fit", FIT_NUM + "/" + FIT_DEN).add("seed", s.seed()).add("spec", spec).add("maxRatings", MAX_RATINGS)
                .add("maxFitSamples", ServingModels.CTR_MAX_FIT_SAMPLES).add("maxValidationSamples", ServingModels.CTR_MAX_VALIDATION_SAMPLES)
                .add("config", trainer.withThreads(1).build()).hex();
        trainer.withThreads(s.threads());
        // a model trained on rows of other encoders than the state's is refused (naming both) and trained again
        WorkDir.Codec<CtrModel> codec = WorkDir.Codec.of(CtrModel::save, f -> CtrModel.load(f, state.features()));
        return work.obtain(name, name + ".ctr", key, codec,
                notes -> train(name, ServingModels.matching(samples.get(), state, name), trainer, progress, notes));
    }

    /**
     * Returns the key of the rankers' {@link OnlineFeatureState}: the data, the samples' spec and everything that
     * makes the negatives ({@link #samples}).
     */
    static String stateKey(String dataKey, TrainingSettings s) {
        return Fingerprint.of("ranker-state", 1).add("data", dataKey).add("spec", spec()).add("negatives", NEGATIVES)
                .add("exponent", POPULARITY_EXPONENT).add("seed", s.seed()).add("maxRatings", MAX_RATINGS).hex();
    }

    /**
     * Trains a ranker on the samples' fit part with early stopping on their validation part, records its test AUC,
     * best epoch and per-epoch losses in {@code notes}.
     */
    static CtrModel train(String name, ProtocolC samples, CtrTrainer.Builder trainer, Progress progress,
                          Map<String, String> notes) {
        // rows encoded on demand, the latest fit rows and a spread of validation rows within the CTR budgets
        CtrRows fit = ServingModels.latest(samples.rows(Part.FIT), ServingModels.CTR_MAX_FIT_SAMPLES, notes);
        CtrRows validation = ServingModels.spread(samples.rows(Part.VALIDATION), ServingModels.CTR_MAX_VALIDATION_SAMPLES);
        return ServingModels.trainCtr(name, fit, validation, samples.rows(Part.TEST), trainer, trainer.build(), progress,
                notes, new ArrayList<>(), true);
    }
}
