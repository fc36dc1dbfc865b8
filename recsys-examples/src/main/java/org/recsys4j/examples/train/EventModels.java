package org.recsys4j.examples.train;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.recall.channel.ItemNeighbors;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.VectorIndex;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 *       {@code 1 + α·value}): item and user factors ({@code als.emb}, {@code als-users.emb});</li>
 *   <li>an <b>HNSW index</b> per embedding (cosine, M = 16, efConstruction = ef = 100; {@code <name>.hnsw});</li>
 *   <li><b>item-CF</b>: the cosine co-occurrence table, top {@value #CF_NEIGHBORS} per item ({@code item-cf.nbr}).</li>
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
    private final List<WorkDir.Entry> entries;

    private EventModels(Map<String, EmbeddingTable> itemVectors, Map<String, VectorIndex> indexes, EmbeddingTable alsUsers,
                        ItemNeighbors itemCf, List<WorkDir.Entry> entries) {
        this.itemVectors = Collections.unmodifiableMap(itemVectors);
        this.indexes = Collections.unmodifiableMap(indexes);
        this.alsUsers = alsUsers;
        this.itemCf = itemCf;
        this.entries = List.copyOf(entries);
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

    /** Returns the implicit-ALS regularization (λ) the settings train with, for folding in new users. */
    public static double alsRegularization(TrainingSettings settings) {
        return ServingModels.alsBuilder(settings).build().regularization();
    }

    /**
     * Returns the implicit-ALS confidence of a typical interaction: of the median interaction value (the policy's
     * signal), for folding in users from their history.
     */
    public static double alsTypicalConfidence(TrainingSettings settings, Interactions interactions) {
        double[] v = new double[interactions.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = interactions.value(k);
        }
        java.util.Arrays.sort(v);
        return ServingModels.alsBuilder(settings).build().confidenceOf(v.length == 0 ? 1.0 : v[v.length / 2]);
    }

    /**
     * Returns every model, each loaded from {@code work} when saved there from the same inputs, else trained (with
     * a progress step) and saved.
     *
     * @param interactions the interactions the feedback policy made
     * @param dataKey      the fingerprint of the data and the policy
     * @param settings     the training settings (dimension, word2vec epochs, ALS iterations, threads, seed)
     * @param work         where artifacts are saved
     * @param progress     how long steps report progress
     * @return the models
     */
    public static EventModels obtain(Interactions interactions, String dataKey, TrainingSettings settings, WorkDir work,
                                     Progress progress) {
        return obtain(interactions, () -> sessions(interactions), dataKey, settings, work, progress);
    }

    /**
     * Returns every model as {@link #obtain(Interactions, String, TrainingSettings, WorkDir, Progress)} does, item2vec
     * (when trained) from a session corpus the caller already built ({@link #sessions(Interactions)} of the same
     * interactions), so that it is not built twice.
     *
     * @param interactions the interactions the feedback policy made
     * @param sessions     {@link #sessions(Interactions)} of {@code interactions}
     * @param dataKey      the fingerprint of the data and the policy
     * @param settings     the training settings
     * @param work         where artifacts are saved
     * @param progress     how long steps report progress
     * @return the models
     */
    public static EventModels obtain(Interactions interactions, SequenceCorpus sessions, String dataKey,
                                     TrainingSettings settings, WorkDir work, Progress progress) {
        Objects.requireNonNull(sessions, "sessions");
        return obtain(interactions, () -> sessions, dataKey, settings, work, progress);
    }

    private static EventModels obtain(Interactions interactions, java.util.function.Supplier<SequenceCorpus> sessions,
                                      String dataKey, TrainingSettings settings, WorkDir work, Progress progress) {
        Objects.requireNonNull(interactions, "interactions");
        Objects.requireNonNull(dataKey, "dataKey");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(progress, "progress");
        int before = work.entries().size();
        TrainingSettings s = settings;
        Map<String, EmbeddingTable> tables = new LinkedHashMap<>();
        String w2vKey = Fingerprint.of("event-item2vec", 1).add("data", dataKey).add("dim", s.dim())
                .add("window", W2V_WINDOW).add("negative", W2V_NEGATIVE).add("epochs", s.epochs()).add("seed", s.seed())
                .add("sessionGap", SESSION_GAP_SECONDS).hex();
        // the codecs of the demo's models: a file of another model, an index of other vectors, a neighbour table of
        // other items is refused and rebuilt
        tables.put("item2vec", work.obtain("item2vec", "item2vec.emb", w2vKey, ServingModels.embeddingsCodec("item2vec"),
                notes -> ServingModels.word2vec("item2vec", sessions.get(), s, progress, notes)));

        ImplicitAls als = ServingModels.alsBuilder(s).build();
        String alsKey = Fingerprint.of("event-ials", 1).add("data", dataKey)
                .add("config", als.toString().replaceAll(", threads=\\d+", "")).hex();
        Map<String, String> alsNotes = new LinkedHashMap<>();
        ImplicitAlsModel[] fitted = new ImplicitAlsModel[1];
        java.util.function.Supplier<ImplicitAlsModel> ials = () -> {
            if (fitted[0] == null) {
                fitted[0] = ServingModels.ials(s, interactions, progress, alsNotes);
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

        Map<String, VectorIndex> indexes = new LinkedHashMap<>();
        for (String name : EMBEDDINGS) {
            String key = Fingerprint.of("hnsw", 2).add("vectors", work.contentKey(name)).add("metric", Metric.COSINE)
                    .add("m", HNSW_M).add("efConstruction", HNSW_EF).add("ef", HNSW_EF).add("seed", s.seed()).hex();
            WorkDir.Codec<HnswIndex> codec = ServingModels.hnswCodec(tables.get(name));
            indexes.put(name, work.obtain(name + " hnsw", name + ".hnsw", key, codec, notes -> {
                try (Progress.Step step = progress.start(name + " hnsw", 0, "")) {
                    HnswIndex index = HnswIndex.builder(tables.get(name), Metric.COSINE).withM(HNSW_M)
                            .withEfConstruction(HNSW_EF).withEf(HNSW_EF).withSeed(s.seed()).withThreads(s.threads())
                            .build();
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
        return new EventModels(tables, indexes, users, itemCf, work.entries().subList(before, work.entries().size()));
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
