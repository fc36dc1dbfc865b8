package org.recsys4j.examples.train;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.rank.seq.SequenceModel;
import org.recsys4j.recall.channel.ChannelWeightSearch;
import org.recsys4j.recall.channel.ItemNeighbors;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.VectorIndex;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The models {@code train --events FILE --items FILE} makes from your own data, obtained through a
 * {@link WorkDir} like the demo's {@link ServingModels} (loaded when saved from the same inputs, else trained and
 * saved): what a similar-items and a recommended-for-you pipeline need, from the interactions the feedback policy
 * made, with no rating threshold (the policy already chose what counts).
 *
 * <ul>
 *   <li><b>item2vec</b> over sessions: each user's interactions in time order, cut where two are more than
 *       {@link #SESSION_GAP_SECONDS} apart, sessions of one item left out; skip-gram, window
 *       {@value #W2V_WINDOW}, {@value #W2V_NEGATIVE} negatives, the settings' dimension, epochs and seed
 *       ({@code item2vec.emb});</li>
 *   <li><b>implicit ALS</b> on the interactions (their value is the policy's signal, the confidence
 *       {@code 1 + α·value}) at {@link EventSettings}' factors, λ, α and iterations (defaults chosen on generated
 *       shops, not MovieLens'): item and user factors ({@code als.emb}, {@code als-users.emb});</li>
 *   <li>an <b>HNSW index</b> per embedding (cosine, M = 16, efConstruction = ef = 100; {@code <name>.hnsw});</li>
 *   <li><b>item-CF</b>: the cosine co-occurrence table, top {@value #CF_NEIGHBORS} per item ({@code item-cf.nbr});</li>
 *   <li>the <b>CTR ranker</b> ({@link EventCtr}): leakage-safe samples of the event log, a CTR model on their time
 *       split with its test AUC against popularity ({@code ctr.ctr}), unless none is asked for or no label rule
 *       fits the data ({@link #ctrSkipped()} says why);</li>
 *   <li>the <b>sequence model</b>: SASRec over each user's interactions in time order with the MovieLens demo's
 *       settings ({@link ServingModels#fitSequenceModel}; {@code sasrec.r4js}) and an HNSW index of its item
 *       embeddings by inner product ({@code sasrec.hnsw}), unless no user has three interactions
 *       ({@link #sequenceSkipped()}).</li>
 * </ul>
 * Every fingerprint covers the data's key (both files' bytes, the mappings, the policy, the read options), the
 * settings, and for an index the bytes of its embedding file ({@link WorkDir#contentKey}).
 */
public final class EventModels {
    /** The embedding models, in the order they are listed. */
    public static final List<String> EMBEDDINGS = List.of("item2vec", "als");
    /** The gap that starts a new session: 30 minutes, the common web-analytics rule. */
    public static final long SESSION_GAP_SECONDS = 30 * 60;
    /** The item-CF neighbours kept per item. */
    public static final int CF_NEIGHBORS = 50;
    static final int W2V_WINDOW = 5;
    static final int W2V_NEGATIVE = 5;
    private static final int HNSW_M = 16;
    private static final int HNSW_EF = 100;

    private final Map<String, EmbeddingTable> itemVectors;
    private final Map<String, VectorIndex> indexes;
    private final EmbeddingTable alsUsers;
    private final ItemNeighbors itemCf;
    private final double alsRegularization;
    private final double alsTypicalConfidence;
    private final ServedAls.Lift alsLift;
    private final ServedRecall.Config mergeConfig;
    private final String mergeCategory;
    private final EventCtr.Outcome ctr;
    private final SequenceModel sequenceModel;
    private final VectorIndex sequenceIndex;
    private final String sequenceSkipped;
    private final Feedback policy;
    private final List<WorkDir.Entry> entries;

    private EventModels(Map<String, EmbeddingTable> itemVectors, Map<String, VectorIndex> indexes, EmbeddingTable alsUsers,
                        ItemNeighbors itemCf, double alsRegularization, double alsTypicalConfidence, ServedAls.Lift alsLift,
                        ServedRecall.Config mergeConfig, String mergeCategory, EventCtr.Outcome ctr,
                        SequenceModel sequenceModel, VectorIndex sequenceIndex, String sequenceSkipped, Feedback policy,
                        List<WorkDir.Entry> entries) {
        this.itemVectors = Collections.unmodifiableMap(itemVectors);
        this.indexes = Collections.unmodifiableMap(indexes);
        this.alsUsers = alsUsers;
        this.itemCf = itemCf;
        this.alsRegularization = alsRegularization;
        this.alsTypicalConfidence = alsTypicalConfidence;
        this.alsLift = alsLift;
        this.mergeConfig = mergeConfig;
        this.mergeCategory = mergeCategory;
        this.ctr = ctr;
        this.sequenceModel = sequenceModel;
        this.sequenceIndex = sequenceIndex;
        this.sequenceSkipped = sequenceSkipped;
        this.policy = policy;
        this.entries = List.copyOf(entries);
    }

    /**
     * Your data as the models learn from it.
     *
     * @param log          the events read (over the catalogue's item index)
     * @param policy       the feedback policy
     * @param catalog      the catalogue
     * @param interactions the interactions the policy made of the log
     * @param key          the fingerprint of the data and the policy (both files' bytes, the mappings, the policy, the
     *                     read options)
     */
    public record Input(EventLog log, Feedback policy, ItemCatalog catalog, Interactions interactions, String key) {
        /** Checks that nothing is null. */
        public Input {
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(interactions, "interactions");
            Objects.requireNonNull(key, "key");
        }

        /** Applies the policy to the log. */
        public static Input of(EventLog log, Feedback policy, ItemCatalog catalog, String key) {
            return new Input(log, policy, catalog, policy.apply(log), key);
        }
    }

    /**
     * Returns the session corpus item2vec learns from: the interactions of each user in time order, cut at gaps of
     * more than {@link #SESSION_GAP_SECONDS}, sessions of at least two items.
     *
     * @param interactions the policy's interactions
     * @return the corpus (tokens: dense indices of {@code interactions.items()})
     */
    public static SequenceCorpus sessions(Interactions interactions) {
        return ItemSequences.builder()                          // no threshold: every interaction counts, the policy chose
                .withSessionGapSeconds(SESSION_GAP_SECONDS).withMinLength(2).build().from(interactions);
    }

    /** Returns the implicit-ALS trainer of the settings. */
    static ImplicitAls.Builder alsBuilder(TrainingSettings settings, EventSettings events) {
        return ServedAls.events(settings, events);
    }

    /** Returns the median interaction value (the policy's signal), 1 without interactions. */
    private static double medianValue(Interactions interactions) {
        double[] v = new double[interactions.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = interactions.value(k);
        }
        java.util.Arrays.sort(v);
        return v.length == 0 ? 1.0 : v[v.length / 2];
    }

    /**
     * Returns every model, each loaded from {@code work} when saved there from the same inputs, else trained (with
     * a progress step) and saved.
     *
     * @param data     your data: the log, the policy, the catalogue, the interactions and their fingerprint
     * @param settings the training settings (item2vec's dimension and epochs, CTR epochs, threads, seed)
     * @param events   implicit ALS's and the CTR ranker's settings
     * @param work     where artifacts are saved
     * @param progress how long steps report progress
     * @return the models
     * @throws IllegalArgumentException if a trainer refuses the data, or a CTR setting does not fit it
     */
    public static EventModels obtain(Input data, TrainingSettings settings, EventSettings events, WorkDir work,
                                     Progress progress) {
        return obtain(data, () -> sessions(data.interactions()), settings, events, work, progress);
    }

    /**
     * Returns every model as {@link #obtain(Input, TrainingSettings, EventSettings, WorkDir, Progress)} does, item2vec
     * (when trained) from a session corpus the caller already built ({@link #sessions(Interactions)} of the same
     * interactions), so that it is not built twice.
     *
     * @param data     your data: the log, the policy, the catalogue, the interactions and their fingerprint
     * @param sessions {@link #sessions(Interactions)} of {@code data.interactions()}
     * @param settings the training settings (item2vec's dimension and epochs, CTR epochs, threads, seed)
     * @param events   implicit ALS's and the CTR ranker's settings
     * @param work     where artifacts are saved
     * @param progress how long steps report progress
     * @return the models
     * @throws IllegalArgumentException if a trainer refuses the data, or a CTR setting does not fit it
     */
    public static EventModels obtain(Input data, SequenceCorpus sessions, TrainingSettings settings, EventSettings events,
                                     WorkDir work, Progress progress) {
        Objects.requireNonNull(sessions, "sessions");
        return obtain(data, () -> sessions, settings, events, work, progress);
    }

    private static EventModels obtain(Input data, java.util.function.Supplier<SequenceCorpus> sessions,
                                      TrainingSettings settings, EventSettings events, WorkDir work, Progress progress) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(progress, "progress");
        Interactions interactions = data.interactions();
        String dataKey = data.key();
        int before = work.entries().size();
        TrainingSettings s = settings;
        Map<String, EmbeddingTable> tables = new LinkedHashMap<>();
        String w2vKey = Fingerprint.of("event-item2vec", 1).add("data", dataKey).add("dim", s.dim())
                .add("window", W2V_WINDOW).add("negative", W2V_NEGATIVE).add("epochs", s.epochs()).add("seed", s.seed())
                .add("sessionGap", SESSION_GAP_SECONDS).add("tokenBudget", ServingModels.W2V_TOKEN_BUDGET).hex();
        // the codecs of the demo's models: a file of another model, an index of other vectors, a neighbour table of
        // other items is refused and rebuilt
        tables.put("item2vec", work.obtain("item2vec", "item2vec.emb", w2vKey, ServingModels.embeddingsCodec("item2vec"),
                notes -> ServingModels.word2vec("item2vec", sessions.get(), s, progress, notes)));

        ImplicitAls als = alsBuilder(s, events).build();
        String alsKey = Fingerprint.of("event-ials", 1).add("data", dataKey)
                .add("config", als.toString().replaceAll(", threads=\\d+", "")).hex();
        Map<String, String> alsNotes = new LinkedHashMap<>();
        ImplicitAlsModel[] fitted = new ImplicitAlsModel[1];
        java.util.function.Supplier<ImplicitAlsModel> ials = () -> {
            if (fitted[0] == null) {
                fitted[0] = ServingModels.ials(alsBuilder(s, events), interactions, progress, alsNotes);
            }
            return fitted[0];
        };
        EmbeddingTable users = work.obtain("als-users", "als-users.emb", alsKey, ServingModels.embeddingsCodec("als-users"),
                notes -> {
                    EmbeddingTable t = ials.get().userFactors();   // fitting fills alsNotes
                    notes.putAll(alsNotes);
                    return ServingModels.named(t, "als-users");
                });
        tables.put("als", work.obtain("als", "als.emb", alsKey, ServingModels.embeddingsCodec("als"), notes -> {
            EmbeddingTable t = ials.get().itemFactors();
            notes.putAll(alsNotes);
            return ServingModels.named(t, "als");
        }));
        // the served ALS ranker's popularity lift, chosen on a validation split as the MovieLens demo's (ServedAls)
        String liftKey = Fingerprint.of("als-lift", 2).add("als", alsKey).add("seed", s.seed()).add("grid", ServedAls.LIFT_GRID.toString())
                .add("commonShare", ServedAls.COMMON_SHARE).add("maxCommonSlots", ServedAls.MAX_COMMON_SLOTS).hex();
        ServedAls.Lift lift = work.obtain("als-lift", "als-lift.txt", liftKey, ServingModels.LIFT_CODEC, notes -> {
            try (Progress.Step step = progress.start("als lift", 0, "")) {
                ServedAls.Lift l = ServedAls.chooseLift(alsBuilder(s, events), interactions, Double.NEGATIVE_INFINITY,
                        s.seed());
                step.message("β " + l.beta());
                notes.put("validation", l.notes());
                return l;
            }
        });

        Map<String, VectorIndex> indexes = new LinkedHashMap<>();
        for (String name : EMBEDDINGS) {
            String key = Fingerprint.of("hnsw", 2).add("vectors", work.contentKey(name)).add("metric", Metric.COSINE)
                    .add("m", HNSW_M).add("efConstruction", HNSW_EF).add("ef", HNSW_EF).add("seed", s.seed()).hex();
            WorkDir.Codec<HnswIndex> codec = ServingModels.hnswCodec(tables.get(name));
            indexes.put(name, work.obtain(name + " hnsw", name + ".hnsw", key, codec, notes -> {
                try (Progress.Step step = progress.start(name + " hnsw", 0, "")) {
                    HnswIndex index = HnswIndex.builder(tables.get(name), Metric.COSINE).withM(HNSW_M)
                            .withEfConstruction(HNSW_EF).withEf(HNSW_EF).withSeed(s.seed())
                            .build();   // one thread (HNSW's default): a seed then gives the same graph
                    step.message(index.size() + " vectors");
                    return index;
                }
            }));
        }

        String cfKey = Fingerprint.of("event-item-cf", 1).add("data", dataKey).add("m", CF_NEIGHBORS)
                .add("similarity", ItemNeighbors.Similarity.COSINE).hex();
        WorkDir.Codec<ItemNeighbors> cfCodec = ServingModels.neighborsCodec(interactions.items());
        ItemNeighbors itemCf = work.obtain("item-cf", "item-cf.nbr", cfKey, cfCodec, notes -> {
            try (Progress.Step step = progress.start("item-cf", 0, "")) {
                return ItemNeighbors.builder(interactions).withNeighbors(CF_NEIGHBORS)
                        .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(s.threads()).build();
            }
        });
        // the served recall's weights, chosen on a validation split as the MovieLens demo's (ServedRecall.search), for
        // the catalogue's default category attribute (the one serve --events uses unless told otherwise)
        String category = ServedRecall.defaultCategory(data.catalog());
        String mergeKey = Fingerprint.of("event-merge", 1).add("item2vec", w2vKey).add("cf", cfKey)
                .add("category", String.valueOf(category)).add("grid", ChannelWeightSearch.DEFAULT_WEIGHTS.toString()
                        + ChannelWeightSearch.DEFAULT_RRF_KS + ChannelWeightSearch.DEFAULT_FUSIONS)
                .add("maxJaccard", ServingModels.MERGE_MAX_JACCARD).hex();
        ServedRecall.Config merge = work.obtain("merge", "merge.txt", mergeKey, ServingModels.MERGE_CODEC,
                notes -> mergeConfig(data, category, s, progress, notes));
        EventCtr.Outcome ctr = EventCtr.obtain(data.log(), data.policy(), data.catalog(), dataKey, s, events.ctr(), work,
                progress);
        // the sequence model (SASRec) over each user's interactions in time order, as the MovieLens demo's, and its index
        String seqSkipped = sequenceSkipped(interactions);
        SequenceModel seq = null;
        VectorIndex seqIndex = null;
        if (seqSkipped.isEmpty()) {
            seq = ServingModels.obtainSequenceModel(interactions, dataKey, s, work, progress);
            seqIndex = ServingModels.obtainSequenceIndex(seq, s, work, progress);
        }
        return new EventModels(tables, indexes, users, itemCf, als.regularization(),
                als.confidenceOf(medianValue(interactions)), lift, merge, category, ctr, seq, seqIndex, seqSkipped,
                data.policy(), work.entries().subList(before, work.entries().size()));
    }

    /** Returns the implicit-ALS regularisation λ (for folding in users without factors). */
    public double alsRegularization() {
        return alsRegularization;
    }

    /**
     * Returns the implicit-ALS confidence of a typical interaction, that of the median interaction value (the
     * policy's signal), for folding in users from their history.
     */
    public double alsTypicalConfidence() {
        return alsTypicalConfidence;
    }

    /** Returns the served ALS ranker's popularity lift, chosen on a validation split ({@link ServedAls}). */
    public ServedAls.Lift alsLift() {
        return alsLift;
    }

    /**
     * Returns the served recall's fusion settings for the category attribute {@code category} (null: none): those
     * chosen on a validation split ({@link ServedRecall#search}) when it is the one they were chosen for (the
     * catalogue's default category), else {@link ServedRecall.Config#DEFAULT}.
     */
    public ServedRecall.Config mergeConfig(String category) {
        return Objects.equals(category, mergeCategory) ? mergeConfig : new ServedRecall.Config(
                ServedRecall.Config.DEFAULT.weights(), ServedRecall.Config.DEFAULT.rrfK(), ServedRecall.Config.DEFAULT.fusion(),
                "defaults, not tuned: the weights were chosen with category attribute " + mergeCategory + ", not " + category);
    }

    /**
     * Chooses the served recall's weights on a validation split of your data: each user's last interaction is held
     * out, item2vec (over the sessions), its index and item-CF are trained on the rest as for serving, the recall is
     * built from them as the server builds it ({@link ServedRecall#build}) and {@link ServedRecall#search} picks the
     * weights. With no user to validate on, or no session of two items left to train item2vec on, the defaults.
     */
    static ServedRecall.Config mergeConfig(Input data, String category, TrainingSettings s, Progress progress,
                                           Map<String, String> notes) {
        org.recsys4j.core.eval.LeaveLastOutTask val = org.recsys4j.core.eval.LeaveLastOutTask.of(data.interactions());
        if (val.numCases() == 0) {
            notes.put("validation", "none: no user has two interactions");
            return ServedRecall.Config.DEFAULT;
        }
        Interactions v = val.ratedTrain();
        SequenceCorpus validationSessions;
        try {
            validationSessions = sessions(v);
        } catch (IllegalArgumentException e) {   // ItemSequences: no session of two items is left
            notes.put("validation", "none: with each user's last interaction held out, " + e.getMessage());
            return ServedRecall.Config.DEFAULT;
        }
        EmbeddingTable vectors = ServingModels.word2vec("item2vec", validationSessions, s, progress, new LinkedHashMap<>());
        try (Progress.Step step = progress.start("merge weights", 0, "")) {
            HnswIndex index = HnswIndex.builder(vectors, Metric.COSINE).withM(HNSW_M).withEfConstruction(HNSW_EF)
                    .withEf(HNSW_EF).withSeed(s.seed()).build();
            ItemNeighbors cf = ItemNeighbors.builder(v).withNeighbors(CF_NEIGHBORS)
                    .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(s.threads()).build();
            org.recsys4j.recall.channel.MultiChannelRecall merger = ServedRecall.build(data.catalog(), v, cf, vectors,
                    index, category, null, null,
                    org.recsys4j.recall.channel.PopularityChannel.builder(v).withName("popular").build(),
                    ServedRecall.Config.DEFAULT, java.time.Duration.ofMinutes(1),
                    org.recsys4j.core.pipeline.StageExecutor.common());
            ChannelWeightSearch.Result r = ServedRecall.search(merger, val, ServingModels.MERGE_MAX_JACCARD, s.threads());
            step.message(r.toString());
            notes.put("validation", r.toString());
            return ServedRecall.Config.of(r);
        }
    }

    /** Returns the CTR ranker's model and samples, if one was trained or loaded. */
    public Optional<EventCtr> ctr() {
        return ctr.model();
    }

    /** Returns why there is no CTR ranker ("" when there is one). */
    public String ctrSkipped() {
        return ctr.skipped();
    }

    /**
     * Returns why the interactions cannot train a sequence model, or "" when they can: SASRec holds out each user's last
     * interaction for validation and learns from next-item transitions, so some user needs three interactions.
     */
    static String sequenceSkipped(Interactions interactions) {
        Interactions.Csr byUser = interactions.byUser();
        for (int u = 0; u < byUser.rows(); u++) {
            if (byUser.end(u) - byUser.start(u) >= 3) {
                return "";
            }
        }
        return "no user has three or more interactions after the feedback policy (one is held out for validation, "
                + "and a next-item transition needs two more), so there is no sequence model";
    }

    /**
     * Returns the sequence model ({@link ServingModels#SEQUENCE_MODEL}: SASRec with the MovieLens demo's settings,
     * {@code sasrec.r4js}) of each user's interactions in time order, over the interactions' items, unless the data
     * cannot train one ({@link #sequenceSkipped()} says why). {@code serve --events} serves it as the pipeline
     * {@code sasrec}: its state after the user's history, through {@link #sequenceIndex()}, then its scores.
     */
    public Optional<SequenceModel> sequenceModel() {
        return Optional.ofNullable(sequenceModel);
    }

    /** Returns the HNSW index (inner product, {@code sasrec.hnsw}) of {@link #sequenceModel()}'s item embeddings. */
    public Optional<VectorIndex> sequenceIndex() {
        return Optional.ofNullable(sequenceIndex);
    }

    /** Returns why there is no sequence model ("" when there is one). */
    public String sequenceSkipped() {
        return sequenceSkipped;
    }

    /** Returns the feedback policy the models learnt under (what an event is worth, how a pair's events combine). */
    public Feedback policy() {
        return policy;
    }

    /** Returns the item vectors of each embedding model ({@link #EMBEDDINGS}); ids = item ids. */
    public Map<String, EmbeddingTable> itemVectors() {
        return itemVectors;
    }

    /** Returns the HNSW index (cosine) of each embedding model. */
    public Map<String, VectorIndex> indexes() {
        return indexes;
    }

    /** Returns the implicit-ALS user factors (ids = user ids). */
    public EmbeddingTable alsUsers() {
        return alsUsers;
    }

    /** Returns the item-CF co-occurrence table (dense item indices of the interactions). */
    public ItemNeighbors itemCf() {
        return itemCf;
    }

    /** Returns what was built and what reused, in order. */
    public List<WorkDir.Entry> entries() {
        return entries;
    }
}
