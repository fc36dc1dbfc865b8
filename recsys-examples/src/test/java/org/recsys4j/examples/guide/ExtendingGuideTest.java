package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.eval.RatingEvaluator;
import org.recsys4j.core.eval.RatingReport;
import org.recsys4j.core.model.RatingPredictor;
import org.recsys4j.core.model.UserItemScorer;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.Provenance;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.pipeline.Reranker;
import org.recsys4j.core.pipeline.Stage;
import org.recsys4j.core.split.Split;
import org.recsys4j.core.split.Splits;
import org.recsys4j.core.store.BatchRead;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.core.testing.CandidateSourceContract;
import org.recsys4j.core.testing.RankerContract;
import org.recsys4j.core.testing.RerankerContract;
import org.recsys4j.rank.serving.BatchScorer;
import org.recsys4j.rank.serving.FeatureRows;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.rank.serving.TensorSpec;
import org.recsys4j.recall.channel.EmbeddingChannel;
import org.recsys4j.recall.index.BruteForceIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.Neighbors;
import org.recsys4j.recall.index.VectorIndex;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the custom implementations of docs/extending.md against the shared contract checks of the core
 * test jar, and checks that the page's code is this file's code. No shared data needed.
 */
class ExtendingGuideTest {
    /** Five movies with external ids 10..50: dense indices 0..4. */
    private static final IdIndex ITEMS = IdIndex.ofLongs(10, 20, 30, 40, 50);

    @Test
    void thePagesCodeIsThisTestsCode() throws Exception {
        GuideSnippets.assertPageMatchesTest("../docs/extending.md", ExtendingGuideTest.class);
    }

    @Test
    void aCandidateSourceFromAMap() throws Exception {
        // --- docs/extending.md: CandidateSource ---
        CandidateSource picks = new EditorsPicks("editors", ITEMS, Map.of(
                "kids", new long[] {30, 10, 99, 30, 20},      // 99 is not a movie, 30 repeats: both skipped
                "drama", new long[] {40, 50}));
        RecRequest kid = RecRequest.builder(10).withContext("segment", "kids").addExcluded(0).build();
        List<Candidate> got = CandidateSourceContract.check(picks, kid, 10);
        CandidateSourceContract.checkAnonymous(picks, 10);        // no segment: an empty list
        CandidateSourceContract.checkConcurrent(picks, kid, 10, 4);
        // --- end ---
        assertEquals(List.of(2, 1), got.stream().map(Candidate::item).toList());   // 30, 20; 10 is excluded
        assertTrue(picks.recall(RecRequest.builder(10).build(), 10).isEmpty());
    }

    @Test
    void aRankerThatReadsAFeatureStore() throws Exception {
        // --- docs/extending.md: Ranker ---
        FeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("item_stats", 2)).build();
        store.putAll("item_stats", Map.of(
                "10", new float[] {120, 4.1f},                 // [rating count, mean rating]
                "20", new float[] {3, 5.0f},
                "30", new float[] {800, 3.9f}));
        Ranker quality = new StoredQuality(store, "item_stats", ITEMS, 10);
        RecRequest request = RecRequest.builder(3).build();
        double[] scores = RankerContract.check(quality, request, new int[] {0, 1, 2, 3, 7});
        // --- end ---
        assertEquals((120 * 4.1 + 10 * 3.5) / 130, scores[0], 1e-5);
        assertTrue(scores[2] > scores[1], "800 ratings at 3.9 beat 3 at 5.0: " + Arrays.toString(scores));
        assertEquals(3.5, scores[3]);                                     // no statistics: the prior
        assertEquals(3.5, scores[4]);                                     // not a movie: the prior

