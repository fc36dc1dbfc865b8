package org.recsys4j.rank.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.baseline.ItemKnn;
import org.recsys4j.core.baseline.ItemKnnModel;
import org.recsys4j.core.data.EmbeddingFormats;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.movielens.MovieLensTitles;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Reranker;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.rank.cf.ScorerRanker;
import org.recsys4j.rank.rerank.BusinessFilter;
import org.recsys4j.rank.rerank.DedupReranker;
import org.recsys4j.rank.rerank.ItemCategories;
import org.recsys4j.rank.rerank.MmrReranker;
import org.recsys4j.rank.rerank.PairSimilarity;
import org.recsys4j.rank.rerank.QuotaReranker;
import org.recsys4j.rank.rerank.RerankerChain;
import org.recsys4j.rank.similarity.ItemVectors;
import org.recsys4j.rank.similarity.Similarity;
import org.recsys4j.rank.similarity.SimilarityRanker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.recsys4j.core.pipeline.CandidateBatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the example of docs/ranking.md on generated MovieLens-like data with planted clusters (the
 * end-to-end check of a 1000 → 200 similarity cut followed by a CF ranker and the re-rankers), and
 * checks that the guide's code block is the code between the markers below, line for line.
 */
class RankingGuideTest {
    private static final int CLUSTERS = 10;
    private static final Path THIS_FILE = Path.of("src/test/java/org/recsys4j/rank/guide/RankingGuideTest.java");
    private static final Path GUIDE = Path.of("../docs/ranking.md");

