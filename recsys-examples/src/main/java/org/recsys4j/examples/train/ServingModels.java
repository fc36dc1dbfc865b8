package org.recsys4j.examples.train;

import org.recsys4j.core.data.EmbeddingFormats;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.IdMapping;
import org.recsys4j.core.data.IdMatch;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.embedding.graph.DeepWalk;
import org.recsys4j.embedding.graph.EdgeWeighting;
import org.recsys4j.embedding.graph.ItemGraph;
import org.recsys4j.embedding.graph.Node2Vec;
import org.recsys4j.embedding.graph.StartSelection;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.ctr.CtrRows;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.EpochReport;
import org.recsys4j.rank.ctr.ModelType;
import org.recsys4j.rank.ctr.OnlineFeatureState;
import org.recsys4j.rank.ctr.ProtocolC;
import org.recsys4j.rank.ctr.TrainingListener;
import org.recsys4j.rank.ctr.TrainingResult;
import org.recsys4j.rank.seq.SasRec;
import org.recsys4j.rank.seq.SequenceEpoch;
import org.recsys4j.rank.seq.SequenceFit;
import org.recsys4j.rank.seq.SequenceLoss;
import org.recsys4j.rank.seq.SequenceModel;
import org.recsys4j.recall.channel.ChannelWeightSearch;
import org.recsys4j.recall.channel.ItemNeighbors;
import org.recsys4j.recall.channel.MultiChannelRecall;
import org.recsys4j.recall.channel.PopularityChannel;
import org.recsys4j.recall.channel.TopRated;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.VectorIndex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Every trained artifact the demo server uses, obtained through a {@link WorkDir}: loaded when saved
 * from the same inputs, else trained and saved.
 *
 * <ul>
 *   <li>item2vec (skip-gram over the users' liked-movie sequences, ratings ≥ 3.5, learning rate 0.05,
 *       centred vectors), DeepWalk and Node2vec (p = 1, q = 0.5) over the {@link #itemGraph item graph} of
 *       those sequences (window-5 co-occurrence, PPMI weights, movies liked at least {@link #NODE_SUPPORT}
 *       times), and implicit ALS on the liked ratings: item vectors ({@code <name>.emb}, the binary
 *       embedding format) and the iALS user factors;</li>
 *   <li>an HNSW index (cosine, M = 16, efConstruction = ef = 100) per embedding ({@code <name>.hnsw}) over
 *       the movies liked at least {@link #RESULT_SUPPORT} times: the only ones returned as similar movies or
 *       recalled by an embedding, so that a movie one user liked is never presented as a copy of its
 *       neighbours (every movie with a vector can still be a query);</li>
 *   <li>the item-CF co-occurrence table (cosine, top 50 per item, the 300 latest liked movies per
 *       user; {@code item-cf.nbr});</li>
 *   <li>the personalised CTR rankers of the served recall ({@link CtrRankerTraining}): DeepFM ({@code deepfm.ctr})
 *       and DIN ({@code din.ctr}) over the user's 20 latest rated movies, favourite genres and the movie's features,
 *       trained on protocol C style as-of samples in which every rating is a positive and sampled movies the user
 *       never rated are the negatives ({@link #rankerSamples()}), each with its test AUC;</li>
 *   <li>SASRec over every user's ratings in time order ({@code sasrec.r4js}; {@link #SEQ_LOSS} with
 *       {@value #SEQ_NEGATIVES} negatives, {@value #SEQ_BATCH_SIZE} sequences per step, dimension {@value #SEQ_DIM},
 *       the last {@value #SEQ_MAX_LENGTH} items, at most
 *       {@link TrainingSettings#seqEpochs()} epochs with early stopping after {@value #SEQ_PATIENCE} epochs without a
 *       better validation NDCG@10 on each user's last item) and an HNSW index over its item embeddings by inner product
 *       ({@code sasrec.hnsw}): the served pipeline {@code sasrec} queries it with the model's state after the user's
 *       history and orders the candidates by the model's scores.</li>
 *   <li>NeuralCF (user-id and movie-id embeddings, MLP 64-32: {@code ProtocolC.spec(NEURAL_CF)}) trained as a ranker
 *       on the personalised rankers' samples ({@link NeuralCfTraining}; {@code neuralcf.ctr}), with its test AUC: the
 *       model the source system serves with TF-Serving, which the demo serves behind its own TF-Serving-protocol model
 *       server as NeuMF ({@link NeuMf}): fused with implicit ALS as a GMF branch by a weight chosen on a validation
 *       split, for which ALS and NeuralCF are trained again without the held-out ratings ({@code neuralcf-gmf.txt}).</li>
 * </ul>
 * An artifact's fingerprint covers the content of the data folder's files, its settings and the
 * <em>content</em> of the artifacts it is built from ({@link WorkDir#contentKey}: an index is keyed by the
 * SHA-256 of its embedding file's bytes), so a changed input rebuilds exactly what depends on it — also
 * when an embedding is rebuilt with other bytes or replaced by hand with another file, and not when it is
 * only rewritten or touched. What the CTR models' rows read online of their samples (the fitted encoders, each
 * movie's latest as-of values) is saved as an {@link OnlineFeatureState} ({@code ranker.state}: DeepFM,
 * DIN and NeuralCF all read the personalised rankers' samples), keyed by the data and the samples' spec; the
 * fitted encoders' content fingerprint is part of each CTR model's key and checked when it loads. The samples themselves are built only when a state or a
 * model must be built: serving from a complete work folder builds none (docs/scale.md).
 */
public final class ServingModels {
    /** The embedding models, in the order they are listed. */
    public static final List<String> EMBEDDINGS = List.of("item2vec", "deepwalk", "node2vec", "als");
    /** The artifact name of the personalised DeepFM ranker (and of the ranker in {@code multi-deepfm}). */
    public static final String DEEP_FM = "deepfm";
    /** The artifact name of the personalised DIN ranker (and of the ranker in {@code multi-din}). */
    public static final String DIN = "din";
    /** The rating from which a rating counts as liked (sequences, item-CF, iALS). */
    public static final double LIKED = 3.5;

    /** The fewest likes of a movie for it to be a node of the item graph (DeepWalk, Node2vec). */
    public static final int NODE_SUPPORT = 5;
    /** The fewest likes of a movie for it to be returned as a similar movie or recalled by an embedding. */
    public static final int RESULT_SUPPORT = 10;

    private static final int W2V_WINDOW = 5;
    private static final int W2V_NEGATIVE = 5;
    /** item2vec's learning rate: word2vec.c's 0.025 leaves item2vec undertrained at 10 epochs (docs/evaluation.md). */
    private static final double ITEM2VEC_ALPHA = 0.05;
    private static final int GRAPH_WINDOW = 5;
    /**
     * The most tokens a word2vec model of the demo reads over all its epochs: with a corpus of more than a tenth of
     * this, the epochs are cut to {@code max(1, budget / tokens)} ({@link #word2vecEpochs}). ml-latest-small's
     * corpora (item2vec some 60 thousand tokens, the walks about 1 million) and the 1 M-rating generated set stay
     * at the settings' 10 epochs; at the ml-25m shape (item2vec 17.3 million tokens a pass, the walks 11.8 million
     * under {@link #WALK_TOKEN_BUDGET}) each reads one pass, some 25–45 CPU seconds each (docs/scale.md). A corpus that
     * large repeats each item's contexts many times within one pass.
     */
    public static final long W2V_TOKEN_BUDGET = 20_000_000L;
    /** Implicit ALS's regularisation λ in the MovieLens demo ({@link #movieLensAls}). */
    public static final double ALS_REGULARIZATION = 50;
    private static final int HNSW_M = 16;
    private static final int HNSW_EF = 100;
    private static final int CF_NEIGHBORS = 50;
    private static final int CF_ITEMS_PER_USER = 300;
    /** The artifact name of the sequence model (and of the pipeline that serves it). */
    public static final String SEQUENCE_MODEL = "sasrec";
    /** SASRec's width. */
    public static final int SEQ_DIM = 64;
    /** SASRec's longest history read: the latest 50 ratings (a quarter of the attention cost of 200). */
    public static final int SEQ_MAX_LENGTH = 50;
    /**
     * SASRec's loss: sampled softmax over uniform negatives, a fraction of the full softmax's cost on a catalogue of
     * thousands. The logQ-corrected popularity sampler ({@link SequenceLoss#LOGQ_SAMPLED_SOFTMAX}) was served for a
     * round: on ml-latest-small it was within one run's noise of this loss (test HR@10 0.0689 against 0.0639, one
     * seed), and on planted data with cross-cluster blockbusters it left the users' clusters (0.763 of the top 10
     * against 0.907, T HR@10 0.378 against 0.399); docs/evaluation.md, "Sequential pipeline". What left the old
     * served model at popularity's HR@10 was batch 128 (5 Adam steps an epoch on 610 users), now
     * {@link #SEQ_BATCH_SIZE}.
     */
    public static final SequenceLoss SEQ_LOSS = SequenceLoss.SAMPLED_SOFTMAX;
    /** SASRec's negatives per position of the sampled softmax. */
    public static final int SEQ_NEGATIVES = 128;
    /**
     * The most fit samples DeepFM, DIN and NeuralCF train on: with more, the latest ones of the fit split
     * ({@link #latest}), read once ({@link #ctrEpochs}). ml-100k and ml-latest-small (some 80 thousand protocol C and
     * 280 thousand ranker fit samples) train on all of them; at the ml-25m shape (17.8 million protocol C fit samples,
     * 5.6 million of the rankers') one epoch of every sample would take many minutes on 2 cores, and the latest million
     * are the ones nearest to what the models will score.
     */
    public static final int CTR_MAX_FIT_SAMPLES = 1_000_000;
    /**
     * The most samples DeepFM, DIN and NeuralCF read over all their epochs when their fit split is under
     * {@link #CTR_MAX_FIT_SAMPLES}: the epochs are cut to {@code max(1, budget / fit samples)} ({@link #ctrEpochs}).
     * ml-100k and ml-latest-small keep the settings' 10 epochs.
     */
    public static final int CTR_SAMPLE_BUDGET = 3_000_000;

    /**
     * Returns the CTR epochs at most for {@code fitSamples} samples: {@code maxEpochs} cut by
     * {@link #CTR_SAMPLE_BUDGET}, and one when there are more than {@link #CTR_MAX_FIT_SAMPLES} (the latest of them are
     * read once: at the ml-25m shape DeepFM, DIN and NeuralCF took 81, 122 and some 60 s for two passes of the latest
     * 2 million on 2 quiet cores, more than the 10-minute budget of train and serve allows).
     */
    public static int ctrEpochs(int fitSamples, int maxEpochs) {
        if (fitSamples > CTR_MAX_FIT_SAMPLES) {
            return 1;
        }
        return Math.max(1, Math.min(maxEpochs, CTR_SAMPLE_BUDGET / Math.max(1, fitSamples)));
    }

    /** The most validation samples scored after each CTR epoch (early stopping): with more, an even spread of them. */
    public static final int CTR_MAX_VALIDATION_SAMPLES = 250_000;

    /**
     * The most test samples a CTR model's recorded test AUC is computed on: with more, an even spread of them
     * ({@link #spread}). ml-100k and ml-latest-small score every test sample.
     */
    public static final int CTR_MAX_TEST_SAMPLES = 500_000;

    /**
     * Returns the last {@code max} rows of {@code rows} (the latest samples: protocol C's splits are in time order) as
     * a selection ({@link CtrRows#select}: rows encoded on demand stay a view), or {@code rows} themselves when there are
     * no more.
     */
    static CtrRows latest(CtrRows rows, int max, Map<String, String> notes) {
        if (rows.size() <= max) {
            return rows;
        }
        int[] picked = new int[max];
        for (int r = 0; r < max; r++) {
            picked[r] = rows.size() - max + r;
        }
        notes.put("fitSamples", String.format(Locale.ROOT, "the latest %d of %d", max, rows.size()));
        return rows.select(picked);
    }

    /** Returns {@code max} rows of {@code rows} spread evenly over them (every (size / max)-th, in order), or all. */
    static CtrRows spread(CtrRows rows, int max) {
        if (rows.size() <= max) {
            return rows;
        }
        int[] picked = new int[max];
        for (int r = 0; r < max; r++) {
            picked[r] = (int) ((long) r * rows.size() / max);
        }
        return rows.select(picked);
    }

    /**
     * SASRec's sequences per step: 32, so that an epoch of ml-latest-small's 610 users is 20 Adam steps rather than 5
     * (with 128, 40 epochs were 200 steps: too few to learn much; `bench seq` on ml-100k converged about 4x faster
     * per epoch at 32).
     */
    public static final int SEQ_BATCH_SIZE = 32;
    /** SASRec's early-stopping patience in epochs. */
    public static final int SEQ_PATIENCE = 5;
    /**
     * The most training positions (next-item transitions of the users' last {@value #SEQ_MAX_LENGTH} ratings) SASRec
     * trains on per epoch: with more, it trains and validates on a seeded sample of the users that holds at most this
     * many ({@link #sequenceSample}); its items are still the whole catalogue. ml-latest-small (some 29 thousand
     * positions) trains on every user; at the ml-25m shape (8 million) an epoch would take several minutes on 2 cores
     * and its validation scores every user against the 59 thousand movies.
     */
    public static final int SEQ_POSITION_BUDGET = 50_000;
    /**
     * The most training positions SASRec reads over all its epochs: its epochs at most are cut to
     * {@code max(1, budget / positions per epoch)} ({@link #seqEpochs}). ml-latest-small (25,805 positions an epoch)
     * keeps the settings' 40 epochs at most; at the ml-25m shape {@value #SEQ_POSITION_BUDGET} positions an epoch,
     * 22 epochs at most (early stopping usually ends sooner).
     */
    public static final int SEQ_PASS_BUDGET = 1_100_000;

    /** Returns SASRec's epochs at most for {@code positions} training positions an epoch ({@link #SEQ_PASS_BUDGET}). */
    public static int seqEpochs(long positions, int maxEpochs) {
        return (int) Math.max(1, Math.min(maxEpochs, SEQ_PASS_BUDGET / Math.max(1, positions)));
    }

    /** Returns the training positions of {@code ratings} an epoch: per user at most the last {@value #SEQ_MAX_LENGTH}. */
    static long sequencePositions(Interactions ratings) {
        Interactions.Csr byUser = ratings.byUser();
        long total = 0;
        for (int u = 0; u < byUser.rows(); u++) {
            total += Math.max(0, Math.min(SEQ_MAX_LENGTH, byUser.end(u) - byUser.start(u) - 2));
        }
        return total;
    }


    /**
     * Returns the codec of the embedding named {@code name}: it saves the table named so, and a load refuses a file
     * that records another name (another model's file put in its place), so the work folder rebuilds it.
     */
    static WorkDir.Codec<EmbeddingTable> embeddingsCodec(String name) {
        return WorkDir.Codec.of((t, f) -> EmbeddingFormats.save(named(t, name), f, EmbeddingFormats.Format.BINARY), f -> {
            EmbeddingTable t = EmbeddingFormats.load(f, EmbeddingFormats.Format.BINARY);
            t.info().requireName(name, String.valueOf(f.getFileName()));
            return t;
        });
    }

    static EmbeddingTable named(EmbeddingTable t, String name) {
        return t.info().name().equals(name) ? t : t.withInfo(t.info().toBuilder().withName(name).build());
    }

    /**
     * Returns the codec of the HNSW index of {@code vectors}: a load refuses an index built from other vectors
     * (naming both fingerprints), so the work folder rebuilds it.
     */
    static WorkDir.Codec<HnswIndex> hnswCodec(EmbeddingTable vectors) {
        return WorkDir.Codec.of(HnswIndex::save, f -> {
            HnswIndex index = HnswIndex.read(f);
            index.info().requireKind(HnswIndex.KIND, String.valueOf(f.getFileName()))
                    .requireInput("vectors", vectors.info().contentFingerprint().orElseThrow(), String.valueOf(f.getFileName()));
            return index;
        });
    }

    /** Returns the codec of the item-CF table of {@code items}: a table of other items (by id) is refused. */
    static WorkDir.Codec<ItemNeighbors> neighborsCodec(IdIndex items) {
        return WorkDir.Codec.of(ItemNeighbors::save, f -> ItemNeighbors.read(f, items, IdMatch.EXACT));
    }

    private final Map<String, EmbeddingTable> itemVectors;
    private final Map<String, EmbeddingTable> resultVectors;
    private final Map<String, VectorIndex> indexes;
    private final EmbeddingTable alsUsers;
    private final double alsRegularization;
    private final double alsLikedConfidence;
    private final ServedAls.Lift alsLift;
    private final ItemNeighbors itemCf;
    private final Memo<ProtocolC> rankerSamples;
    private final OnlineFeatureState rankerState;
    private final CtrModel deepFm;
    private final double deepFmTestAuc;
    private final CtrModel din;
    private final double dinTestAuc;
    private final SequenceModel sequenceModel;
    private final VectorIndex sequenceIndex;
    private final ServedRecall.Config mergeConfig;
    private final CtrModel neuralCf;
    private final NeuMf.Weight neuMf;
    private final List<WorkDir.Entry> entries;

    private ServingModels(Map<String, EmbeddingTable> itemVectors, Map<String, EmbeddingTable> resultVectors,
                          Map<String, VectorIndex> indexes, EmbeddingTable alsUsers,
                          double alsRegularization, double alsLikedConfidence, ServedAls.Lift alsLift, ItemNeighbors itemCf,
                          Memo<ProtocolC> rankerSamples, OnlineFeatureState rankerState, CtrModel deepFm,
                          double deepFmTestAuc, CtrModel din, double dinTestAuc, ServedRecall.Config mergeConfig,
                          CtrModel neuralCf, NeuMf.Weight neuMf,
                          SequenceModel sequenceModel, VectorIndex sequenceIndex,
                          List<WorkDir.Entry> entries) {
        this.itemVectors = Collections.unmodifiableMap(itemVectors);
        this.resultVectors = Collections.unmodifiableMap(resultVectors);
        this.indexes = Collections.unmodifiableMap(indexes);
        this.alsUsers = alsUsers;
        this.alsRegularization = alsRegularization;
        this.alsLikedConfidence = alsLikedConfidence;
        this.alsLift = alsLift;
        this.itemCf = itemCf;
        this.rankerSamples = rankerSamples;
        this.rankerState = rankerState;
        this.deepFm = deepFm;
        this.deepFmTestAuc = deepFmTestAuc;
        this.din = din;
        this.dinTestAuc = dinTestAuc;
        this.sequenceModel = sequenceModel;
        this.sequenceIndex = sequenceIndex;
        this.mergeConfig = mergeConfig;
        this.neuralCf = neuralCf;
        this.neuMf = neuMf;
        this.entries = List.copyOf(entries);
    }

    /**
     * Trains everything without saving (for tests and embedded use).
     *
     * @param data     the data
     * @param settings the training settings
     * @return the models
     */
    public static ServingModels train(MovieLensData data, TrainingSettings settings) {
        return obtain(data, "unsaved", settings, WorkDir.none(), Progress.silent());
    }

    /**
     * Returns every artifact, each loaded from {@code work} when saved there from the same inputs, else
     * trained (with a progress step) and saved.
     *
     * @param data     the data
     * @param dataKey  the fingerprint of the data ({@link Fingerprint#ofFolder} plus the load options)
     * @param settings the training settings
     * @param work     where artifacts are saved
     * @param progress how long steps report progress
     * @return the models
     */
    public static ServingModels obtain(MovieLensData data, String dataKey, TrainingSettings settings, WorkDir work,
                                       Progress progress) {
        return obtain(data, dataKey, settings, work, progress, Schedule.CONCURRENT);
    }

    /** How the steps of {@link #obtain} are scheduled; both give the same artifacts. */
    public enum Schedule {
        /**
         * The single-threaded steps (word2vec, the HNSW builds) and the validation-split searches run on a pool of
         * {@link TrainingSettings#threads()} threads beside the multi-threaded steps ({@code train}, {@code serve}).
         */
        CONCURRENT,
        /** One step after another, so that each step's time and memory can be measured alone ({@code bench scale}). */
        SEQUENTIAL
    }

    /**
     * Returns every artifact as {@link #obtain(MovieLensData, String, TrainingSettings, WorkDir, Progress)} does, with
     * the steps scheduled as {@code schedule} says (the artifacts do not depend on it).
     *
     * @param data     the data
     * @param dataKey  the fingerprint of the data
     * @param settings the training settings
     * @param work     where artifacts are saved
     * @param progress how long steps report progress
     * @param schedule whether single-threaded steps run beside the others
     * @return the models
     */
    public static ServingModels obtain(MovieLensData data, String dataKey, TrainingSettings settings, WorkDir work,
                                       Progress progress, Schedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(dataKey, "dataKey");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(progress, "progress");
        int before = work.entries().size();
        TrainingSettings s = settings;
        Interactions ratings = data.ratings();
        Memo<Interactions> liked = new Memo<>(() -> ratings.filter(k -> ratings.value(k) >= LIKED));
        Memo<SequenceCorpus> sequences = new Memo<>(() -> step(progress, "liked sequences",
                () -> ItemSequences.builder().withThreshold(LIKED).build().from(ratings)));
        Memo<ItemGraph> graph = new Memo<>(() -> step(progress, "item graph", () -> itemGraph(sequences.get())));

        // The single-threaded steps (word2vec trains on one thread so that a seed gives the same vectors; an HNSW
        // build too) and the validation-split searches run on a pool of s.threads() threads beside the multi-threaded
        // steps of this thread (ALS, item-CF, SASRec, the CTR models): every step has its own inputs and seed, so the
        // artifacts are the same as when the steps run one after another (Schedule.SEQUENTIAL, which bench scale
        // uses to measure each step alone). A task only waits for tasks submitted before it, so the pool never
        // deadlocks.
        try (Background bg = new Background(schedule == Schedule.CONCURRENT ? s.threads() : 0)) {
        // version 2: the notes hold the mean loss of each epoch (version 1: losses sampled every 0.5 s); version 3: one
        // training thread, so that a seed gives the same vectors (Hogwild with 2 threads did not)
        String w2vKey = Fingerprint.of("word2vec-settings", 3).add("data", dataKey).add("dim", s.dim()).add("window", W2V_WINDOW)
                .add("negative", W2V_NEGATIVE).add("epochs", s.epochs()).add("seed", s.seed()).add("liked", LIKED)
                .add("tokenBudget", W2V_TOKEN_BUDGET).hex();
        // version 3: learning rate 0.05 and centred vectors (issue 18)
        String item2vecKey = Fingerprint.of("item2vec", 3).add("word2vec", w2vKey).add("alpha", ITEM2VEC_ALPHA)
                .add("centring", true).hex();
        Map<String, java.util.concurrent.Future<EmbeddingTable>> tables = new LinkedHashMap<>();
        tables.put("item2vec", bg.submit(() -> work.obtain("item2vec", "item2vec.emb", item2vecKey,
                embeddingsCodec("item2vec"),
                notes -> word2vec("item2vec", sequences.get(), word2vec(s, false), s, progress, notes))));
        // version 2: the window-5 PPMI co-occurrence graph with a node support (version 1: consecutive-pair counts)
        String walkKey = Fingerprint.of("walks", 2).add("word2vec", w2vKey).add("walksPerNode", s.walksPerNode())
                .add("walkLength", s.walkLength()).add("graphWindow", GRAPH_WINDOW).add("weighting", EdgeWeighting.PPMI)
                .add("nodeSupport", NODE_SUPPORT).add("walkTokenBudget", WALK_TOKEN_BUDGET).hex();
        String dwKey = Fingerprint.of("deepwalk", 1).add("walks", walkKey).add("start", StartSelection.FREQUENCY).hex();
        tables.put("deepwalk", bg.submit(() -> work.obtain("deepwalk", "deepwalk.emb", dwKey, embeddingsCodec("deepwalk"),
                notes -> word2vec("deepwalk", step(progress, "deepwalk walks", () -> {
                    ItemGraph g = graph.get();
                    return deepWalk(s, walksPerNode(g.numNodes(), s)).walks(g);
                }),
                        word2vec(s, true), s, progress, notes))));
        String n2vKey = Fingerprint.of("node2vec", 1).add("walks", walkKey).add("p", 1.0).add("q", 0.5).hex();
        tables.put("node2vec", bg.submit(() -> work.obtain("node2vec", "node2vec.emb", n2vKey, embeddingsCodec("node2vec"),
                notes -> word2vec("node2vec", step(progress, "node2vec walks", () -> {
                    ItemGraph g = graph.get();
                    return node2vec(s, walksPerNode(g.numNodes(), s)).walks(g);
                }),
                        word2vec(s, true), s, progress, notes))));

        // the validation split of the lift and merge searches: at scale, the ratings of a seeded sample of users
        Map<String, String> validationNotes = new LinkedHashMap<>();
        Memo<Interactions> validation = new Memo<>(() -> validationSample(ratings, s.seed(), validationNotes));
        ImplicitAls als = movieLensAls(s).build();
        String alsKey = Fingerprint.of("ials", 1).add("data", dataKey).add("liked", LIKED)
                .add("config", als.toString().replaceAll(", threads=\\d+", "")).hex();
        // the served ranker's popularity lift, chosen on a validation split of these ratings (ServedAls)
        String liftKey = Fingerprint.of("als-lift", 2).add("als", alsKey).add("grid", ServedAls.LIFT_GRID.toString())
                .add("commonShare", ServedAls.COMMON_SHARE).add("maxCommonSlots", ServedAls.MAX_COMMON_SLOTS)
                .add("maxValidationUsers", MERGE_MAX_VALIDATION_USERS).add("maxValidationRatings", MAX_VALIDATION_RATINGS)
                .add("seed", s.seed()).hex();
        java.util.concurrent.Future<ServedAls.Lift> lift = bg.submit(() -> work.obtain("als-lift", "als-lift.txt", liftKey,
                LIFT_CODEC, notes -> {
                    Interactions v = validation.get();
                    try (Progress.Step step = progress.start("als lift", 0, "")) {
                        ServedAls.Lift l = ServedAls.chooseLift(movieLensAls(s), v, LIKED, s.seed());
                        step.message("β " + l.beta());
                        notes.putAll(validationNotes);
                        notes.put("validation", l.notes());
                        return l;
                    }
                }));
        String cfKey = Fingerprint.of("item-cf", 1).add("data", dataKey).add("liked", LIKED).add("m", CF_NEIGHBORS)
                .add("similarity", ItemNeighbors.Similarity.COSINE).add("maxItemsPerUser", CF_ITEMS_PER_USER).hex();
        // the served recall's weights, chosen on a validation split carved from these ratings (each user's last one)
        String mergeKey = Fingerprint.of("merge", 2).add("data", dataKey).add("liked", LIKED).add("w2v", w2vKey)
                .add("cf", cfKey).add("grid", ChannelWeightSearch.DEFAULT_WEIGHTS.toString()
                        + ChannelWeightSearch.DEFAULT_RRF_KS + ChannelWeightSearch.DEFAULT_FUSIONS)
                .add("maxJaccard", MERGE_MAX_JACCARD).add("maxValidationUsers", MERGE_MAX_VALIDATION_USERS)
                .add("maxValidationRatings", MAX_VALIDATION_RATINGS).hex();
        java.util.concurrent.Future<ServedRecall.Config> merge = bg.submit(() -> work.obtain("merge", "merge.txt", mergeKey,
                MERGE_CODEC, notes -> {
                    // the validation item2vec reads its corpus as often as the served one reads the whole corpus
                    int epochs = word2vecEpochs(sequences.get().numTokens(), s.epochs());
                    ServedRecall.Config c = mergeConfig(data.catalog(), validation.get(), epochs, s, progress, notes);
                    notes.putAll(validationNotes);
                    return c;
                }));

        Map<String, String> alsNotes = new LinkedHashMap<>();
        Memo<ImplicitAlsModel> ials = new Memo<>(() -> ials(movieLensAls(s), liked.get(), progress, alsNotes));
        EmbeddingTable alsUsers = work.obtain("als-users", "als-users.emb", alsKey, embeddingsCodec("als-users"), notes -> {
            EmbeddingTable users = ials.get().userFactors();
            notes.putAll(alsNotes);
            return named(users, "als-users");
        });
        tables.put("als", java.util.concurrent.CompletableFuture.completedFuture(work.obtain("als", "als.emb", alsKey,
                embeddingsCodec("als"), notes -> {
                    EmbeddingTable items = ials.get().itemFactors();
                    notes.putAll(alsNotes);
                    return named(items, "als");
                })));

        Map<String, java.util.concurrent.Future<EmbeddingTable>> resultFutures = new LinkedHashMap<>();
        Map<String, java.util.concurrent.Future<VectorIndex>> indexFutures = new LinkedHashMap<>();
        for (String name : EMBEDDINGS) {
            java.util.concurrent.Future<EmbeddingTable> table = tables.get(name);
            // the results: the movies liked at least RESULT_SUPPORT times (a deterministic function of the vectors
            // and the data, so keyed by both)
            java.util.concurrent.Future<EmbeddingTable> results = bg.submit(
                    () -> supported(Background.get(table), liked.get(), RESULT_SUPPORT));
            resultFutures.put(name, results);
            indexFutures.put(name, bg.submit(() -> {
                EmbeddingTable r = Background.get(results);
                // keyed by the embedding file's bytes, not by how it was trained: a rebuilt or replaced file rebuilds it
                String key = Fingerprint.of("hnsw", 3).add("vectors", work.contentKey(name)).add("metric", Metric.COSINE)
                        .add("m", HNSW_M).add("efConstruction", HNSW_EF).add("ef", HNSW_EF).add("seed", s.seed())
                        .add("data", dataKey).add("liked", LIKED).add("resultSupport", RESULT_SUPPORT).hex();
                return work.obtain(name + " hnsw", name + ".hnsw", key, hnswCodec(r), notes -> {
                    try (Progress.Step step = progress.start(name + " hnsw", 0, "")) {
                        HnswIndex index = HnswIndex.builder(r, Metric.COSINE).withM(HNSW_M)
                                .withEfConstruction(HNSW_EF).withEf(HNSW_EF).withSeed(s.seed())
                                .build();
                        step.message(index.size() + " vectors");
                        return index;
                    }
                });
            }));
        }

        ItemNeighbors itemCf = work.obtain("item-cf", "item-cf.nbr", cfKey, neighborsCodec(ratings.items()), notes -> {
            try (Progress.Step step = progress.start("item-cf", 0, "")) {
                return ItemNeighbors.builder(liked.get()).withNeighbors(CF_NEIGHBORS)
                        .withSimilarity(ItemNeighbors.Similarity.COSINE).withMaxItemsPerUser(CF_ITEMS_PER_USER)
                        .withThreads(s.threads()).build();
            }
        });

        // SASRec over all ratings in time order (the served histories hold every rating), its index in the background
        SequenceModel sasrec = obtainSequenceModel(ratings, dataKey, s, work, progress);
        java.util.concurrent.Future<VectorIndex> seqIndexFuture = bg.submit(() -> obtainSequenceIndex(sasrec, s, work,
                progress));
        // the CTR models last: their samples are the largest data of the run. What the server reads of them (the
        // encoders, each movie's latest as-of values) is saved as an online feature state, keyed by the data and the
        // spec; the samples are built only when a state or a model must be built, never to serve from a complete
        // work folder. A model file trained with other encoders than its state's is refused naming both, and rebuilt
        // the personalised CTR rankers (issue 18): their own samples (deterministic for the seed) and state
        Memo<ProtocolC> rankerSamples = new Memo<>(() -> CtrRankerTraining.samples(data, s.seed(), progress));
        OnlineFeatureState rankerState = work.obtain(RANKER_STATE, "ranker.state",
                CtrRankerTraining.stateKey(dataKey, s), stateCodec(CtrRankerTraining.spec(), data),
                notes -> onlineState(rankerSamples.get(), notes));
        CtrModel deepFm = CtrRankerTraining.obtain(ModelType.DEEP_FM, DEEP_FM, rankerState, rankerSamples::get, dataKey, s,
                work, progress);
        double auc = parse(work.entry(DEEP_FM).notes().get("testAuc"));
        CtrModel din = CtrRankerTraining.obtain(ModelType.DIN, DIN, rankerState, rankerSamples::get, dataKey, s, work,
                progress);
        double dinAuc = parse(work.entry(DIN).notes().get("testAuc"));
        CtrModel neuralCf = NeuralCfTraining.obtain(rankerState, rankerSamples::get, dataKey, s, work, progress);
        // the served NeuralCF is NeuMF: the MLP above and implicit ALS as its GMF branch, fused with a weight chosen
        // on the validation split (NeuMf)
        NeuMf.Weight neuMf = NeuMf.obtain(data, validation::get, rankerState, dataKey, alsKey, Background.get(lift), s,
                work, progress);

        Map<String, EmbeddingTable> vectors = new LinkedHashMap<>();
        Map<String, EmbeddingTable> resultTables = new LinkedHashMap<>();
        Map<String, VectorIndex> indexes = new LinkedHashMap<>();
        for (String name : EMBEDDINGS) {
            vectors.put(name, Background.get(tables.get(name)));
            resultTables.put(name, Background.get(resultFutures.get(name)));
            indexes.put(name, Background.get(indexFutures.get(name)));
        }
        ServedAls.Lift alsLift = Background.get(lift);
        ServedRecall.Config mergeConfig = Background.get(merge);
        VectorIndex seqIndex = Background.get(seqIndexFuture);
        List<WorkDir.Entry> entries = new ArrayList<>(work.entries().subList(before, work.entries().size()));
        return new ServingModels(vectors, resultTables, indexes, alsUsers, als.regularization(), als.confidenceOf(4.0),
                alsLift, itemCf, rankerSamples, rankerState, deepFm, auc, din, dinAuc, mergeConfig, neuralCf, neuMf,
                sasrec, seqIndex, entries);
        }
    }

    /**
     * Returns the served SASRec ({@value #SEQUENCE_MODEL}, file {@code sasrec.r4js}) of {@code interactions}: loaded from
     * {@code work} when saved there from the same data and settings, else fitted ({@link #fitSequenceModel}) and saved.
     * Its result does not depend on the thread count, so threads are not part of the key. The MovieLens demo and your
     * own data ({@link EventModels}) obtain it alike.
     *
     * @param interactions every interaction, in time order per user (the served histories hold them all)
     * @param dataKey      the fingerprint of the data
     * @param s            the settings (SASRec's epochs at most, threads, seed)
     * @param work         where it is saved
     * @param progress     how long the fit reports progress
     * @return the model, over {@code interactions.items()}
     * @throws IllegalArgumentException if no user has three interactions (a validation item and one transition)
     */
    static SequenceModel obtainSequenceModel(Interactions interactions, String dataKey, TrainingSettings s, WorkDir work,
                                             Progress progress) {
        SasRec.Builder seq = sasRec(s);
        String seqKey = Fingerprint.of("sasrec", 2).add("data", dataKey).add("config", seq.build())
                .add("loss", SEQ_LOSS).add("negatives", SEQ_NEGATIVES).add("batchSize", SEQ_BATCH_SIZE)
                .add("maxEpochs", s.seqEpochs()).add("patience", SEQ_PATIENCE).add("seed", s.seed())
                .add("positionBudget", SEQ_POSITION_BUDGET).add("passBudget", SEQ_PASS_BUDGET).hex();
        return work.obtain(SEQUENCE_MODEL, SEQUENCE_MODEL + ".r4js", seqKey, sequenceCodec(interactions.items()),
                notes -> fitSequenceModel(interactions, s, progress, notes));
    }

    /**
     * Fits the served SASRec on {@code interactions} as {@link #obtainSequenceModel} does, without a work folder: on
     * at most {@value #SEQ_POSITION_BUDGET} training positions ({@link #sequenceSample}), for at most
     * {@link #seqEpochs} epochs, early-stopped on each user's last interaction. {@code evaluate --events} fits it so
     * on protocol T's train part.
     *
     * @param interactions the interactions, in time order per user
     * @param s            the settings (SASRec's epochs at most, threads, seed)
     * @param progress     how long the fit reports progress
     * @param notes        receives what was sampled and the fit's history
     * @return the model, over {@code interactions.items()}
     * @throws IllegalArgumentException if no user has three interactions (a validation item and one transition)
     */
    public static SequenceModel fitSequenceModel(Interactions interactions, TrainingSettings s, Progress progress,
                                                 Map<String, String> notes) {
        Interactions trained = sequenceSample(interactions, SEQ_POSITION_BUDGET, s.seed(), notes);
        int epochs = seqEpochs(sequencePositions(trained), s.seqEpochs());
        notes.put("maxEpochs", Integer.toString(epochs));
        return sasRec(sasRec(s).withMaxEpochs(epochs), trained, s.withSeqEpochs(epochs), progress, notes);
    }

    /**
     * Returns the HNSW index of the served SASRec's item embeddings ({@code sasrec.hnsw}: inner product, M 16,
     * efConstruction = ef = 100, one thread so that the graph is reproducible), keyed by the bytes of the model's file.
     */
    static VectorIndex obtainSequenceIndex(SequenceModel sasrec, TrainingSettings s, WorkDir work, Progress progress) {
        String seqIndexKey = Fingerprint.of("hnsw", 2).add("vectors", work.contentKey(SEQUENCE_MODEL))
                .add("metric", Metric.INNER_PRODUCT).add("m", HNSW_M).add("efConstruction", HNSW_EF).add("ef", HNSW_EF)
                .add("seed", s.seed()).hex();
        EmbeddingTable seqItems = sasrec.itemEmbeddings();
        return work.obtain(SEQUENCE_MODEL + " hnsw", SEQUENCE_MODEL + ".hnsw", seqIndexKey, hnswCodec(seqItems), notes -> {
            try (Progress.Step step = progress.start(SEQUENCE_MODEL + " hnsw", 0, "")) {
                HnswIndex index = HnswIndex.builder(seqItems, Metric.INNER_PRODUCT).withM(HNSW_M)
                        .withEfConstruction(HNSW_EF).withEf(HNSW_EF).withSeed(s.seed())
                        .build();   // one thread: the graph, and the recalled lists, are then reproducible
                step.message(index.size() + " vectors, inner product");
                return index;
            }
        });
    }

    /** Returns the SASRec estimator of the demo (without threads: they do not change the model). */
    static SasRec.Builder sasRec(TrainingSettings s) {
        return SasRec.builder().withDim(SEQ_DIM).withMaxLength(SEQ_MAX_LENGTH).withLoss(SEQ_LOSS)
                .withNegatives(SEQ_NEGATIVES).withBatchSize(SEQ_BATCH_SIZE).withMaxEpochs(s.seqEpochs())
                .withPatience(SEQ_PATIENCE).withSeed(s.seed());
    }

    /**
     * Returns the codec of the sequence model over {@code items}: a model of other item ids (or another order) is
     * refused naming the difference, so the work folder retrains it.
     */
    static WorkDir.Codec<SequenceModel> sequenceCodec(IdIndex items) {
        return WorkDir.Codec.of(SequenceModel::save, f -> {
            SequenceModel m = SequenceModel.load(f);
            IdMapping.of(m.items(), items).requireIdentity(String.valueOf(f.getFileName()));
            return m;
        });
    }

    /**
     * Returns the ratings SASRec trains on: all of them when every user's training positions (at most
     * {@value #SEQ_MAX_LENGTH} transitions each, the last rating held out for validation) add up to at most
     * {@code budget}; else the ratings of the users taken in a seeded random order until the next one would exceed the
     * budget (same item and user indices, so the model covers the whole catalogue). The notes say how many users.
     */
    static Interactions sequenceSample(Interactions ratings, int budget, long seed, Map<String, String> notes) {
        return userSample(ratings, SEQ_MAX_LENGTH, 2, budget, seed, notes);
    }

    /**
     * Returns {@code ratings} when their users hold at most {@code budget} units, else the ratings of a seeded sample
     * of whole users that holds at most that many (noted in {@code notes}); a user holds
     * {@code max(0, min(cap, ratings - drop))} units.
     */
    static Interactions userSample(Interactions ratings, int cap, int drop, long budget, long seed,
                                   Map<String, String> notes) {
        Interactions.Csr byUser = ratings.byUser();
        int users = byUser.rows();
        long total = 0;
        int[] positions = new int[users];
        for (int u = 0; u < users; u++) {
            positions[u] = Math.max(0, Math.min(cap, byUser.end(u) - byUser.start(u) - drop));
            total += positions[u];
        }
        if (total <= budget) {
            return ratings;
        }
        int[] order = new int[users];
        for (int u = 0; u < users; u++) {
            order[u] = u;
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int k = users - 1; k > 0; k--) {
            int j = rnd.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        boolean[] keep = new boolean[users];
        long taken = 0;
        int kept = 0;
        for (int u : order) {
            if (positions[u] == 0) {
                continue;
            }
            if (taken + positions[u] > budget) {
                break;
            }
            keep[u] = true;
            taken += positions[u];
            kept++;
        }
        notes.put("sampledUsers", String.format(Locale.ROOT, "%d of %d users, %d of %d positions", kept, users, taken,
                total));
        return ratings.filter(k -> keep[ratings.user(k)]);
    }

    private static SequenceModel sasRec(SasRec.Builder seq, Interactions ratings, TrainingSettings s, Progress progress,
                                        Map<String, String> notes) {
        try (Progress.Step step = progress.start(SEQUENCE_MODEL, s.seqEpochs(), "epoch")) {
            SequenceModel m = seq.withThreads(s.threads()).withListener(e -> {
                step.stepTo(e.epoch());
                step.message(String.format(Locale.ROOT, "loss %.4f, val NDCG@10 %.4f", e.trainLoss(), e.validationNdcg()));
            }).build().fit(ratings);
            SequenceFit fit = m.fit().orElseThrow();
            StringJoiner losses = new StringJoiner(",");
            StringJoiner ndcg = new StringJoiner(",");
            for (SequenceEpoch e : fit.history()) {
                losses.add(String.format(Locale.ROOT, "%.6f", e.trainLoss()));
                ndcg.add(String.format(Locale.ROOT, "%.6f", e.validationNdcg()));
            }
            notes.put("loss", losses.toString());
            notes.put("validationNdcg", ndcg.toString());
            notes.put("bestEpoch", Integer.toString(fit.bestEpoch()));
            notes.put("stop", fit.stopReason());
            step.message(String.format(Locale.ROOT, "best epoch %d of %d, val NDCG@10 %.4f", fit.bestEpoch(),
                    fit.epochsRun(), fit.bestValidationNdcg()));
            return m;
        }
    }

    /**
     * The most validation users the served recall's weight search scores ({@link #mergeConfig}): with more, a seeded
     * sample of them. ml-latest-small (610 users) uses every user; the 1 M-rating set (6,502 users) took 172 s at load
     * 40 with all of them, and at the ml-25m shape (162 thousand) the search's recall runs would take many minutes on
     * 2 cores.
     */
    public static final int MERGE_MAX_VALIDATION_USERS = 2_000;

    /**
     * The most ratings the validation splits of the ALS lift ({@link ServedAls#chooseLift}) and of the merge weights
     * ({@link #mergeConfig}) are carved from: with more, the ratings of a seeded sample of whole users
     * ({@link #validationSample}). Both searches fit models on the split (ALS; item2vec and item-CF), which at the
     * ml-25m shape took 77 and 88 s on 2 quiet cores with every rating; a sample of users keeps each user's whole
     * history, so the held-out item is predicted as it is from the full log, by models trained on a fifth of it.
     * ml-100k, ml-latest-small and the 1 M-rating set are under the budget (every rating).
     */
    public static final long MAX_VALIDATION_RATINGS = 5_000_000L;

    /**
     * Returns the ratings the validation splits are carved from: all of them when at most
     * {@link #MAX_VALIDATION_RATINGS}, else the ratings of a seeded sample of whole users that holds at most that
     * many (same user and item indices), with the sample noted in {@code notes}.
     */
    static Interactions validationSample(Interactions ratings, long seed, Map<String, String> notes) {
        return userSample(ratings, Integer.MAX_VALUE, 0, MAX_VALIDATION_RATINGS, seed, notes);
    }

    /** Returns the cases {@code 0..n-1} when {@code n <= max}, else {@code max} of them drawn with {@code seed}, ascending. */
    static int[] validationCases(int n, int max, long seed) {
        int[] all = new int[n];
        for (int c = 0; c < n; c++) {
            all[c] = c;
        }
        if (n <= max) {
            return all;
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int k = 0; k < max; k++) {   // a partial Fisher-Yates shuffle: the first max are a uniform sample
            int j = k + rnd.nextInt(n - k);
            int t = all[k];
            all[k] = all[j];
            all[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(all, max);
        java.util.Arrays.sort(chosen);
        return chosen;
    }

    /** The cap on the mean pairwise Jaccard similarity of the served recall's top-10 lists in the weight search. */
    public static final double MERGE_MAX_JACCARD = 0.2;

    static final WorkDir.Codec<ServedRecall.Config> MERGE_CODEC = WorkDir.Codec.of(ServedRecall.Config::save,
            ServedRecall.Config::load);

    /**
     * Chooses the served recall's weights ({@link ServedRecall}) on a validation split of {@code ratings} (all the
     * ratings, or at scale a {@linkplain #validationSample sample of users}): each user's last rating is held out,
     * item2vec ({@code epochs} epochs: as many as the served one reads), its index and item-CF are trained on the rest
     * as for serving, the
     * recall is built from them as the server builds it, and {@link ChannelWeightSearch} picks the weights, rrfK and
     * fusion with the best HR@10 of the merged list among those whose top-10 lists have a mean pairwise Jaccard
     * similarity of at most {@value #MERGE_MAX_JACCARD}. With no user to validate on, the defaults.
     */
    static ServedRecall.Config mergeConfig(org.recsys4j.core.data.ItemCatalog catalog, Interactions ratings, int epochs,
                                           TrainingSettings s, Progress progress, Map<String, String> notes) {
        org.recsys4j.core.eval.LeaveLastOutTask val = org.recsys4j.core.eval.LeaveLastOutTask.of(ratings);
        if (val.numCases() == 0) {
            notes.put("validation", "none: no user has two ratings");
            return ServedRecall.Config.DEFAULT;
        }
        Interactions vRatings = val.ratedTrain();
        // the step is named apart from the served item2vec's; the table keeps the served one's name (the channel's)
        EmbeddingTable vectors = named(word2vec("merge: item2vec (validation split)",
                ItemSequences.builder().withThreshold(LIKED).build().from(vRatings), word2vec(s, false), epochs, progress,
                new LinkedHashMap<>()), "item2vec");
        try (Progress.Step step = progress.start("merge weights", 0, "")) {
            HnswIndex index = HnswIndex.builder(vectors, Metric.COSINE).withM(HNSW_M).withEfConstruction(HNSW_EF)
                    .withEf(HNSW_EF).withSeed(s.seed()).build();
            ItemNeighbors cf = ItemNeighbors.builder(vRatings.filter(k -> vRatings.value(k) >= LIKED))
                    .withNeighbors(CF_NEIGHBORS).withSimilarity(ItemNeighbors.Similarity.COSINE)
                    .withMaxItemsPerUser(CF_ITEMS_PER_USER).withThreads(s.threads()).build();
            TopRated topRated = TopRated.builder(10).withName("top-rated").build();
            MultiChannelRecall merger = ServedRecall.build(catalog, vRatings, cf, vectors, index,
                    org.recsys4j.core.data.ItemCatalog.GENRES, topRated.bayesianAverages(vRatings), topRated.fit(vRatings),
                    PopularityChannel.builder(vRatings).withName("popular").build(), ServedRecall.Config.DEFAULT,
                    java.time.Duration.ofMinutes(1), org.recsys4j.core.pipeline.StageExecutor.common());
            int[] cases = validationCases(val.numCases(), MERGE_MAX_VALIDATION_USERS, s.seed());
            if (cases.length < val.numCases()) {
                notes.put("validationUsers", cases.length + " of " + val.numCases());
            }
            ChannelWeightSearch.Result r = ServedRecall.search(merger, val, cases, MERGE_MAX_JACCARD, s.threads());
            step.message(r.toString());
            notes.put("validation", r.toString());
            return ServedRecall.Config.of(r);
        }
    }

    /**
     * Returns the content fingerprint of fitted encoders (the SHA-256 of their vocabularies, buckets and scales as
     * saved; not of the file, whose info block records when it was written, so the key is stable across runs).
     */
    static String encodersKey(org.recsys4j.core.feature.FittedSchema<?> features) {
        return features.info().contentFingerprint().orElseThrow();
    }

    /** The artifact name of the personalised rankers' {@link OnlineFeatureState}. */
    public static final String RANKER_STATE = "ranker-state";

    /**
     * Returns the codec of an {@link OnlineFeatureState} of samples built under {@code spec} over {@code data}'s
     * catalogue: a file of another spec, other items or a damaged one is refused (naming the file), so the work folder
     * builds it again.
     */
    static WorkDir.Codec<OnlineFeatureState> stateCodec(SampleSpec spec, MovieLensData data) {
        return WorkDir.Codec.of((state, f) -> state.save(f), f -> OnlineFeatureState.load(f, spec, data.catalog()));
    }

    /** Returns the online state of {@code samples}, their sizes in the notes. */
    static OnlineFeatureState onlineState(ProtocolC samples, Map<String, String> notes) {
        OnlineFeatureState state = samples.onlineState();
        notes.put("samples", String.format(Locale.ROOT, "fit %d, validation %d, test %d", state.count(Part.FIT),
                state.count(Part.VALIDATION), state.count(Part.TEST)));
        notes.put("encoders", encodersKey(state.features()));
        return state;
    }

    /**
     * Returns {@code samples}, checked to be encoded by {@code state}'s encoders: a model trained on them is served
     * through the state.
     *
     * @throws IllegalStateException naming both fingerprints if the samples' encoders are others (a state file
     *                               replaced by hand with another one: delete it and train again)
     */
    static ProtocolC matching(ProtocolC samples, OnlineFeatureState state, String model) {
        String built = encodersKey(samples.features());
        String saved = encodersKey(state.features());
        if (!built.equals(saved)) {
            throw new IllegalStateException(model + ": the samples built now have encoders " + built + ", the saved "
                    + "online feature state " + saved + "; delete the state's file from the work folder and train again");
        }
        return samples;
    }

    /**
     * Returns the served item graph of liked sequences: every pair at most 5 positions apart, in both directions,
     * weighted by PPMI, over the movies liked at least {@link #NODE_SUPPORT} times. On planted clusters with
     * cross-cluster blockbusters the consecutive-pair counts let the hubs capture the walks (0.14–0.17 of an item's
     * nearest items in its cluster); this graph puts 0.98 there (docs/evaluation.md, "Similar items as served").
     *
     * @param liked the users' liked-movie sequences
     * @return the graph DeepWalk and Node2vec walk on
     */
    public static ItemGraph itemGraph(SequenceCorpus liked) {
        return ItemGraph.sequenceBuilder(liked).withWindow(GRAPH_WINDOW).withBothDirections(true)
                .withWeighting(EdgeWeighting.PPMI).withMinSupport(NODE_SUPPORT).build();
    }

    /** Returns the served DeepWalk: walks of {@code walkLength} from frequency-drawn starts, {@code walksPerNode} each. */
    public static DeepWalk deepWalk(TrainingSettings s) {
        return deepWalk(s, s.walksPerNode());
    }

    /** Returns the served DeepWalk with {@code walksPerNode} walks per node ({@link #walksPerNode}). */
    static DeepWalk deepWalk(TrainingSettings s, int walksPerNode) {
        return DeepWalk.builder().withWalkLength(s.walkLength()).withWalksPerNode(walksPerNode)
                .withStartBy(StartSelection.FREQUENCY).withSeed(s.seed()).withThreads(s.threads()).build();
    }

    /** Returns the served Node2vec: p = 1, q = 0.5, walks as {@link #deepWalk}'s. */
    public static Node2Vec node2vec(TrainingSettings s) {
        return node2vec(s, s.walksPerNode());
    }

    /** Returns the served Node2vec with {@code walksPerNode} walks per node ({@link #walksPerNode}). */
    static Node2Vec node2vec(TrainingSettings s, int walksPerNode) {
        return Node2Vec.builder().withP(1).withQ(0.5).withWalkLength(s.walkLength()).withWalksPerNode(walksPerNode)
                .withSeed(s.seed()).withThreads(s.threads()).build();
    }

    /**
     * The most walk tokens DeepWalk and Node2vec generate (walks per node × walk length × nodes): with more, fewer
     * walks per node. ml-latest-small's graph (2,412 nodes × 20 × 20 = 964,800 tokens) and the 1 M-rating set's keep
     * the settings' 20 walks; the ml-25m shape's 59,047 nodes get 10 (11.8 million tokens), which halves both the
     * walks and the one word2vec pass over them.
     */
    public static final long WALK_TOKEN_BUDGET = 12_000_000L;

    /**
     * Returns the walks per node for a graph of {@code nodes} nodes: the settings' walks per node, cut so that the
     * walks hold at most {@link #WALK_TOKEN_BUDGET} tokens, and at least one.
     */
    public static int walksPerNode(int nodes, TrainingSettings s) {
        long perNode = (long) s.walkLength() * s.walksPerNode();
        if (nodes <= 0 || (long) nodes * perNode <= WALK_TOKEN_BUDGET) {
            return s.walksPerNode();
        }
        return (int) Math.max(1, WALK_TOKEN_BUDGET / ((long) nodes * s.walkLength()));
    }

    /**
     * Returns the served word2vec trainer: skip-gram, window 5, 5 negatives, the settings' dimension, epochs, threads
     * and seed; for the users' sequences (item2vec, {@code walks} false) learning rate 0.05 and centred vectors
     * (raw item2vec vectors are nearly parallel: mean cosine 0.97 between random movies), for walks word2vec.c's
     * rate 0.025 (walks already give each movie many updates).
     */
    public static Word2Vec.Builder word2vec(TrainingSettings s, boolean walks) {
        // one thread (word2vec's default): Hogwild threads make the vectors, and every served figure, vary between runs
        Word2Vec.Builder b = Word2Vec.builder().withDim(s.dim()).withWindow(W2V_WINDOW).withNegative(W2V_NEGATIVE)
                .withEpochs(s.epochs()).withSeed(s.seed());
        return walks ? b : b.withAlpha(ITEM2VEC_ALPHA).withCentring(true);
    }

    /**
     * Returns the rows of {@code vectors} whose item is liked at least {@code minSupport} times in {@code liked}
     * (ids matched as the table's ids: numeric or text), the movies served as results; the same table when every
     * row qualifies.
     */
    public static EmbeddingTable supported(EmbeddingTable vectors, Interactions liked, int minSupport) {
        IdIndex items = liked.items();
        int[] likes = new int[items.size()];
        for (int k = 0; k < liked.size(); k++) {
            likes[liked.item(k)]++;   // not itemColumn()[k]: it copies the column at every call
        }
        IdIndex ids = vectors.ids();
        EmbeddingTable.Builder b = EmbeddingTable.builder(vectors.dim());
        int kept = 0;
        for (int r = 0; r < vectors.size(); r++) {
            int i = ids.isNumeric() ? items.indexOf(ids.longId(r)) : items.indexOf(ids.id(r));
            if (i >= 0 && likes[i] >= minSupport) {
                if (ids.isNumeric()) {
                    b.add(ids.longId(r), vectors.vector(r));
                } else {
                    b.add(ids.id(r), vectors.vector(r));
                }
                kept++;
            }
        }
        if (kept == vectors.size()) {
            return vectors;
        }
        EmbeddingTable t = b.build();
        return t.withInfo(vectors.info().toBuilder().withSetting("resultSupport", minSupport).build());
    }

    /** Trains the served item2vec ({@link #word2vec(TrainingSettings, boolean)}) on {@code corpus}, with progress. */
    static EmbeddingTable word2vec(String name, SequenceCorpus corpus, TrainingSettings s, Progress progress,
                                   Map<String, String> notes) {
        return word2vec(name, corpus, word2vec(s, false), s, progress, notes);
    }

    /**
     * Returns the epochs word2vec trains a corpus of {@code tokens} for: the settings' epochs, cut to
     * {@code max(1, W2V_TOKEN_BUDGET / tokens)} so that no model reads more than {@link #W2V_TOKEN_BUDGET} tokens
     * (a corpus larger than the budget gets one pass).
     */
    public static int word2vecEpochs(long tokens, int epochs) {
        if (tokens <= 0) {
            return epochs;
        }
        return (int) Math.max(1, Math.min(epochs, W2V_TOKEN_BUDGET / tokens));
    }

    static EmbeddingTable word2vec(String name, SequenceCorpus corpus, Word2Vec.Builder trainer, TrainingSettings s,
                                   Progress progress, Map<String, String> notes) {
        return word2vec(name, corpus, trainer, word2vecEpochs(corpus.numTokens(), s.epochs()), progress, notes);
    }

    /** Trains {@code trainer} for {@code epochs} epochs on {@code corpus}, with progress and the epochs' losses noted. */
    static EmbeddingTable word2vec(String name, SequenceCorpus corpus, Word2Vec.Builder trainer, int epochs,
                                   Progress progress, Map<String, String> notes) {
        try (Progress.Step step = progress.start(name, corpus.numTokens() * epochs, "tok")) {
            Word2Vec w2v = trainer.withEpochs(epochs).withListener(p -> {
                        step.maxHint(p.tokensTotal());
                        step.stepTo(p.tokensDone());
                        List<Double> done = p.epochLosses();
                        step.message(done.isEmpty() ? String.format(Locale.ROOT, "epoch %d/%d", p.epoch(), p.epochs())
                                : String.format(Locale.ROOT, "epoch %d/%d, epoch %d loss %.3f", p.epoch(), p.epochs(),
                                done.size(), done.get(done.size() - 1)));
                    }).build();
            Word2VecModel model = w2v.fit(corpus);
            EmbeddingTable table = model.table();
            // the mean loss of each epoch (exact, not sampled by the wall clock), plotted against the epoch
            StringJoiner losses = new StringJoiner(",");
            StringJoiner at = new StringJoiner(",");
            List<Double> epochLosses = model.stats().epochLosses();
            for (int e = 0; e < epochLosses.size(); e++) {
                losses.add(String.format(Locale.ROOT, "%.5f", epochLosses.get(e)));
                at.add(Integer.toString(e + 1));
            }
            notes.put("loss", losses.toString());
            notes.put("lossAtEpoch", at.toString());
            notes.put("vectors", Integer.toString(table.size()));
            notes.put("epochs", Integer.toString(epochs));
            return named(table, name);
        }
    }

    static final WorkDir.Codec<ServedAls.Lift> LIFT_CODEC = WorkDir.Codec.of(ServedAls.Lift::save, ServedAls.Lift::load);

    /**
     * Returns the implicit ALS the MovieLens demo serves: the settings' dimension and iterations, λ =
     * {@value #ALS_REGULARIZATION}, the setting {@code bench ials} chose on ml-latest-small's validation split
     * (docs/evaluation.md); at the library's λ = 0.1 the similar items on issue 18's planted data are 0.92 in the
     * query's cluster, at 50 0.97, and protocol S on ml-latest-small rises from 0.064 to 0.072.
     */
    public static ImplicitAls.Builder movieLensAls(TrainingSettings s) {
        return ServedAls.movieLens(s, ALS_REGULARIZATION);
    }

    /** Fits implicit ALS as {@code als} says, with a progress step and the loss of each iteration in the notes. */
    static ImplicitAlsModel ials(ImplicitAls.Builder als, Interactions liked, Progress progress, Map<String, String> notes) {
        StringJoiner losses = new StringJoiner(",");
        try (Progress.Step step = progress.start("implicit ALS", als.build().iterations(), "it")) {
            ImplicitAlsModel m = als.withListener((it, loss) -> {
                losses.add(String.format(Locale.ROOT, "%.6g", loss));
                step.stepTo(it);
                step.message(String.format(Locale.ROOT, "loss %.4g", loss));
            }).build().fit(liked);
            notes.put("loss", losses.toString());
            return m;
        }
    }

    /**
     * Trains a protocol C model on rows encoded on demand, reporting every batch (rows of all epochs) as the step
     * {@code name}, then scores the test rows; records test AUC, best epoch and (if {@code lossNotes}) the epochs'
     * losses in {@code notes}. With {@code validation} null, it trains every epoch of {@code settings} without early
     * stopping.
     */
    static CtrModel trainCtr(String name, CtrRows fit, CtrRows validation, CtrRows test, CtrTrainer.Builder trainer,
                             CtrTrainer settings, Progress progress, Map<String, String> notes, List<EpochReport> epochs,
                             boolean lossNotes) {
        long n = fit.size();
        try (Progress.Step step = progress.start(name, settings.maxEpochs() * n, "rows")) {
            // the rows' fingerprints (what the model records) take a pass over them: say so rather than go quiet
            step.message("fingerprinting the rows");
            fit.fingerprint();
            if (validation != null) {
                validation.fingerprint();
            }
            step.message("epoch 1");
            CtrTrainer built = trainer.withListener(new TrainingListener() {
                @Override
                public void onEpoch(EpochReport e) {
                    epochs.add(e);
                    step.stepTo(e.epoch() * n);
                    step.message(validation == null
                            ? String.format(Locale.ROOT, "epoch %d: train loss %.4f", e.epoch(), e.trainLoss())
                            : String.format(Locale.ROOT, "epoch %d: val AUC %.4f", e.epoch(), e.validationAuc()));
                }

                @Override
                public void onBatch(int epoch, long rows, long total) {
                    step.stepTo((epoch - 1) * n + rows);
                }
            }).build();
            // without validation rows: every epoch of the settings, no early stopping
            TrainingResult r = validation == null ? built.fit(fit) : built.fit(fit, validation);
            // the test AUC of a large log from an even spread of its test rows (protocol C at the ml-25m shape has
            // 4.9 million: scoring them all took longer than the epoch)
            CtrRows scored = spread(test, CTR_MAX_TEST_SAMPLES);
            step.message("scoring the test rows");
            double[] p = new double[scored.size()];
            r.model().predict(scored, p, settings.threads());
            double auc = Metrics.auc(p, scored.labelArray());
            if (scored.size() < test.size()) {
                notes.put("testRows", String.format(Locale.ROOT, "%d of %d, spread evenly", scored.size(), test.size()));
            }
            step.message(String.format(Locale.ROOT, "test AUC %.4f, best epoch %d", auc, r.bestEpoch()));
            notes.put("testAuc", String.format(Locale.ROOT, "%.6f", auc));
            notes.put("bestEpoch", Integer.toString(r.bestEpoch()));
            if (lossNotes) {
                notes.put("trainLoss", join(epochs, EpochReport::trainLoss));
                if (validation != null) {
                    notes.put("validationLoss", join(epochs, EpochReport::validationLoss));
                    notes.put("validationAuc", join(epochs, EpochReport::validationAuc));
                }
            }
            return r.model();
        }
    }

    static String join(List<EpochReport> epochs, java.util.function.ToDoubleFunction<EpochReport> f) {
        StringJoiner j = new StringJoiner(",");
        for (EpochReport e : epochs) {
            j.add(String.format(Locale.ROOT, "%.6f", f.applyAsDouble(e)));
        }
        return j.toString();
    }

    static double parse(String s) {
        try {
            return s == null ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Runs {@code work} as a progress step named {@code task} (its periodic lines show that it runs and for how long);
     * a corpus's tokens or a graph's nodes are the step's closing message.
     */
    static <T> T step(Progress progress, String task, Supplier<T> work) {
        try (Progress.Step step = progress.start(task, 0, "")) {
            T value = work.get();
            if (value instanceof SequenceCorpus c) {
                step.message(String.format(Locale.ROOT, "%,d sequences, %,d tokens", c.numSequences(), c.numTokens()));
            }
            return value;
        }
    }

    /**
     * The pool {@link #obtain} runs single-threaded steps on ({@link Schedule#CONCURRENT}), or none: with 0 threads a
     * task runs at once on the caller's thread. Closing it waits for the tasks submitted, so that no step still writes
     * to the work folder after {@code obtain} returns or throws.
     */
    private static final class Background implements AutoCloseable {
        private final java.util.concurrent.ExecutorService pool;

        Background(int threads) {
            this.pool = threads <= 0 ? null : java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "recsys4j-train");
                t.setDaemon(true);
                return t;
            });
        }

        <T> java.util.concurrent.Future<T> submit(java.util.concurrent.Callable<T> task) {
            if (pool != null) {
                return pool.submit(task);
            }
            java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
            try {
                f.complete(task.call());
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
            }
            return f;
        }

        /** Returns the task's value, rethrowing what it threw (unchecked as it was; a checked one wrapped). */
        static <T> T get(java.util.concurrent.Future<T> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a training step", e);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException r) {
                    throw r;
                }
                if (c instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(c.getMessage(), c);
            }
        }

        @Override
        public void close() {
            if (pool == null) {
                return;
            }
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    // a long training step: keep waiting (its thread cannot be stopped mid-write safely)
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A value computed at most once, on first use. */
    private static final class Memo<T> {
        private final Supplier<T> supplier;
        private T value;

        Memo(Supplier<T> supplier) {
            this.supplier = supplier;
        }

        synchronized T get() {
            if (value == null) {
                value = supplier.get();
            }
            return value;
        }
    }

    /** Returns the item vectors of each embedding model ({@link #EMBEDDINGS}), ids = item ids. */
    public Map<String, EmbeddingTable> itemVectors() {
        return itemVectors;
    }

    /**
     * Returns, per embedding model, the rows its index was built from: the movies liked at least
     * {@link #RESULT_SUPPORT} times, the only ones served as results (an embedding channel over the index takes
     * these as its item vectors; {@link #itemVectors()} keeps every vector, for queries).
     */
    public Map<String, EmbeddingTable> resultVectors() {
        return resultVectors;
    }

    /** Returns the HNSW index (cosine) of each embedding model, over {@link #resultVectors()}. */
    public Map<String, VectorIndex> indexes() {
        return indexes;
    }

    /** Returns the implicit-ALS user factors (ids = user ids). */
    public EmbeddingTable alsUsers() {
        return alsUsers;
    }

    /** Returns the implicit-ALS regularisation λ (for folding in unseen users). */
    public double alsRegularization() {
        return alsRegularization;
    }

    /** Returns the served ALS ranker's popularity lift, chosen on a validation split ({@link ServedAls}). */
    public ServedAls.Lift alsLift() {
        return alsLift;
    }

    /** Returns the implicit-ALS confidence of a typical liked rating (4), for folding in. */
    public double alsLikedConfidence() {
        return alsLikedConfidence;
    }

    /** Returns the item-CF co-occurrence table (dense item indices of the data). */
    public ItemNeighbors itemCf() {
        return itemCf;
    }

    /**
     * Returns the samples and encoders of the personalised CTR rankers ({@link CtrRankerTraining#samples}: protocol
     * C's features over the ratings and sampled negatives): those training built, else built on the first call (the
     * server reads {@link #rankerState()} instead).
     */
    public ProtocolC rankerSamples() {
        return rankerSamples.get();
    }

    /**
     * Returns what the personalised rankers' rows read online of {@link #rankerSamples()}, saved as
     * {@code ranker.state} ({@link OnlineFeatureState}): the served rankers' feature provider is made from it.
     */
    public OnlineFeatureState rankerState() {
        return rankerState;
    }

    /** Returns the personalised DeepFM ranker ({@link CtrRankerTraining}), over {@link #rankerSamples()}. */
    public CtrModel deepFm() {
        return deepFm;
    }

    /** Returns the personalised DIN ranker ({@link CtrRankerTraining}), over {@link #rankerSamples()}. */
    public CtrModel din() {
        return din;
    }

    /** Returns DIN's AUC on the test part of {@link #rankerSamples()} (measured when it was trained). */
    public double dinTestAuc() {
        return dinTestAuc;
    }

    /**
     * Returns the served multi-channel recall's fusion settings, chosen on a validation split of the training data
     * ({@link ServedRecall}).
     */
    public ServedRecall.Config mergeConfig() {
        return mergeConfig;
    }

    /** Returns DeepFM's AUC on the test part of {@link #rankerSamples()} (measured when it was trained). */
    public double deepFmTestAuc() {
        return deepFmTestAuc;
    }

    /** Returns the SASRec model (items = the catalogue's, dense indices of the data). */
    public SequenceModel sequenceModel() {
        return sequenceModel;
    }

    /** Returns the HNSW index over {@link #sequenceModel()}'s item embeddings, by inner product. */
    public VectorIndex sequenceIndex() {
        return sequenceIndex;
    }

    /**
     * Returns the NeuralCF model (protocol C's user-id and movie-id fields) trained on {@link #rankerSamples()} (its rows
     * are built through {@link #rankerState()}), served by the demo's model server.
     */
    public CtrModel neuralCf() {
        return neuralCf;
    }

    /**
     * Returns the GMF weight of the served NeuMF ({@link NeuMf}: {@link #neuralCf()}'s logit plus this weight times the
     * served ALS score), chosen on a validation split.
     */
    public NeuMf.Weight neuMfWeight() {
        return neuMf;
    }

    /** Returns what was built and what reused, in order. */
    public List<WorkDir.Entry> entries() {
        return entries;
    }
}