        // --- docs/extending.md: ChannelBoost ---
        List<Candidate> recalled = List.of(Candidate.of(0, "popular", 9, 0), Candidate.of(1, "popular", 8, 1),
                Candidate.of(2, "editors", 1, 0), Candidate.of(3, "popular", 7, 2).mergedWith(Candidate.of(3, "editors", 1, 1)));
        Ranker boosted = new ChannelBoost(quality, "editors", 1.0);
        double[] boostedScores = RankerContract.check(boosted, request, CandidateBatch.of(recalled));
        List<Candidate> ranked = RankingChain.of(boosted).rank(request, recalled);   // provenance kept on each
        // --- end ---
        assertArrayEquals(new double[] {scores[0], scores[1], scores[2] + 1.0, 3.5 + 0.5}, boostedScores, 1e-12);
        // 2: 4.895 + 1 (the editors' first pick); 0: 4.054; 3: the prior 3.5 + 1/2 (their second); 1: 3.846
        assertEquals(List.of(2, 0, 3, 1), ranked.stream().map(Candidate::item).toList(), ranked.toString());
        assertEquals(List.of("popular", "editors"), ranked.get(2).channels());
        assertEquals(boostedScores[3], ranked.get(2).score(), 0.0);
        store.close();
    }

    @Test
    void aModelBehindModelRanker() throws Exception {
        // --- docs/extending.md: BatchScorer ---
        float[][] itemFeatures = {{1, 0}, {0, 1}, {0.5f, 0.5f}};   // per item index, e.g. from a file
        Ranker linear = ModelRanker.builder("linear",
                        FeatureRows.builder().addItemFloats("item", itemFeatures).build(),
                        new LinearModel(new float[] {2, 1}))
                .withFallbackScore(0)
                .build();
        double[] scores = RankerContract.check(linear, RecRequest.builder(3).build(), new int[] {0, 1, 2, 7});
        // --- end ---
        assertArrayEquals(new double[] {2, 1, 1.5, 0}, scores, 1e-6);   // item 7 has no row: zeros
    }

    @Test
    void aRerankerThatPinsPromotedItems() {
        // --- docs/extending.md: Reranker ---
        Reranker pin = new PinPromoted(Set.of(3, 4), 1);
        List<Candidate> ranked = List.of(Candidate.of(0, "x", 0.9, 0), Candidate.of(3, "x", 0.5, 1),
                Candidate.of(1, "x", 0.4, 2), Candidate.of(4, "x", 0.3, 3));
        List<Candidate> page = RerankerContract.check(pin, RecRequest.builder(3).build(), ranked, 3);
        // --- end ---
        assertEquals(List.of(3, 0, 1), page.stream().map(Candidate::item).toList());
    }

    @Test
    void aVectorIndexWrapperAndYourOwnVectors() throws Exception {
        // --- docs/extending.md: VectorIndex ---
        EmbeddingTable vectors = EmbeddingTable.builder(2)      // vectors trained elsewhere, by movie id
                .add(10, new float[] {1, 0}).add(20, new float[] {0.9f, 0.1f})
                .add(30, new float[] {0, 1}).add(40, new float[] {0.1f, 0.9f}).build();
        Set<Long> inStock = Set.of(10L, 30L, 40L);
        VectorIndex exact = BruteForceIndex.of(vectors, Metric.COSINE);
        VectorIndex available = new AvailableOnly(exact, row -> inStock.contains(exact.ids().longId(row)));
        Neighbors near = available.search(new float[] {1, 0}, 2);   // 10 and 40; 20 is out of stock

        EmbeddingChannel similar = EmbeddingChannel.builder(available, ITEMS).withItemVectors(vectors)
                .build();
        RecRequest likeMovie10 = RecRequest.builder(5).withSeedItem(ITEMS.indexOf(10)).build();
        List<Candidate> recalled = CandidateSourceContract.check(similar, likeMovie10, 5);
        // --- end ---
        assertArrayEquals(new long[] {10, 40}, Arrays.stream(near.rows()).mapToLong(r -> exact.ids().longId(r)).toArray());
        assertEquals(List.of(3, 2), recalled.stream().map(Candidate::item).toList());   // 40, 30: no seed, no 20
    }

    @Test
    void yourOwnModelsUnderTheEvaluators() {
        // --- docs/extending.md: evaluators ---
        Interactions log = SyntheticMovieLens.builder(300, 400, 12_000, 7).build().generate().interactions();
        LeaveLastOutTask task = LeaveLastOutTask.of(log);
        UserItemScorer popularity = new Popularity(task.train());
        RankingReport topN = RankingEvaluator.builder().withThreads(2).build().topN(task, popularity);

        Split fold = Splits.random(log, 0.2, 42);
        RatingPredictor itemMean = new ShrunkItemMean(fold.train(), 5);
        RatingReport ratings = RatingEvaluator.builder().build().evaluate(fold, itemMean);
        System.out.println(topN + "\n" + ratings.meanRmse());
        // --- end ---
        double chance = 10.0 / task.universeSize();                       // 0.025
        assertTrue(topN.hitRate(10) > 2 * chance, "popularity HR@10 " + topN.hitRate(10) + ", chance " + chance);
        assertTrue(ratings.meanRmse() > 0 && ratings.meanRmse() < 1.5, "RMSE " + ratings.meanRmse());
    }

    @Test
    void whatTheRecommenderDoesWhenAPartFails() {
        // --- docs/extending.md: failures ---
        Ranker broken = new Ranker() {
            public String name() {
                return "broken";
            }

            public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
                throw new IllegalStateException("model not loaded");
            }
        };
        CandidateSource picks = new EditorsPicks("editors", ITEMS, Map.of("kids", new long[] {30, 10, 20}));
        Recommendation r;
        try (Recommender rec = Recommender.builder("main", picks).withRecallLimit(50)
                .withRanking(RankingChain.of(broken)).withBudget(Stage.RANK, Duration.ofMillis(200)).build()) {
            r = rec.recommend(RecRequest.builder(2).withContext("segment", "kids").build());
        }
        // r.itemIndices() = [2, 0] (the recall order), r.ranker() = "none", r.fallbacks() = [RANK]
        // r.notes() = [rank: IllegalStateException: model not loaded, kept recall order]
        // --- end ---
        assertArrayEquals(new int[] {2, 0}, r.itemIndices());
        assertEquals("none", r.ranker());
        assertEquals(Set.of(Stage.RANK), r.fallbacks());
        assertEquals(List.of("rank: IllegalStateException: model not loaded, kept recall order"), r.notes());
    }
}