    @Test
    void theGuidesExampleRunsAndRanksThePlantedClusterFirst(@TempDir Path tmp) throws Exception {
        // inputs the guide takes as given: a MovieLens directory, an item-vector file, a request's user,
        // recent items and recalled candidates, and a blocked set
        Path dataDir = tmp.resolve("ml");
        SyntheticMovieLens gen = SyntheticMovieLens.builder(400, 1_500, 40_000, 42).withClusters(CLUSTERS).build();
        gen.writeLatestCsv(dataDir);
        Path vectorFile = tmp.resolve("items.r4je");
        EmbeddingFormats.save(plantedVectors(MovieLens.load(dataDir).catalog(), 16), vectorFile,
                EmbeddingFormats.Format.BINARY);
        MovieLensData loaded = MovieLens.load(dataDir);
        int user = 7;
        String userKey = loaded.ratings().users().id(user);
        int[] recent = recentItems(loaded.ratings(), user, 30);
        int cluster = dominantCluster(recent);
        List<Candidate> recalled = recall(loaded.catalog().size(), recent, 1000);
        int[] blocked = {recalled.get(0).item(), recalled.get(1).item()};

        // --- docs/ranking.md "Example" ---
        MovieLensData ml = MovieLens.load(dataDir);
        ItemCatalog catalog = ml.catalog();
        EmbeddingTable itemVectors = EmbeddingFormats.load(vectorFile, EmbeddingFormats.Format.BINARY);

        // stage 1: cosine to the mean of the user's recent items cuts the recalled items to 200
        SimilarityRanker similar = SimilarityRanker.builder(ItemVectors.of(itemVectors, catalog.items()))
                .withSimilarity(Similarity.COSINE)
                .withHistoryMean(true)
                .withHistoryWindow(50)
                .withHistoryHalfLife(20)
                .build();
        // stage 2: ItemKnn (a recsys-core baseline) orders the 200
        ItemKnnModel knn = ItemKnn.builder().withNeighbours(100).build().fit(ml.ratings());
        Ranker cf = ScorerRanker.builder("item-knn", knn.numItems())
                .withKnownUsers(knn, knn.numUsers())
                .withUnseenUsers(knn)
                .build();
        RankingChain chain = RankingChain.builder().then(similar, 200).then(cf, Integer.MAX_VALUE).build();

        // the page: nothing seen or blocked, one film per series, MMR diversity, at most 3 per genre
        Reranker finish = RerankerChain.builder()
                .then(BusinessFilter.builder().withExcludeHistory(true).addBlocked(blocked).build())
                .then(DedupReranker.byGroup(MovieLensTitles.seriesKey(catalog)))
                .then(MmrReranker.builder(PairSimilarity.jaccard(catalog, ItemCatalog.GENRES)).withLambda(0.3).build(), 30)
                .then(QuotaReranker.builder(ItemCategories.byAttribute(catalog, ItemCatalog.GENRES)).withDefaultQuota(3)
                        .withBackfill(true).build())
                .build();

        RecRequest request = RecRequest.builder(10).withUser(userKey, user).withHistory(recent).build();
        List<Candidate> ranked = chain.rank(request, recalled);      // 200, best first by ItemKnn
        List<Candidate> page = finish.rerank(request, ranked, request.k());
        // --- end of the guide's example ---

        assertEquals("similarity-cosine > item-knn", chain.name());
        assertEquals(200, ranked.size());
        assertEquals(10, page.size());
        // stage 1 keeps the planted cluster: 1000 candidates hold ~100 of it, and the 200 kept hold nearly all
        long inCluster = ranked.stream().filter(c -> c.item() % CLUSTERS == cluster).count();
        long available = recalled.stream().filter(c -> c.item() % CLUSTERS == cluster).count();
        assertTrue(inCluster >= 0.9 * Math.min(available, 200), inCluster + " of " + available);
        // stage 2 ranks with ItemKnn: the list carries its scores, and its top 20 is mostly the user's cluster
        double[] cfScores = new double[ranked.size()];
        cf.score(request, CandidateBatch.ofItems(ranked.stream().mapToInt(Candidate::item).toArray()), cfScores);
        for (int i = 0; i < ranked.size(); i++) {
            assertEquals(cfScores[i], ranked.get(i).score(), 0.0);
        }
        long top20 = ranked.subList(0, 20).stream().filter(c -> c.item() % CLUSTERS == cluster).count();
        assertTrue(top20 >= 14, "top 20 in the user's cluster: " + top20);
        // the page keeps the re-rankers' rules
        Set<Integer> seen = Arrays.stream(recent).boxed().collect(Collectors.toSet());
        Set<String> series = new HashSet<>();
        for (Candidate c : page) {
            assertFalse(seen.contains(c.item()), "seen item " + c.item());
            assertFalse(c.item() == blocked[0] || c.item() == blocked[1], "blocked item " + c.item());
            assertTrue(series.add(MovieLensTitles.seriesKey(catalog).apply(c.item())), "two films of one series");
        }
        assertEquals(List.of("random"), page.get(0).channels());
        // MMR (λ = 0.3) brings other genres into a list whose 200 are nearly all of one cluster
        Set<String> genres = new HashSet<>();
        page.forEach(c -> genres.addAll(catalog.genreNames(c.item())));
        assertTrue(genres.size() >= 5, "genres on the page: " + genres);

        // the assembled stages are thread-safe: many threads, other users too, the same answers
        List<RecRequest> requests = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            requests.add(u % 3 == 0 ? RecRequest.builder(10).withHistory(recentItems(ml.ratings(), u, 30)).build()
                    : RecRequest.builder(10).withUser(ml.ratings().users().id(u), u).withHistory(recentItems(ml.ratings(), u, 30)).build());
        }
        List<List<Candidate>> expected = new ArrayList<>();
        for (RecRequest r : requests) {
            expected.add(finish.rerank(r, chain.rank(r, recalled), r.k()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int rep = 0; rep < 3; rep++) {
                        for (int q = 0; q < requests.size(); q++) {
                            RecRequest r = requests.get(q);
                            if (!expected.get(q).equals(finish.rerank(r, chain.rank(r, recalled), r.k()))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : futures) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theGuideShowsExactlyTheTestedCode() throws IOException {
        List<String> test = between(Files.readAllLines(THIS_FILE), "// --- docs/ranking.md \"Example\" ---",
                "// --- end of the guide's example ---");
        List<String> lines = Files.readAllLines(GUIDE);
        int start = lines.indexOf("## Example");
        assertTrue(start >= 0, "docs/ranking.md has no '## Example' section");
        List<String> doc = between(lines.subList(start, lines.size()), "```java", "```");
        assertEquals(test, doc, "docs/ranking.md's example and RankingGuideTest differ");
    }

    private static List<String> between(List<String> lines, String from, String to) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            String t = l.strip();
            if (!in && t.equals(from)) {
                in = true;
            } else if (in && t.equals(to)) {
                return out;
            } else if (in) {
                out.add(t);
            }
        }
        throw new AssertionError("no block between '" + from + "' and '" + to + "'");
    }

    /** Item vectors with the generator's planted clusters: item index i is in cluster i mod C. */
    private static EmbeddingTable plantedVectors(ItemCatalog catalog, int dim) {
        SplittableRandom rnd = new SplittableRandom(9);
        float[][] centres = new float[CLUSTERS][dim];
        for (float[] c : centres) {
            for (int d = 0; d < dim; d++) {
                c[d] = (float) rnd.nextGaussian();
            }
        }
        EmbeddingTable.Builder b = EmbeddingTable.builder(dim);
        for (int i = 0; i < catalog.size(); i++) {
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = centres[i % CLUSTERS][d] + 0.5f * (float) rnd.nextGaussian();
            }
            b.add(catalog.items().longId(i), v);
        }
        return b.build();
    }

    /** The user's last {@code n} items by time, oldest first. */
    private static int[] recentItems(Interactions ratings, int user, int n) {
        Interactions.Csr byUser = ratings.byUser();
        int from = byUser.start(user);
        int to = byUser.end(user);
        Integer[] pos = new Integer[to - from];
        for (int p = from; p < to; p++) {
            pos[p - from] = p;
        }
        Arrays.sort(pos, (a, b) -> Long.compare(ratings.timestamp(byUser.entry(a)), ratings.timestamp(byUser.entry(b))));
        int m = Math.min(n, pos.length);
        int[] out = new int[m];
        for (int j = 0; j < m; j++) {
            out[j] = byUser.other(pos[pos.length - m + j]);
        }
        return out;
    }

    private static int dominantCluster(int[] items) {
        int[] counts = new int[CLUSTERS];
        for (int i : items) {
            counts[i % CLUSTERS]++;
        }
        int best = 0;
        for (int c = 1; c < CLUSTERS; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return best;
    }

    /** A stand-in recall channel: {@code n} random items outside the history. */
    private static List<Candidate> recall(int numItems, int[] history, int n) {
        Set<Integer> h = Arrays.stream(history).boxed().collect(Collectors.toSet());
        List<Integer> pool = new ArrayList<>();
        for (int i = 0; i < numItems; i++) {
            if (!h.contains(i)) {
                pool.add(i);
            }
        }
        java.util.Collections.shuffle(pool, new java.util.Random(5));
        List<Candidate> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            out.add(Candidate.of(pool.get(r), "random", 1.0 - r / (double) n, r));
        }
        return out;
    }
}
