package org.recsys4j.examples.train;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.ItemAttribute;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.sample.LabelRule;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.rank.ctr.CtrData;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.ctr.CtrSamples;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.EpochReport;
import org.recsys4j.rank.ctr.ModelSpec;
import org.recsys4j.rank.ctr.TrainingResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The CTR ranker of your own data: leakage-safe samples built from the event log with a {@link SampleSpec} (the
 * generic sample builder, {@code docs/samples.md}), a CTR model trained on their time split, its test AUC next to the
 * popularity baseline's, saved in the work folder as a self-describing artifact ({@code ctr.ctr}, {@link ArtifactInfo}
 * named {@value #NAME} with the encoders' fingerprint as an input). {@code serve --events} ranks with it through a
 * {@link org.recsys4j.rank.serving.ModelRanker} over a {@link org.recsys4j.rank.ctr.SampleFeatureProvider}, which
 * computes the same features online.
 *
 * <p><b>The spec, from the policy and the catalogue</b> (each choice overridable, {@link Settings}):
 * <ul>
 *   <li><em>label</em>: with event types, the types the {@link Feedback} policy weighs above its lightest type
 *       (view 1, cart 3, buy 10: cart and buy are positive, a view is the exposure); with values (ratings), only an
 *       explicit threshold ({@link Settings#positiveValue()}): the policy's threshold already dropped what is below it,
 *       so it cannot separate positives from negatives. Nothing derivable (an untyped log, types of equal weight): no
 *       CTR model, and {@link Outcome#skipped()} says why and which setting to give;</li>
 *   <li><em>static item attributes</em>: every categorical, multi-categorical and numeric attribute of the catalogue
 *       (text has no encoder; a timestamp attribute, bucketed as an absolute time, says when an item was listed, not
 *       how old it was at the event, and measured no better on the generated shops);</li>
 *   <li><em>favourites</em> (the user's as-of top values and the affinity): every categorical and multi-categorical
 *       attribute with at least 2 and at most half as many values as the catalogue has items (an attribute almost
 *       unique per item, such as a model number, says nothing a favourite can generalise);</li>
 *   <li>the rest are {@link SampleSpec}'s documented defaults: a sample is an event with 2 earlier events of its user,
 *       the as-of count / mean / deviation / positive rate of user and item, 5 recent positives, train = the 80 %
 *       earliest seconds, validation = the last 10 % of train.</li>
 * </ul>
 *
 * <p><b>The model</b>: logistic regression by default ({@link Settings#DEFAULT_MODEL}: on the generated shops its
 * test AUC is at least the factorization machine's, 0.5515 vs 0.5499 and 0.5448 vs 0.5009, docs/your-data.md), or a
 * factorization machine (k = {@value #FM_FACTORS});
 * Adam, batches of 64, learning rate 0.01 (LR) or 0.003 (FM), at most the settings' CTR epochs with early stopping on
 * the validation AUC. Its test AUC and the popularity baseline's (each test sample scored by its item's number of
 * train samples) are measured when it is trained and kept in the work folder's notes.
 */
public final class EventCtr {
    /** The artifact's name (in its {@link ArtifactInfo} and the work folder's summary). */
    public static final String NAME = "ctr";
    /** The artifact's file name in the work folder. */
    public static final String FILE = "ctr.ctr";
    /** The user-aggregate vector namespace a server stores {@link CtrSamples#userAggregates} in. */
    public static final String USER_AGGREGATES = "ctr_user_stats";
    static final int BATCH_SIZE = 64;
    static final int FM_FACTORS = 8;

    /** The CTR models {@code train --events} can train. */
    public enum Model {
        /** Logistic regression. */
        LR,
        /** Factorization machine, k = {@value EventCtr#FM_FACTORS}. */
        FM,
        /** No CTR model. */
        NONE
    }

    /**
     * The CTR settings of your own data.
     *
     * @param model         the model ({@link Model#NONE}: none)
     * @param positiveTypes the event types that are positive, or null: derived from the policy's type weights
     * @param positiveValue a threshold on the event's value (the policy's signal) from which an event is positive, or
     *                      NaN: none (with values and no types, then no label can be derived)
     * @param attributes    the static item attributes, or null: derived from the catalogue
     * @param favourites    the favourite attributes, or null: derived from the catalogue
     */
    public record Settings(Model model, List<String> positiveTypes, double positiveValue, List<String> attributes,
                           List<String> favourites) {
        /** The default model. */
        public static final Model DEFAULT_MODEL = Model.LR;

        /** Copies the lists; checks that at most one label rule is given. */
        public Settings {
            Objects.requireNonNull(model, "model");
            positiveTypes = EventSettings.copy(positiveTypes);
            attributes = EventSettings.copy(attributes);
            favourites = EventSettings.copy(favourites);
            if (positiveTypes != null && !Double.isNaN(positiveValue)) {
                throw new IllegalArgumentException("positiveTypes " + positiveTypes + " and positiveValue " + positiveValue
                        + ": give one label rule, not both");
            }
            if (positiveTypes != null && positiveTypes.isEmpty()) {
                throw new IllegalArgumentException("positiveTypes: empty; name at least one event type");
            }
            if (Double.isInfinite(positiveValue)) {
                throw new IllegalArgumentException("positiveValue = " + positiveValue + ": must be finite");
            }
        }

        /** Returns {@link #DEFAULT_MODEL}, everything else derived. */
        public static Settings defaults() {
            return new Settings(DEFAULT_MODEL, null, Double.NaN, null, null);
        }
    }

    /**
     * What {@link #obtain} did: the ranker's model, or why there is none.
     *
     * @param ctr     the CTR model and its samples, or null
     * @param skipped why there is no model ("" when there is one)
     */
    public record Outcome(EventCtr ctr, String skipped) {
        /** Returns the model, if one was trained or loaded. */
        public Optional<EventCtr> model() {
            return Optional.ofNullable(ctr);
        }
    }

    private final CtrSamples data;
    private final CtrModel model;
    private final Model type;
    private final double testAuc;
    private final double popularityAuc;

    private EventCtr(CtrSamples data, CtrModel model, Model type, double testAuc, double popularityAuc) {
        this.data = data;
        this.model = model;
        this.type = type;
        this.testAuc = testAuc;
        this.popularityAuc = popularityAuc;
    }

    /**
     * Returns the label rule of the settings, or the one derived from the policy (see the class comment).
     *
     * @throws IllegalArgumentException naming a given type the log does not have
     * @throws Underivable              when no rule is given and none can be derived (the message says why)
     */
    static LabelRule labelRule(EventLog log, Feedback policy, Settings s) {
        if (s.positiveTypes() != null) {
            if (!log.hasTypes()) {
                throw new IllegalArgumentException("positive types " + s.positiveTypes() + ": the events have no type "
                        + "column");
            }
            for (String t : s.positiveTypes()) {
                if (!log.eventTypes().contains(t)) {
                    throw new IllegalArgumentException("positive type '" + t + "': the events have no such type (they "
                            + "have " + String.join(", ", log.eventTypes()) + ")");
                }
            }
            return LabelRule.eventTypes(s.positiveTypes());
        }
        if (!Double.isNaN(s.positiveValue())) {
            return LabelRule.valueAtLeast(s.positiveValue());
        }
        Map<String, Double> weights = policy.typeWeights();
        if (!weights.isEmpty()) {
            double lightest = weights.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            List<String> heavier = new ArrayList<>(new TreeMap<>(weights).entrySet().stream()
                    .filter(e -> e.getValue() > lightest).map(Map.Entry::getKey).toList());
            if (heavier.isEmpty()) {
                throw new Underivable("every weighted event type weighs the same (" + weights.keySet() + "), so none "
                        + "stands for a success: name the positive types (--ctr-positive-types)");
            }
            List<String> occurring = heavier.stream().filter(log.eventTypes()::contains).toList();
            if (occurring.isEmpty()) {
                throw new Underivable("the event types the policy weighs above its lightest (" + String.join(", ", heavier)
                        + ") do not occur in the events (they have " + String.join(", ", log.eventTypes()) + "), so "
                        + "no event is a success: name the positive types (--ctr-positive-types)");
            }
            return LabelRule.eventTypes(occurring);
        }
        if (policy.signal() == Feedback.Signal.VALUE) {
            throw new Underivable("the events' values need a threshold that makes an event positive (the policy's "
                    + "threshold already dropped what is below it): give the positive value (--ctr-positive-value)");
        }
        throw new Underivable("the events have neither weighted types nor values, so nothing tells a success from an "
                + "exposure: name the positive types or value (--ctr-positive-types, --ctr-positive-value)");
    }

    /** No label rule can be derived; the message says why. */
    static final class Underivable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Underivable(String message) {
            super(message);
        }
    }

    /**
     * Returns the sample spec: the label rule, the static and favourite attributes of the settings or derived from
     * the catalogue (see the class comment), the rest {@link SampleSpec}'s defaults.
     *
     * @throws IllegalArgumentException naming a given attribute the catalogue does not have or cannot use
     */
    static SampleSpec spec(LabelRule rule, ItemCatalog catalog, Settings s) {
        List<String> attributes = new ArrayList<>();
        List<String> favourites = new ArrayList<>();
        for (ItemAttribute a : catalog.attributes()) {
            switch (a.type()) {
                case CATEGORICAL, MULTI_CATEGORICAL -> {
                    attributes.add(a.name());
                    int values = catalog.categoryVocabulary(a.name()).size();
                    if (values >= 2 && values <= catalog.size() / 2) {
                        favourites.add(a.name());
                    }
                }
                case NUMERIC -> attributes.add(a.name());
                case TIMESTAMP, TEXT -> { }
            }
        }
        return SampleSpec.builder(rule)
                .withItemAttributes(s.attributes() != null ? s.attributes() : attributes)
                .withFavourites(s.favourites() != null ? s.favourites() : favourites)
                .build();
    }

    /**
     * Returns the CTR model of your data: loaded from {@code work} when saved there from the same inputs (the data,
     * the spec, the fitted encoders' bytes, the model and trainer settings), else trained and saved; or, with
     * {@link Model#NONE}, no label rule derivable, or samples that cannot train a model, none and why.
     *
     * @param log      the events (over the catalogue's item index)
     * @param policy   the feedback policy (each event's value; which types are weighed)
     * @param catalog  the catalogue
     * @param dataKey  the fingerprint of the data and the policy
     * @param settings the training settings (CTR epochs, threads, seed)
     * @param ctr      the CTR settings
     * @param work     the work folder
     * @param progress where steps report
     * @return the model or why there is none
     * @throws IllegalArgumentException if a given setting does not fit the data (a type, an attribute)
     */
    public static Outcome obtain(EventLog log, Feedback policy, ItemCatalog catalog, String dataKey,
                                 TrainingSettings settings, Settings ctr, WorkDir work, Progress progress) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(dataKey, "dataKey");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(ctr, "ctr");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(progress, "progress");
        if (ctr.model() == Model.NONE) {
            return new Outcome(null, "no CTR model asked for (--ctr-model NONE)");
        }
        LabelRule rule;
        try {
            rule = labelRule(log, policy, ctr);
        } catch (Underivable e) {
            return new Outcome(null, e.getMessage());
        }
        SampleSpec spec = spec(rule, catalog, ctr);
        CtrSamples data;
        try (Progress.Step step = progress.start("ctr samples", 0, "")) {
            SampleSet samples;
            try {
                samples = SampleSet.build(log, policy, catalog, spec);
            } catch (IllegalArgumentException e) {
                if (String.valueOf(e.getMessage()).endsWith("; no samples")) {
                    return new Outcome(null, "no sample: " + e.getMessage());
                }
                throw e;   // a type or attribute the data does not have: the settings are wrong
            }
            String unusable = unusable(samples);
            if (!unusable.isEmpty()) {
                return new Outcome(null, unusable);
            }
            data = CtrSamples.of(samples);
            step.message(String.format(Locale.ROOT, "%,d samples: fit %,d, validation %,d, test %,d", samples.size(),
                    data.fit().size(), data.validation().size(), data.test().size()));
        }
        ModelSpec modelSpec = ctr.model() == Model.FM ? ModelSpec.fm(data.fields(), data.numerics(), FM_FACTORS)
                : ModelSpec.logisticRegression(data.fields(), data.numerics());
        CtrTrainer.Builder trainer = CtrTrainer.builder(modelSpec).withLearningRate(ctr.model() == Model.FM ? 3e-3 : 1e-2)
                .withBatchSize(BATCH_SIZE).withMaxEpochs(settings.ctrEpochs()).withSeed(settings.seed());
        String encoders = ServingModels.encodersKey(data.features());
        String key = Fingerprint.of("event-ctr", 1).add("data", dataKey).add("spec", spec).add("encoders", encoders)
                .add("model", modelSpec).add("config", trainer.withThreads(1).build()).hex();
        trainer.withThreads(settings.threads());
        WorkDir.Codec<CtrModel> codec = WorkDir.Codec.of(CtrModel::save, f -> {
            CtrModel m = CtrModel.load(f);
            String file = String.valueOf(f.getFileName());
            m.info().requireKind(ArtifactInfo.CTR_MODEL, file).requireName(NAME, file).requireInput("encoders", encoders, file);
            return m;
        });
        CtrSamples d = data;
        CtrModel model = work.obtain(NAME, FILE, key, codec, notes -> train(d, trainer, rule, encoders, progress, notes));
        Map<String, String> notes = work.entry(NAME).notes();
        return new Outcome(new EventCtr(data, model, ctr.model(), ServingModels.parse(notes.get("testAuc")),
                ServingModels.parse(notes.get("popularityAuc"))), "");
    }

    /** Returns why samples cannot train and evaluate a model ("" if they can): a part empty, or one label only. */
    private static String unusable(SampleSet s) {
        int[] pos = new int[Part.values().length];
        for (int i = 0; i < s.size(); i++) {
            pos[s.part(i).ordinal()] += s.label(i) ? 1 : 0;
        }
        for (Part p : Part.values()) {
            int n = s.count(p);
            if (n == 0 || pos[p.ordinal()] == 0 || pos[p.ordinal()] == n) {
                return String.format(Locale.ROOT, "the %s split (%,d of %,d samples, %s) has %s: a CTR model needs "
                                + "positive and negative samples in each of fit, validation and test", p.name().toLowerCase(Locale.ROOT),
                        n, s.size(), s.spec().labelRule(), n == 0 ? "no sample" : pos[p.ordinal()] == 0 ? "no positive"
                                : "no negative");
            }
        }
        return "";
    }

    private static CtrModel train(CtrSamples data, CtrTrainer.Builder trainer, LabelRule rule, String encoders,
                                  Progress progress, Map<String, String> notes) {
        CtrTrainer t = trainer.build();
        List<EpochReport> epochs = new ArrayList<>();
        try (Progress.Step step = progress.start("ctr " + t, t.maxEpochs(), "epoch")) {
            TrainingResult r = trainer.withListener(e -> {
                epochs.add(e);
                step.stepTo(e.epoch());
                step.message(String.format(Locale.ROOT, "val AUC %.4f", e.validationAuc()));
            }).build().fit(data.fit(), data.validation());
            CtrData test = data.test();
            double auc = Metrics.auc(r.model().predict(test), test.labelArray());
            double pop = popularityAuc(data.samples());
            step.message(String.format(Locale.ROOT, "test AUC %.4f (popularity %.4f), best epoch %d", auc, pop,
                    r.bestEpoch()));
            notes.put("testAuc", String.format(Locale.ROOT, "%.6f", auc));
            notes.put("popularityAuc", String.format(Locale.ROOT, "%.6f", pop));
            notes.put("bestEpoch", Integer.toString(r.bestEpoch()));
            notes.put("labelRule", rule.toString());
            notes.put("samples", String.format(Locale.ROOT, "fit %d, validation %d, test %d", data.fit().size(),
                    data.validation().size(), test.size()));
            notes.put("validationAuc", ServingModels.join(epochs, EpochReport::validationAuc));
            CtrModel m = r.model();
            return m.withInfo(m.info().toBuilder().withName(NAME).withInput("encoders", encoders)
                    .withSetting("labelRule", rule.toString()).build());
        }
    }

    /**
     * Returns the test AUC of the popularity baseline: each test sample scored by the number of train samples of its
     * item (ties share ranks).
     */
    public static double popularityAuc(SampleSet s) {
        double[] count = new double[s.catalog().size()];
        for (int i = 0; i < s.size(); i++) {
            if (s.isTrain(i)) {
                count[s.itemIndex(i)]++;
            }
        }
        int n = s.count(Part.TEST);
        double[] score = new double[n];
        boolean[] label = new boolean[n];
        int t = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.part(i) == Part.TEST) {
                score[t] = count[s.itemIndex(i)];
                label[t++] = s.label(i);
            }
        }
        return Metrics.auc(score, label);
    }

    /** Returns the encoded samples (the encoders the online features use). */
    public CtrSamples data() {
        return data;
    }

    /** Returns the model. */
    public CtrModel model() {
        return model;
    }

    /** Returns the model type. */
    public Model type() {
        return type;
    }

    /** Returns the ranker's name: {@code ctr-lr} or {@code ctr-fm}. */
    public String rankerName() {
        return "ctr-" + type.name().toLowerCase(Locale.ROOT);
    }

    /** Returns the sample spec. */
    public SampleSpec spec() {
        return data.samples().spec();
    }

    /** Returns the model's AUC on the test split (measured when it was trained). */
    public double testAuc() {
        return testAuc;
    }

    /** Returns the popularity baseline's AUC on the same test samples. */
    public double popularityAuc() {
        return popularityAuc;
    }
}