// --- docs/extending.md: class EditorsPicks ---
/**
 * Hand-picked lists per audience segment (the request's context key "segment"), as a recall channel.
 */
final class EditorsPicks implements CandidateSource {
    private final String name;
    private final IdIndex items;
    private final Map<String, long[]> picks;

    EditorsPicks(String name, IdIndex items, Map<String, long[]> picks) {
        this.name = name;
        this.items = items;
        this.picks = Map.copyOf(picks);          // immutable after construction: safe for many threads
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        long[] list = picks.get(request.context().getOrDefault("segment", ""));
        if (list == null) {
            return List.of();                    // cannot serve this request: empty, not an exception
        }
        List<Candidate> out = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (int p = 0; p < list.length && out.size() < limit; p++) {
            int item = items.indexOf(list[p]);
            if (item < 0 || request.excludes(item) || !taken.add(item)) {
                continue;                        // unknown id, excluded, or a repeat
            }
            double score = list.length - p;      // best first: earlier picks score higher
            out.add(Candidate.of(item, name, score, out.size()));
        }
        return out;
    }
}
// --- end ---

// --- docs/extending.md: class StoredQuality ---
/**
 * Scores items by a Bayesian average rating read from a feature store: one multi-get per batch, the
 * prior for an item without statistics.
 */
final class StoredQuality implements Ranker {
    private static final double PRIOR_MEAN = 3.5;
    private final FeatureStore store;
    private final String namespace;
    private final IdIndex items;
    private final double priorWeight;

    StoredQuality(FeatureStore store, String namespace, IdIndex items, double priorWeight) {
        this.store = store;
        this.namespace = namespace;
        this.items = items;
        this.priorWeight = priorWeight;
    }

    @Override
    public String name() {
        return "stored-quality";
    }

    @Override
    public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
        Ranker.checkScoreArguments(request, candidates, scores);
        int[] batch = candidates.items();
        List<String> keys = new ArrayList<>(batch.length);
        for (int item : batch) {
            keys.add(item >= 0 && item < items.size() ? items.id(item) : "");   // "": a key nobody stores
        }
        BatchRead<float[]> stats = store.multiGet(namespace, keys);  // one round trip, one version
        for (int i = 0; i < batch.length; i++) {
            if (!stats.isPresent(i)) {
                scores[i] = PRIOR_MEAN;                               // documented fallback: the prior
                continue;
            }
            float[] s = stats.get(i);
            scores[i] = (s[0] * s[1] + priorWeight * PRIOR_MEAN) / (s[0] + priorWeight);
        }
    }
}
// --- end ---

// --- docs/extending.md: class ChannelBoost ---
/** Another ranker's scores plus a boost for the candidates one recall channel found: provenance as a signal. */
final class ChannelBoost implements Ranker {
    private final Ranker base;
    private final String channel;
    private final double boost;

    ChannelBoost(Ranker base, String channel, double boost) {
        this.base = base;
        this.channel = channel;
        this.boost = boost;
    }

    @Override
    public String name() {
        return base.name() + "+" + channel;
    }

    @Override
    public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
        base.score(request, candidates, scores);                  // checks the arguments too
        for (int i = 0; i < candidates.size(); i++) {
            int rank = candidates.source(i, channel).map(Provenance::rank).orElse(-1);
            if (rank >= 0) {
                scores[i] += boost / (1 + rank);                  // the channel's first pick: the whole boost
            }
        }
    }
}
// --- end ---

