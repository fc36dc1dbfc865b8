package org.recsys4j.examples.server;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.Experiment;
import org.recsys4j.examples.train.EventModels;
import org.recsys4j.examples.train.ServedAls;
import org.recsys4j.examples.train.ServedRecall;
import org.recsys4j.examples.train.NeuMf;
import org.recsys4j.examples.train.ServingModels;
import org.recsys4j.examples.train.TrainingSettings;
import org.recsys4j.examples.train.EventCtr;
import org.recsys4j.rank.ctr.ProtocolCFeatureProvider;
import org.recsys4j.rank.ctr.SampleFeatureProvider;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.rank.cf.MatrixFactorizationRanker;
import org.recsys4j.rank.cf.ScorerRanker;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.pipeline.Stage;
import org.recsys4j.core.pipeline.StageExecutor;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.RedisFeatureStore;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.store.StoreLoader;
import org.recsys4j.recall.channel.EmbeddingChannel;
import org.recsys4j.recall.channel.MultiChannelRecall;
import org.recsys4j.recall.channel.PopularityChannel;
import org.recsys4j.recall.channel.RankerChannel;
import org.recsys4j.recall.channel.TopRated;
import org.recsys4j.recall.index.VectorIndex;

import java.io.PrintStream;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the demo server serves, built once at start from a MovieLens data set ({@link #build(MovieLensData,
 * ServingModels, Settings, RedisStoreConfig.Builder, PrintStream)}) or from your own catalogue and events
 * ({@link #build(ItemCatalog, Interactions, EventModels, String, Settings, RedisStoreConfig.Builder, PrintStream)}:
 * string or numeric ids, the pipelines below without DeepFM and top-rated, a category channel by attribute name,
 * popular as the cold start). For MovieLens: per-movie rating
 * statistics and top ratings, genre lists, the users' rating histories (in the {@link ServingStore}),
 * four item embeddings each with a vector index ("similar movies"), and the named recommendation
 * pipelines with an A/B {@link Experiment} as the default. Immutable after {@link #build} except for
 * the histories, which feedback updates; thread-safe.
 *
 * <p><b>Pipelines</b> (all with the same cold-start route, {@code top-rated}, for anonymous requests,
 * and the same recall fallback, {@code popular}):
 * <ul>
 *   <li>{@code multi}: the multi-channel merger ({@link ServedRecall}: item-CF, item2vec from the history and
 *       genres vote with the weights chosen on a validation split, {@link ServingModels#mergeConfig()}; top-rated
 *       and popular only back-fill), recall order;</li>
 *   <li>{@code multi-ials}: the same recall plus implicit ALS's own best {@value #ALS_OWN_CANDIDATES} of the catalogue (a
 *       {@link RankerChannel}, joined by {@link UnionRecall}), ranked by the implicit-ALS factors (recsys-rank's
 *       {@link MatrixFactorizationRanker}, unseen users folded in from their history): its top 10 is ALS's own over
 *       the whole catalogue;</li>
 *   <li>{@code multi-deepfm} (MovieLens): the same recall, implicit ALS keeping its best {@value #CTR_CANDIDATES},
 *       then the personalised DeepFM ordering them ({@link ServingModels#deepFm()}: the user's recent rated movies
 *       and favourite genres from the request's history, which feedback updates, and the movie's features);</li>
 *   <li>{@value #DIN_PIPELINE} (MovieLens): the same, ordered by the personalised DIN ({@link ServingModels#din()}:
 *       the candidate attends over the recent rated movies);</li>
 *   <li>{@value #CTR_PIPELINE} (your own data, when {@link EventModels#ctr()} has a model): the same recall, implicit
 *       ALS keeping its best {@value #CTR_CANDIDATES}, then the CTR model of {@link EventCtr} ordering them through a
 *       {@link ModelRanker} over a {@link SampleFeatureProvider} (the user's positive events and aggregates from the
 *       store's {@value #POSITIVES} and {@value #CTR_USER_STATS} namespaces, which feedback updates);</li>
 *   <li>{@code emb}: the item2vec embedding channel alone, queried with the mean vector of the user's
 *       history (the source system's {@code emb} model);</li>
 *   <li>{@value #SEQ_PIPELINE}: SASRec ({@link ServingModels#sequenceModel()}; your own data:
 *       {@link EventModels#sequenceModel()}, unless no user has three interactions) as a recall channel, its
 *       state after the user's history (computed per request, so feedback moves it at once, without retraining)
 *       searched through an HNSW index of its item embeddings by inner product (a seed-item request: the seed's
 *       embedding), then the same model's exact scores ordering the candidates ({@link ScorerRanker} with history
 *       first: known users are scored from their history too);</li>
 *   <li>{@code neuralcf} (MovieLens): {@code multi-ials}' recall (the merger's and ALS's own best), implicit ALS
 *       keeping its best {@value #NEURAL_CF_CANDIDATES}, then NeuralCF ordering them as NeuMF ({@link NeuMf}: the MLP of
 *       {@link ServingModels#neuralCf()}, trained on the personalised rankers' samples, fused with ALS as its GMF
 *       branch by the weight {@link ServingModels#neuMfWeight()} chosen on a validation split), called over HTTP as
 *       the source system calls TF-Serving ({@link RemoteRanking}: an in-process TF-Serving-protocol model server on
 *       a second port, serving the fused model); when it is down the recall order is kept and the answer says so;</li>
 *   <li>{@code default}: the experiment {@value #EXPERIMENT}, which sends each user to {@code multi} or
 *       {@code multi-ials} (50/50) by a hash of the user id.</li>
 * </ul>
 *
 * <p><b>Threads.</b> Every pipeline and the multi-channel merger run their stages on ONE bounded
 * {@link StageExecutor} ({@link #stages()}, {@value #STAGE_THREADS} threads, {@value #STAGE_QUEUE} waiting
 * stages), so the server never holds more stage threads than that whatever the load: a stage that
 * cannot get a thread in time takes its fallback (the {@code popular} list for recall, the recall order
 * for ranking).
 */
public final class ServingData implements AutoCloseable {
    /** The history namespace: per user, the ratings as {@link History} blobs. */
    public static final String HISTORY = "history";
    /** The user-statistics namespace: per user, [rating count, mean, standard deviation] for DeepFM. */
    public static final String USER_STATS = "user_stats";
    /**
     * Your own data with a CTR ranker: per user, the positive events (under the CTR samples' label rule) as
     * {@link History} blobs, oldest first, every event kept (a cart and a later purchase of one item are two): the
     * history the CTR features read.
     */
    public static final String POSITIVES = "positives";
    /** Your own data with a CTR ranker: per user, the raw user aggregates of the CTR samples ({@link EventCtr}). */
    public static final String CTR_USER_STATS = EventCtr.USER_AGGREGATES;
    /** The experiment's salt (its name). */
    public static final String EXPERIMENT = "serve-ab";
    /** The NeuralCF pipeline's name (the source system's {@code model=neuralcf}), MovieLens only. */
    public static final String NEURAL_CF = "neuralcf";
    /** The name of the experiment pipeline choice. */
    public static final String DEFAULT_PIPELINE = "default";
    /** Your own data: the pipeline the CTR ranker ranks (the multi-channel recall, then the CTR model). */
    public static final String CTR_PIPELINE = "multi-ctr";
    /** MovieLens: the multi-channel recall ranked by the personalised DIN ({@link ServingModels#din()}). */
    public static final String DIN_PIPELINE = "multi-din";
    /** The pipeline of the sequence model (SASRec recall through HNSW, SASRec ranking), MovieLens and your own data. */
    public static final String SEQ_PIPELINE = ServingModels.SEQUENCE_MODEL;
    /**
     * The candidates implicit ALS keeps for the CTR model to order: in {@value #CTR_PIPELINE} (your own data) and in
     * {@code multi-deepfm} and {@value #DIN_PIPELINE} (MovieLens).
     */
    public static final int CTR_CANDIDATES = 20;
    /**
     * The candidates implicit ALS keeps for NeuralCF to order in {@value #NEURAL_CF} ({@link NeuMf#CANDIDATES}, on which
     * its GMF weight is chosen): the source front end's page ({@code /getrecforyou?size=32}), so that NeuralCF orders
     * every movie of it; a larger {@code k} gets these and a note. (NeuralCF over the whole recall of 300 put the popular movies of other tastes first: on the small planted
     * set of {@code ServedPipelinesPlantedTest} 0.76 of its top 10 in the user's cluster against 0.90 after ALS's cut;
     * docs/evaluation.md.)
     */
    public static final int NEURAL_CF_CANDIDATES = NeuMf.CANDIDATES;
    /** The similar-movies models, in the order they are listed. */
    public static final List<String> MODELS = ServingModels.EMBEDDINGS;
    /** The threads of the stage executor all pipelines share. */
    public static final int STAGE_THREADS = 16;
    /** The stages that may wait for one of those threads; more are rejected at once (and fall back). */
    public static final int STAGE_QUEUE = 64;
    /** The number of candidates every pipeline asks its recall source for. */
    public static final int RECALL_LIMIT = 300;
    /**
     * The best items of the whole catalogue by implicit ALS that {@code multi-ials} recalls beside the merger's
     * {@value #RECALL_LIMIT}: enough that its top {@code k} is ALS's own for every {@code k} up to this; each costs a
     * candidate to rank, while scoring the catalogue costs the same at any depth.
     */
    public static final int ALS_OWN_CANDIDATES = 100;

    /**
     * Server settings.
     *
     * @param training     how the models are trained ({@link ServingModels})
     * @param cacheSeconds time to live of the pipelines' result caches (10,000 answers each), 0 = no cache
     * @param budgetMillis time budget of the multi-channel recall (a channel that misses it is dropped and
     *                     reported, the others answer) and of each pipeline's ranking stage (a late ranking
     *                     keeps the recall order); the recall stage as a whole gets 100 ms more, of which
     *                     the recall source may use 80 % and the {@code popular} fallback the rest
     */
    public record Settings(TrainingSettings training, int cacheSeconds, int budgetMillis) {
        /** Checks the ranges. */
        public Settings {
            Objects.requireNonNull(training, "training");
            if (cacheSeconds < 0) {
                throw new IllegalArgumentException("cacheSeconds = " + cacheSeconds + ": must be at least 0");
            }
            if (budgetMillis < 1) {
                throw new IllegalArgumentException("budgetMillis = " + budgetMillis + ": must be at least 1");
            }
        }

        /** Returns the default training ({@link TrainingSettings#defaults()}), a 300 s cache and 300 ms budgets. */
        public static Settings defaults() {
            return new Settings(TrainingSettings.defaults(), 300, 300);
        }

        /** Returns these settings with another cache time to live (0 = no cache). */
        public Settings withCacheSeconds(int seconds) {
            return new Settings(training, seconds, budgetMillis);
        }
    }

    /**
     * One similar-movies model.
     *
     * @param name    the model name ({@link #MODELS})
     * @param vectors the item vectors (ids = movie ids)
     * @param index   the vector index over them (cosine)
     * @param channel the embedding channel over the index (seed item → nearest items)
     */
    public record SimilarModel(String name, EmbeddingTable vectors, VectorIndex index, EmbeddingChannel channel) {
        /** Returns the feature-store namespace holding the model's item vectors. */
        public String namespace() {
            return "emb_" + name;
        }
    }

    final MovieLensData data;
    final ItemCatalog catalog;
    /** The category attribute the home page lists and the category channel recalls by, or null if none. */
    final String categoryAttribute;
    /** The orders of the category lists: rating and releaseYear for MovieLens, popularity for your own data. */
    final List<String> orders;
    /** The embedding models' names, in the order they are listed. */
    final List<String> modelNames;
    final Interactions ratings;
    final int[] ratingCount;
    final double[] averageRating;
    final double[] bayesian;
    final int[][] topRatings;
    final Map<String, int[]> genreByRating;
    final Map<String, int[]> genreByYear;
    final Map<String, SimilarModel> models;
    final ServingModels trained;
    /** Your own data: the models (with the policy and the CTR ranker's samples), else null. */
    final EventModels events;
    final Map<String, Recommender> pipelines;
    final Experiment experiment;
    final ReportingRecall multiRecall;
    final ServingStore store;
    final MultiChannelRecall merger;
    final StageExecutor stages;
    final double buildSeconds;
    /** The similar-items fallbacks: item-CF, the category channel (null without one), popular. */
    final CandidateSource itemCfChannel;
    final CandidateSource contentChannel;
    final CandidateSource popularChannel;
    /** The NeuralCF ranking behind the in-process model server (MovieLens), or null. */
    final RemoteRanking neuralCf;
    private final Duration requestBudget;
    /** When the request the current thread serves arrived, set by the HTTP server around an endpoint call. */
    private static final ThreadLocal<Long> ARRIVED = new ThreadLocal<>();

    private ServingData(MovieLensData data, ItemCatalog catalog, Interactions interactions, ServingModels trained,
                        EventModels events, String category, Settings s, RedisStoreConfig.Builder redis, PrintStream log) {
        this.requestBudget = Duration.ofMillis(2L * s.budgetMillis() + 200L);
        long t0 = System.nanoTime();
        this.data = data;
        this.catalog = catalog;
        this.ratings = interactions;
        this.categoryAttribute = category;
        boolean movieLens = trained != null;
        this.orders = movieLens ? List.of("rating", "releaseYear") : List.of("popularity");
        this.modelNames = movieLens ? ServingModels.EMBEDDINGS : EventModels.EMBEDDINGS;
        int n = catalog.size();
        ratingCount = new int[n];
        averageRating = new double[n];
        double[] sum = new double[n];
        for (int k = 0; k < ratings.size(); k++) {
            ratingCount[ratings.item(k)]++;
            sum[ratings.item(k)] += ratings.value(k);
        }
        for (int i = 0; i < n; i++) {
            averageRating[i] = ratingCount[i] == 0 ? 0 : sum[i] / ratingCount[i];
        }
        topRatings = topRatings(ratings, n, 10);
        // MovieLens' ratings get a Bayesian average; your own data's signal is not a rating: lists go by popularity
        bayesian = movieLens ? TopRated.builder(10).build().bayesianAverages(ratings) : null;
        genreByRating = new TreeMap<>();
        genreByYear = new TreeMap<>();
        if (category != null) {
            buildGenreLists();
        }
        log.printf(Locale.ROOT, "serving data: %,d %s, %,d users, %,d %s%n", n, movieLens ? "movies" : "items",
                ratings.numUsers(), ratings.size(), movieLens ? "ratings" : "interactions");

        // the trained models (from the work folder, or trained now)
        this.trained = trained;
        this.events = events;
        EventCtr ctr = events == null ? null : events.ctr().orElse(null);
        Map<String, SimilarModel> ms = new LinkedHashMap<>();
        for (String name : modelNames) {
            EmbeddingTable vectors = (movieLens ? trained.itemVectors() : events.itemVectors()).get(name);
            VectorIndex index = (movieLens ? trained.indexes() : events.indexes()).get(name);
            // the channel's item vectors are the index's rows (the trained MovieLens indexes hold only the movies
            // served as results, ServingModels.RESULT_SUPPORT); the store keeps every vector for queries
            EmbeddingChannel ch = EmbeddingChannel.builder(index, catalog.items()).withName(name)
                    .withItemVectors(movieLens ? trained.resultVectors().get(name) : vectors).withHistoryWindow(50).build();
            ms.put(name, new SimilarModel(name, vectors, index, ch));
        }
        models = java.util.Collections.unmodifiableMap(ms);

        // the store: histories and item vectors, in memory and optionally in Redis, by versioned loads
        List<NamespaceSpec> specs = new ArrayList<>();
        specs.add(NamespaceSpec.blobs(HISTORY));
        specs.add(NamespaceSpec.vectors(USER_STATS, 3));
        for (SimilarModel m : models.values()) {
            specs.add(NamespaceSpec.vectors(m.namespace(), m.vectors().dim()));
        }
        if (ctr != null) {
            specs.add(NamespaceSpec.blobs(POSITIVES));
            specs.add(NamespaceSpec.vectors(CTR_USER_STATS, ctr.data().userNumerics().size()));
        }
        InMemoryFeatureStore.Builder mb = InMemoryFeatureStore.builder();
        specs.forEach(mb::withNamespace);
        FeatureStore local = mb.build();
        FeatureStore remote = null;
        if (redis != null) {
            specs.forEach(redis::withNamespace);
            remote = RedisFeatureStore.connect(redis.build());
        }
        store = new ServingStore(local, remote, Duration.ofMillis(500), System::nanoTime);
        long t = System.nanoTime();
        for (FeatureStore fs : remote == null ? List.of(local) : List.of(local, remote)) {
            StoreLoader loader = StoreLoader.builder(fs).build();
            loader.loadBlobs(HISTORY, histories(), ratings.numUsers());
            loader.loadVectors(USER_STATS, userStats(), ratings.numUsers());
            for (SimilarModel m : models.values()) {
                loader.load(m.namespace(), m.vectors());
            }
            if (ctr != null) {
                int users = ctr.data().samples().history().numUsers();
                loader.loadBlobs(POSITIVES, ctrUsers(ctr, u -> positivesBlob(ctr, u)), users);
                loader.loadVectors(CTR_USER_STATS, ctrUsers(ctr, u -> ctr.data().userAggregates(u)), users);
            }
        }
        log.printf(Locale.ROOT, "serving data: loaded %,d histories and %d item-vector tables into the %s store in %.1f s%n",
                ratings.numUsers(), models.size(), store.mode(), (System.nanoTime() - t) / 1e9);

        // recall channels and pipelines, all on one bounded stage executor
        t = System.nanoTime();
        stages = StageExecutor.builder("serving").withThreads(STAGE_THREADS).withQueueCapacity(STAGE_QUEUE).build();
        PopularityChannel popular = PopularityChannel.builder(ratings).withName("popular").build();
        // MovieLens: the best rated (Bayesian average) for cold start; your own data: the most popular
        CandidateSource coldStart = movieLens ? TopRated.builder(10).withName("top-rated").build().fit(ratings) : popular;
        // the served recall, built where the training builds it to choose its weights (ServedRecall)
        merger = ServedRecall.build(catalog, ratings, movieLens ? trained.itemCf() : events.itemCf(),
                movieLens ? trained.resultVectors().get("item2vec") : models.get("item2vec").vectors(),
                models.get("item2vec").index(), category, bayesian,
                movieLens ? coldStart : null, popular, movieLens ? trained.mergeConfig() : events.mergeConfig(category),
                Duration.ofMillis(s.budgetMillis()), stages);
        EmbeddingChannel item2vec = models.get("item2vec").channel();
        // the fallbacks of similar items (SimilarItems): the served recall's item-CF and category channels, built by
        // ServedRecall as the merger's are but on their own: the chosen merge weights may drop a channel (weight 0)
        itemCfChannel = ServedRecall.itemCfChannel(movieLens ? trained.itemCf() : events.itemCf());
        contentChannel = category == null ? null : ServedRecall.categoryChannel(catalog, category, ratings, bayesian);
        popularChannel = popular;
        multiRecall = new ReportingRecall(merger);
        // users the model knows: their factor row; others (new users, feedback only): folded in from the
        // history with the model's λ and the confidence of a typical liked rating (MovieLens: 3.5-5 -> 4; your own
        // data: the median interaction value)
        // scores lifted by the popularity lift chosen on a validation split (ServedAls)
        Ranker ranker = ServedAls.ranker(movieLens ? trained.alsUsers() : events.alsUsers(),
                (movieLens ? trained.itemVectors() : events.itemVectors()).get("als"), catalog.items(),
                movieLens ? trained.alsRegularization() : events.alsRegularization(),
                movieLens ? trained.alsLikedConfidence() : events.alsTypicalConfidence(),
                (movieLens ? trained.alsLift() : events.alsLift()).beta());
        Map<String, Recommender> ps = new LinkedHashMap<>();
        ps.put("multi", pipeline("multi", multiRecall, s).withColdStart(coldStart).withFallback(popular).build());
        // ALS ranks the merger's candidates and its own best ones (an MF recall channel): the merger alone misses some
        // of the movies ALS puts in its top 10 over the whole catalogue (UnionRecall)
        CandidateSource alsRecall = new UnionRecall("multi+" + ServedAls.RANKER_NAME, multiRecall, RECALL_LIMIT,
                RankerChannel.of(ranker, catalog.size()), ALS_OWN_CANDIDATES);
        ps.put("multi-ials", pipeline("multi-ials", alsRecall, s).withRecallLimit(RECALL_LIMIT + ALS_OWN_CANDIDATES)
                .withColdStart(coldStart).withFallback(popular).withRanking(RankingChain.of(ranker)).build());
        if (movieLens) {
            // the personalised CTR rankers (CtrRankerTraining): the user's CURRENT history (the request's, read from
            // the store, so feedback moves the next ranking) beside the movie's features
            ProtocolCFeatureProvider rankerRows = new ProtocolCFeatureProvider(trained.rankerState(), store.local(),
                    USER_STATS);
            // implicit ALS keeps its best CTR_CANDIDATES for them to order, as in the your-data multi-ctr (over the
            // whole recall they rank below multi-ials: docs/evaluation.md); a model failure keeps the ALS order
            Ranker deepFm = ModelRanker.builder(ServingModels.DEEP_FM, rankerRows, trained.deepFm()).withFallbackRanker(ranker)
                    .build();
            ps.put("multi-deepfm", pipeline("multi-deepfm", multiRecall, s).withColdStart(coldStart).withFallback(popular)
                    .withRanking(RankingChain.builder().then(ranker, CTR_CANDIDATES).then(deepFm, Integer.MAX_VALUE)
                            .build()).build());
            Ranker din = ModelRanker.builder(ServingModels.DIN, rankerRows, trained.din()).withFallbackRanker(ranker).build();
            ps.put(DIN_PIPELINE, pipeline(DIN_PIPELINE, multiRecall, s).withColdStart(coldStart).withFallback(popular)
                    .withRanking(RankingChain.builder().then(ranker, CTR_CANDIDATES).then(din, Integer.MAX_VALUE)
                            .build()).build());
            // NeuralCF as the source system serves it: behind a TF-Serving-protocol model server (RemoteRanking)
            // (trained on the rankers' samples: its rows come from their online state, as DeepFM's and DIN's)
            // the served model is NeuMF: NeuralCF's MLP fused with implicit ALS as its GMF branch (NeuMf); it orders
            // ALS's own best NEURAL_CF_CANDIDATES (the merger's candidates and ALS's own best, as multi-ials)
            neuralCf = RemoteRanking.start(NEURAL_CF, trained.neuralCf(), rankerRows, mlp -> NeuMf.scorer(mlp,
                    trained.rankerState().features(), trained.alsUsers(), trained.itemVectors().get("als"),
                    trained.alsLift().beta(), trained.neuMfWeight().weight()));
            ps.put(NEURAL_CF, pipeline(NEURAL_CF, alsRecall, s).withRecallLimit(RECALL_LIMIT + ALS_OWN_CANDIDATES)
                    .withColdStart(coldStart).withFallback(popular)
                    .withRanking(RankingChain.builder().then(ranker, NEURAL_CF_CANDIDATES)
                            .then(neuralCf.ranker(), Integer.MAX_VALUE).build()).build());
        } else {
            neuralCf = null;
        }
        if (ctr != null) {
            // your own data's CTR model on the features of its samples, computed online: the user's positive events and
            // aggregates from the store (updated by feedback), the item's attributes and aggregates from the samples;
            // a model failure falls back to the implicit-ALS scores
            Ranker ctrRanker = ModelRanker.builder(ctr.rankerName(), SampleFeatureProvider.of(ctr.data(), store.local(),
                            CTR_USER_STATS, this::positives), ctr.model())
                    .withFallbackRanker(ranker).withThreads(1).build();
            ps.put(CTR_PIPELINE, pipeline(CTR_PIPELINE, multiRecall, s).withColdStart(coldStart).withFallback(popular)
                    .withRanking(RankingChain.builder().then(ranker, CTR_CANDIDATES).then(ctrRanker, Integer.MAX_VALUE)
                            .build()).build());
        }
        ps.put("emb", pipeline("emb", item2vec, s).withColdStart(coldStart).withFallback(popular).build());
        // the sequence model (MovieLens; your own data unless it could not train one): its state after the history
        // (online) through HNSW, then its exact scores
        org.recsys4j.rank.seq.SequenceModel seq = movieLens ? trained.sequenceModel()
                : events.sequenceModel().orElse(null);
        if (seq != null) {
            if (!seq.items().equals(catalog.items())) {   // the ranker reads the request's item indices as the model's
                throw new IllegalStateException("the sequence model's " + seq.numItems() + " items are not the "
                        + "catalogue's " + catalog.size() + " items in its order");
            }
            VectorIndex seqIndex = movieLens ? trained.sequenceIndex() : events.sequenceIndex().orElseThrow();
            EmbeddingChannel seqRecall = EmbeddingChannel.builder(seqIndex, catalog.items())
                    .withName(SEQ_PIPELINE).withHistoryEncoder(seq).withItemVectors(seq.itemEmbeddings()).build();
            Ranker seqRanker = ScorerRanker.builder(SEQ_PIPELINE, seq.numItems()).withUnseenUsers(seq)
                    .withHistoryFirst(true).build();
            ps.put(SEQ_PIPELINE, pipeline(SEQ_PIPELINE, seqRecall, s).withColdStart(coldStart).withFallback(popular)
                    .withRanking(RankingChain.of(seqRanker)).build());
        }
        pipelines = java.util.Collections.unmodifiableMap(ps);
        experiment = Experiment.builder(EXPERIMENT).addVariant(ps.get("multi"), 50).addVariant(ps.get("multi-ials"), 50).build();
        log.printf(Locale.ROOT, "serving data: channels and pipelines %s built in %.1f s%n", pipelines.keySet(),
                (System.nanoTime() - t) / 1e9);
        buildSeconds = (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Returns the deadline of one HTTP request's pipeline call: the recall and rank budgets plus 200 ms for
     * re-ranking and the hand-offs, counted from when the request arrived (see {@link #arrivedAt}) or else
     * from now. Every stage, channel, index search and scoring loop of the request stops by it, so one
     * request's whole time is bounded, the wait for a server thread included: a request that waited past it
     * is answered from the fallbacks at once, which drains an overloaded server instead of queueing more work.
     */
    public Deadline requestDeadline() {
        Long arrived = ARRIVED.get();
        return Deadline.atNanoTime((arrived == null ? System.nanoTime() : arrived) + requestBudget.toNanos());
    }

    /**
     * Runs {@code work} (an endpoint) for a request that arrived at {@code nanoTime} (on the
     * {@link System#nanoTime()} clock, e.g. Jetty's {@code Request.getBeginNanoTime()}), so that
     * {@link #requestDeadline()} counts from the arrival.
     */
    static <T> T arrivedAt(long nanoTime, java.util.function.Supplier<T> work) {
        Long before = ARRIVED.get();
        ARRIVED.set(nanoTime);
        try {
            return work.get();
        } finally {
            if (before == null) {
                ARRIVED.remove();
            } else {
                ARRIVED.set(before);
            }
        }
    }

    private Recommender.Builder pipeline(String name, CandidateSource recall, Settings s) {
        // the merger drops its own late channels at the budget; the stage budget is the backstop for a
        // recall source that hangs as a whole (then the popular fallback answers)
        Recommender.Builder b = Recommender.builder(name, recall).withRecallLimit(RECALL_LIMIT).withExecutor(stages)
                .withBudget(Stage.RECALL, Duration.ofMillis(s.budgetMillis() + 100L))
                .withBudget(Stage.RANK, Duration.ofMillis(s.budgetMillis()));
        return s.cacheSeconds() == 0 ? b : b.withCache(10_000, Duration.ofSeconds(s.cacheSeconds()));
    }

    /**
     * Builds the serving data (trains the models, loads the store).
     *
     * @param data     the MovieLens data
     * @param settings training settings
     * @param redis    a Redis configuration (namespaces are added) to serve the store from, or null for
     *                 the in-memory store only
     * @param log      where progress lines go
     * @throws org.recsys4j.core.store.StoreConnectionException if Redis is configured but unreachable
     */
    public static ServingData build(MovieLensData data, Settings settings, RedisStoreConfig.Builder redis, PrintStream log) {
        Objects.requireNonNull(settings, "settings");
        return build(data, ServingModels.train(data, settings.training()), settings, redis, log);
    }

    /**
     * Builds the serving data from models already trained (or loaded from a work folder).
     *
     * @param data     the MovieLens data the models were trained on
     * @param trained  the models
     * @param settings the settings (the training part is not used again)
     * @param redis    a Redis configuration (namespaces are added) to serve the store from, or null for
     *                 the in-memory store only
     * @param log      where progress lines go
     * @throws org.recsys4j.core.store.StoreConnectionException if Redis is configured but unreachable
     */
    public static ServingData build(MovieLensData data, ServingModels trained, Settings settings,
                                    RedisStoreConfig.Builder redis, PrintStream log) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(trained, "trained");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(log, "log");
        return new ServingData(data, data.catalog(), data.ratings(), trained, null, ItemCatalog.GENRES, settings, redis, log);
    }

    /**
     * Builds the serving data of your own catalogue and events ({@code serve --events FILE --items FILE}): string or
     * numeric ids, the models of {@link EventModels} (item2vec over sessions, implicit ALS, item-CF, the CTR ranker),
     * the pipelines {@code multi} (item-CF, item2vec, the category channel when {@code category} is given, popular),
     * {@code multi-ials}, {@value #CTR_PIPELINE} (with a CTR model) and {@code emb}, with the most popular items as the
     * cold-start route; feedback is weighed by the models' {@link EventModels#policy() policy}. Lists of a category
     * are ordered by popularity (the number of users); nothing assumes ratings, years or genres.
     *
     * @param catalog      the catalogue
     * @param interactions the interactions the feedback policy made (ids of the catalogue)
     * @param models       the models trained on them
     * @param category     a CATEGORICAL or MULTI_CATEGORICAL attribute for the category lists and channel, or null
     * @param settings     the settings (the training part gives the ALS fold-in's regularization)
     * @param redis        a Redis configuration, or null for the in-memory store only
     * @param log          where progress lines go
     * @throws IllegalArgumentException if the category attribute is not a categorical attribute of the catalogue
     * @throws org.recsys4j.core.store.StoreConnectionException if Redis is configured but unreachable
     */
    public static ServingData build(ItemCatalog catalog, Interactions interactions, EventModels models, String category,
                                    Settings settings, RedisStoreConfig.Builder redis, PrintStream log) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(interactions, "interactions");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(log, "log");
        if (category != null) {
            catalog.categoryVocabulary(category);   // fails naming the attribute and the available ones
        }
        return new ServingData(null, catalog, interactions, null, models, category, settings, redis, log);
    }

    /**
     * Returns the first CATEGORICAL or MULTI_CATEGORICAL attribute of a catalogue (its category lists and channel),
     * or null when it has none.
     */
    public static String defaultCategory(ItemCatalog catalog) {
        return ServedRecall.defaultCategory(catalog);
    }

    /** Returns whether this serves a MovieLens data set (the source system's endpoints, DeepFM, ratings). */
    public boolean movieLens() {
        return data != null;
    }

    /**
     * Returns the key of item {@code i} in the stored histories: its id for a numeric-id catalogue, its catalogue
     * position for a string-id one (the store is reloaded from the data at every start, so positions match).
     */
    long itemKey(int i) {
        return catalog.items().isNumeric() ? catalog.items().longId(i) : i;
    }

    /** Returns the catalogue index of a history key ({@link #itemKey}), or -1 if no item has it. */
    int itemOfKey(long key) {
        if (catalog.items().isNumeric()) {
            return catalog.items().indexOf(key);
        }
        return key >= 0 && key < catalog.size() ? (int) key : -1;
    }

    /** Returns an id as JSON shows it: a number for a numeric-id index, else the string. */
    static Object jsonId(IdIndex index, int i) {
        return index.isNumeric() ? (Object) index.longId(i) : index.id(i);
    }

    /**
     * Returns the ratings of each item, best score first then latest, at most {@code k} per item: a bounded insertion
     * per item (k comparisons at most per rating, no boxing), so the ml-25m shape's 25 million ratings take a pass, not
     * a sort of each item's ratings. Ties of score and time keep the earlier row.
     */
    static int[][] topRatings(Interactions r, int n, int k) {
        Interactions.Csr byItem = r.byItem();
        int[][] out = new int[n][];
        int[] best = new int[k];
        for (int i = 0; i < n; i++) {
            int m = 0;
            for (int p = byItem.start(i); p < byItem.end(i); p++) {
                int e = byItem.entry(p);
                if (m == k && !before(r, e, best[k - 1])) {
                    continue;
                }
                int j = m < k ? m++ : k - 1;
                while (j > 0 && before(r, e, best[j - 1])) {
                    best[j] = best[j - 1];
                    j--;
                }
                best[j] = e;
            }
            out[i] = Arrays.copyOf(best, m);
        }
        return out;
    }

    /** Whether rating {@code a} comes strictly before {@code b}: higher score, then later. */
    private static boolean before(Interactions r, int a, int b) {
        int c = Float.compare(r.value(a), r.value(b));
        return c > 0 || (c == 0 && r.timestamp(a) > r.timestamp(b));
    }

    private void buildGenreLists() {
        List<String> vocab = catalog.categoryVocabulary(categoryAttribute);
        int[][] codes = catalog.categoryCodes(categoryAttribute);
        Map<String, List<Integer>> members = new TreeMap<>();
        for (int i = 0; i < catalog.size(); i++) {
            for (int g : codes[i]) {
                members.computeIfAbsent(vocab.get(g), x -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
            List<Integer> byRating = new ArrayList<>(e.getValue());
            if (bayesian == null) {   // your own data: by popularity
                byRating.sort(Comparator.comparingInt((Integer i) -> ratingCount[i]).reversed().thenComparingInt(i -> i));
                genreByRating.put(e.getKey(), byRating.stream().mapToInt(Integer::intValue).toArray());
                continue;
            }
            byRating.sort(Comparator.comparingDouble((Integer i) -> Double.isNaN(bayesian[i]) ? -1 : bayesian[i])
                    .thenComparingInt(i -> ratingCount[i]).reversed().thenComparingInt(i -> i));
            List<Integer> byYear = new ArrayList<>(e.getValue());
            byYear.sort(Comparator.comparingInt((Integer i) -> catalog.year(i).orElse(Integer.MIN_VALUE))
                    .thenComparingDouble(i -> Double.isNaN(bayesian[i]) ? -1 : bayesian[i]).reversed()
                    .thenComparingInt(i -> i));
            genreByRating.put(e.getKey(), byRating.stream().mapToInt(Integer::intValue).toArray());
            genreByYear.put(e.getKey(), byYear.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** Streams every user's history blob (ratings in time order) for the store load. */
    private Iterator<Map.Entry<String, byte[]>> histories() {
        Interactions.Csr byUser = ratings.byUser();
        IdIndex items = ratings.items();
        boolean same = items.equals(catalog.items());
        return perUser(u -> {
            List<History.Entry> entries = new ArrayList<>(byUser.end(u) - byUser.start(u));
            for (int p = byUser.start(u); p < byUser.end(u); p++) {
                int k = byUser.entry(p);
                entries.add(new History.Entry(itemKey(same ? ratings.item(k) : catalog.items().indexOf(items.id(ratings.item(k)))), ratings.value(k), ratings.timestamp(k)));
            }
            return History.encode(History.sorted(entries));
        });
    }

    /** Returns the blob of user {@code u}'s positive events (a user index of the CTR samples' history), oldest first. */
    private byte[] positivesBlob(EventCtr ctr, int u) {
        Interactions h = ctr.data().samples().history();
        Interactions.Csr byUser = h.byUser();
        List<History.Entry> entries = new ArrayList<>();
        for (int p = byUser.start(u); p < byUser.end(u); p++) {
            int k = byUser.entry(p);
            if (ctr.data().samples().isPositiveEvent(k)) {
                entries.add(new History.Entry(itemKey(h.item(k)), h.value(k), h.timestamp(k)));
            }
        }
        return History.encode(History.sorted(entries));
    }

    /**
     * Returns the positive items of a request's user as the CTR features read them: the {@value #POSITIVES} blob of
     * the in-process store (always complete; feedback appends to it), oldest first; none for an anonymous request
     * or a user without positives.
     */
    int[] positives(org.recsys4j.core.pipeline.RecRequest request) {
        String key = request.userKey().orElse(null);
        if (key == null) {
            return new int[0];
        }
        List<History.Entry> entries = History.decode(store.local().getBlob(POSITIVES, key).orElse(null), key);
        return entries.stream().mapToInt(e -> itemOfKey(e.movieId())).filter(i -> i >= 0).toArray();
    }

    /** Streams (user id, value) for every user of the CTR samples' history, for a store load. */
    private static <V> Iterator<Map.Entry<String, V>> ctrUsers(EventCtr ctr, java.util.function.IntFunction<V> value) {
        IdIndex users = ctr.data().samples().history().users();
        return java.util.stream.IntStream.range(0, users.size())
                .mapToObj(u -> (Map.Entry<String, V>) new AbstractMap.SimpleImmutableEntry<>(users.id(u), value.apply(u)))
                .iterator();
    }

    /** Streams every user's [rating count, mean, standard deviation] (DeepFM's user numerics). */
    private Iterator<Map.Entry<String, float[]>> userStats() {
        Interactions.Csr byUser = ratings.byUser();
        return perUser(u -> {
            double sum = 0;
            double sq = 0;
            int n = byUser.end(u) - byUser.start(u);
            for (int p = byUser.start(u); p < byUser.end(u); p++) {
                double v = ratings.value(byUser.entry(p));
                sum += v;
                sq += v * v;
            }
            double mean = n == 0 ? 0 : sum / n;
            return new float[] {n, (float) mean, (float) Math.sqrt(Math.max(0, n == 0 ? 0 : sq / n - mean * mean))};
        });
    }

    /** Streams (user id, value of the user's dense index) for every user, for a store load. */
    private <V> Iterator<Map.Entry<String, V>> perUser(java.util.function.IntFunction<V> value) {
        IdIndex users = ratings.users();
        int n = ratings.numUsers();
        return new Iterator<>() {
            private int u;

            @Override
            public boolean hasNext() {
                return u < n;
            }

            @Override
            public Map.Entry<String, V> next() {
                if (u >= n) {
                    throw new java.util.NoSuchElementException();
                }
                int user = u++;
                return new AbstractMap.SimpleImmutableEntry<>(users.id(user), value.apply(user));
            }
        };
    }

    /** Returns the trained MovieLens models the server uses, or null when it serves your own data. */
    public ServingModels trained() {
        return trained;
    }

    /** Returns the catalogue. */
    public ItemCatalog catalog() {
        return catalog;
    }

    /** Returns the ratings the server was built from. */
    public Interactions ratings() {
        return ratings;
    }

    /** Returns the store. */
    public ServingStore store() {
        return store;
    }

    /** Returns the similar-movies models by name. */
    public Map<String, SimilarModel> models() {
        return models;
    }

    /** Returns the named pipelines (without {@value #DEFAULT_PIPELINE}, the experiment). */
    public Map<String, Recommender> pipelines() {
        return pipelines;
    }

    /** Returns the A/B experiment behind {@value #DEFAULT_PIPELINE}. */
    public Experiment experiment() {
        return experiment;
    }

    /** Returns the NeuralCF ranking behind its in-process model server (MovieLens only). */
    public java.util.Optional<RemoteRanking> neuralCf() {
        return java.util.Optional.ofNullable(neuralCf);
    }

    /** Returns the bounded executor every pipeline and the merger run their stages on. */
    public StageExecutor stages() {
        return stages;
    }

    /** Returns the multi-channel recall with its per-channel status counts. */
    public ReportingRecall multiRecall() {
        return multiRecall;
    }

    /** Returns the number of ratings of a movie (dense index) in the data set. */
    public int ratingCount(int item) {
        return ratingCount[item];
    }

    /** Returns the mean rating of a movie (dense index) in the data set, 0 without ratings. */
    public double averageRating(int item) {
        return averageRating[item];
    }

    /** Returns the embedding models' names (similar items), in the order they are listed. */
    public List<String> modelNames() {
        return modelNames;
    }

    /** Returns the category attribute of the lists and the category channel (genres for MovieLens), or null. */
    public String categoryAttribute() {
        return categoryAttribute;
    }

    /** Returns the genre (category) names with lists, sorted. */
    public List<String> genres() {
        return List.copyOf(genreByRating.keySet());
    }

    /** Returns the seconds the build took. */
    public double buildSeconds() {
        return buildSeconds;
    }

    /** Closes the pipelines, the merger, their stage executor and the store. */
    @Override
    public void close() throws Exception {
        for (Recommender r : pipelines.values()) {
            r.close();
        }
        if (neuralCf != null) {
            neuralCf.close();
        }
        merger.close();
        stages.close();
        store.close();
    }
}