// --- docs/extending.md: class LinearModel ---
/** A linear model over one float input "item": the kind of model {@code ModelRanker} batches and guards. */
final class LinearModel implements BatchScorer {
    private final float[] weights;

    LinearModel(float[] weights) {
        this.weights = weights.clone();
    }

    @Override
    public List<TensorSpec> inputs() {
        return List.of(TensorSpec.floats("item", weights.length));
    }

    @Override
    public void score(InputBatch batch, double[] out, int offset, Deadline deadline) {
        float[] x = batch.floats("item");             // row-major: rows x width
        for (int r = 0; r < batch.rows(); r++) {
            double s = 0;
            for (int j = 0; j < weights.length; j++) {
                s += weights[j] * x[r * weights.length + j];
            }
            out[offset + r] = s;
        }
    }
}
// --- end ---

// --- docs/extending.md: class PinPromoted ---
/** Moves up to {@code slots} promoted items (the best-ranked ones) to the top of the page. */
final class PinPromoted implements Reranker {
    private final Set<Integer> promoted;
    private final int slots;

    PinPromoted(Set<Integer> promoted, int slots) {
        this.promoted = Set.copyOf(promoted);
        this.slots = slots;
    }

    @Override
    public String name() {
        return "pin-promoted";
    }

    @Override
    public List<Candidate> rerank(RecRequest request, List<Candidate> ranked, int k) {
        List<Candidate> pinned = new ArrayList<>();
        List<Candidate> rest = new ArrayList<>();
        for (Candidate c : ranked) {                  // the input is read, never modified
            (promoted.contains(c.item()) && pinned.size() < slots ? pinned : rest).add(c);
        }
        pinned.addAll(rest);
        return pinned.size() > k ? List.copyOf(pinned.subList(0, k)) : pinned;
    }
}
// --- end ---

// --- docs/extending.md: class AvailableOnly ---
/** Restricts any index to the rows a predicate allows (e.g. in stock), inside the search. */
final class AvailableOnly implements VectorIndex {
    private final VectorIndex inner;
    private final IntPredicate available;

    AvailableOnly(VectorIndex inner, IntPredicate available) {
        this.inner = inner;
        this.available = available;
    }

    @Override
    public Neighbors search(float[] query, int k, IntPredicate accept) {
        return inner.search(query, k, accept == null ? available : available.and(accept));
    }

    @Override
    public Metric metric() {
        return inner.metric();
    }

    @Override
    public int dim() {
        return inner.dim();
    }

    @Override
    public int size() {
        return inner.size();
    }

    @Override
    public IdIndex ids() {
        return inner.ids();
    }

    @Override
    public void save(Path file) throws IOException {
        inner.save(file);                             // the availability is not saved: it changes
    }
}
// --- end ---

// --- docs/extending.md: class Popularity ---
/** Protocol T's simplest model: every user gets the items by their training count. */
final class Popularity implements UserItemScorer {
    private final double[] counts;

    Popularity(Interactions train) {
        counts = Arrays.stream(train.itemCounts()).asDoubleStream().toArray();
    }

    @Override
    public void score(int[] users, double[][] scores) {
        for (double[] row : scores) {
            System.arraycopy(counts, 0, row, 0, counts.length);   // every entry written: rows are reused
        }
    }
}
// --- end ---

// --- docs/extending.md: class ShrunkItemMean ---
/** Protocol R: an item's mean rating shrunk to the global mean; the global mean for an unknown item. */
final class ShrunkItemMean implements RatingPredictor {
    private final double[] prediction;
    private final double globalMean;

    ShrunkItemMean(Interactions train, double shrinkage) {
        double[] sum = new double[train.numItems()];
        int[] count = new int[train.numItems()];
        double total = 0;
        for (int k = 0; k < train.size(); k++) {
            sum[train.item(k)] += train.value(k);
            count[train.item(k)]++;
            total += train.value(k);
        }
        globalMean = total / train.size();
        prediction = new double[train.numItems()];
        for (int i = 0; i < prediction.length; i++) {
            prediction[i] = (sum[i] + shrinkage * globalMean) / (count[i] + shrinkage);
        }
    }

    @Override
    public void predict(int[] users, int[] items, double[] out) {
        for (int k = 0; k < items.length; k++) {
            int i = items[k];
            out[k] = i >= 0 && i < prediction.length ? prediction[i] : globalMean;
        }
    }
}
// --- end ---
