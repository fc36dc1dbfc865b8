package org.recsys4j.core.eval;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommender;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The list measures (novelty, personalisation) and the evaluation of whole pipelines under protocols T and S. */
class ListMeasuresTest {
    private static final double EPS = 1e-12;

    @Test
    void medianPopularityPoolsEveryListedItem() {
        int[] pop = {50, 10, 3, 7, 1};
        // observations 50,10,3 | 3,7 | (empty) -> sorted 3,3,7,10,50 -> 7
        assertEquals(7, Metrics.medianPopularity(new int[][] {{0, 1, 2}, {2, 3}, {}}, pop), EPS);
        // even count: 1,3,7,10 -> (3+7)/2; a repeat inside one list counts once
        assertEquals(5, Metrics.medianPopularity(new int[][] {{4, 2}, {3, 1, 3}}, pop), EPS);
        assertTrue(Double.isNaN(Metrics.medianPopularity(new int[][] {{}, {}}, pop)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.medianPopularity(new int[][] {{0}, {1, 5}}, pop));
        assertTrue(e.getMessage().contains("lists[1][1]"), e.getMessage());
    }

    @Test
    void meanPairwiseJaccardHasKnownAnswers() {
        // {0,1,2} vs {1,2,3}: 2/4; {0,1,2} vs {7}: 0; {1,2,3} vs {7}: 0 -> mean 0.5/3
        assertEquals(0.5 / 3, Metrics.meanPairwiseJaccard(new int[][] {{0, 1, 2}, {3, 2, 1}, {7}}), EPS);
        assertEquals(1.0, Metrics.meanPairwiseJaccard(new int[][] {{4, 5}, {5, 4}, {4, 5, 4}}), EPS);
        assertEquals(0.0, Metrics.meanPairwiseJaccard(new int[][] {{1}, {2}, {3}, {}}), EPS);
        assertTrue(Double.isNaN(Metrics.meanPairwiseJaccard(new int[][] {{1}, {}})));
        assertThrows(IllegalArgumentException.class, () -> Metrics.meanPairwiseJaccard(new int[][] {{1}, {-1}}));
    }

    @Test
    void meanPairwiseJaccardEqualsTheDirectDefinitionOnRandomLists() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + rnd.nextInt(40);
            int[][] lists = new int[n][];
            for (int u = 0; u < n; u++) {
                lists[u] = rnd.ints(rnd.nextInt(12), 0, 30).toArray();
            }
            double sum = 0;
            int pairs = 0;
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    Set<Integer> x = set(lists[a]);
                    Set<Integer> y = set(lists[b]);
                    if (x.isEmpty() || y.isEmpty()) {
                        continue;
                    }
                    Set<Integer> inter = new HashSet<>(x);
                    inter.retainAll(y);
                    Set<Integer> union = new HashSet<>(x);
                    union.addAll(y);
                    sum += inter.size() / (double) union.size();
                    pairs++;
                }
            }
            double expected = pairs == 0 ? Double.NaN : sum / pairs;
            assertEquals(expected, Metrics.meanPairwiseJaccard(lists), 1e-12, "trial " + trial);
        }
    }

    private static Set<Integer> set(int[] list) {
        Set<Integer> s = new HashSet<>();
        for (int i : list) {
            s.add(i);
        }
        return s;
    }

    /** A source that answers from a fixed list per user key (or per seed item), in that order. */
    private static CandidateSource fixed(java.util.function.Function<RecRequest, int[]> answer) {
        return new CandidateSource() {
            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public List<Candidate> recall(RecRequest request, int limit) {
                List<Candidate> out = new ArrayList<>();
                int[] items = answer.apply(request);
                for (int r = 0; r < items.length && out.size() < limit; r++) {
                    out.add(Candidate.of(items[r], "fixed", items.length - r, r));
                }
                return out;
            }
        };
    }

    @Test
    void aPipelineIsRankedByTheHeldOutItemsPositionInItsAnswer() {
        LeaveLastOutTask task = LeaveLastOutTask.of(RankingEvaluatorTest.handMade());
        // u0 (key "10", train 0,1; test 2): answers 3, 2 -> rank 1; u1 (key "20", train 0; test 3): answers 1, 2 -> miss
        List<RecRequest> seen = new ArrayList<>();
        CandidateSource src = fixed(r -> {
            synchronized (seen) {
                seen.add(r);
            }
            return r.userKey().orElseThrow().equals("10") ? new int[] {0, 3, 2} : new int[] {1, 2};
        });
        Recommender pipeline = Recommender.builder("p", src).build();
        RankingReport t = RankingEvaluator.builder().withCutoffs(1, 2).withCoverageCutoff(2).withThreads(2).build()
                .topN(task, pipeline);
        assertArrayEquals(new int[] {1, Integer.MAX_VALUE}, t.ranks(), "item 0 is u0's train item: the request excludes it");
        assertEquals(0.5, t.hitRate(2), EPS);
        assertEquals(0.5 / (Math.log(3) / Math.log(2)), t.ndcg(2), EPS);
        assertEquals(0.25, t.mrr(), EPS);
        // top-2 lists {3,2} and {1,2}: 3 of the 4 universe items; Jaccard 1/3; popularity 0,0,1,0 in train
        assertEquals(0.75, t.catalogueCoverage(), EPS);
        assertEquals(1.0 / 3, t.meanPairwiseJaccard(), EPS);
        assertEquals(0, t.medianPopularity(), EPS);
        assertEquals(0, t.fallbackCases());
        for (RecRequest r : seen) {
            int u = r.userIndex();
            assertEquals(u == 0 ? 2 : 1, r.historySize(), "the history is the user's train items");
            assertTrue(r.excludes(0), "train items are excluded");
        }
        assertArrayEquals(new int[] {0, 1}, RankingEvaluator.userRequest(task, 0, 5).history(), "oldest first (item 0 at second 1, item 1 at 2)");
    }

    @Test
    void protocolSForAPipelineAsksForTheQueryItemsNeighboursNotTheColdStartRoute() {
        LeaveLastOutTask task = LeaveLastOutTask.of(RankingEvaluatorTest.handMade());
        CandidateSource bySeed = fixed(r -> r.seedItem().getAsInt() == 1 ? new int[] {2, 3} : new int[] {3});
        CandidateSource cold = fixed(r -> new int[] {1, 2, 3});
        Recommender pipeline = Recommender.builder("p", bySeed).withColdStart(cold).build();
        RankingReport s = RankingEvaluator.builder().withCutoffs(1).withCoverageCutoff(1).build().similarItems(task, pipeline);
        // u0: query 1 -> [2, 3], target 2 at rank 0; u1: query 0 -> [3], target 3 at rank 0
        assertArrayEquals(new int[] {0, 0}, s.ranks());
        assertEquals("S", s.protocol());
    }

    @Test
    void answersThatFellBackAreCounted() {
        LeaveLastOutTask task = LeaveLastOutTask.of(RankingEvaluatorTest.handMade());
        CandidateSource failing = fixed(r -> {
            throw new IllegalStateException("down");
        });
        Recommender pipeline = Recommender.builder("p", failing).withFallback(fixed(r -> new int[] {3, 2})).build();
        RankingReport t = RankingEvaluator.builder().build().topN(task, pipeline);
        assertEquals(2, t.fallbackCases());
        assertEquals(1.0, t.meanPairwiseJaccard(), EPS, "everyone got the same fallback list");
        assertEquals(1.0, t.hitRate(10), EPS);
    }

    @Test
    void modelReportsCarryTheListMeasuresToo() {
        LeaveLastOutTask task = LeaveLastOutTask.of(RankingEvaluatorTest.handMade());
        double[] fixed = {5, 4, 3, 3, 100};
        RankingReport r = RankingEvaluator.builder().withCoverageCutoff(1).build().topN(task, (users, rows) -> {
            for (double[] row : rows) {
                System.arraycopy(fixed, 0, row, 0, fixed.length);
            }
        });
        // u0 (train 0,1): top-1 = 2 (tie with 3, lower index); u1 (train 0): top-1 = 1 -> Jaccard 0; pops 0 and 1
        assertEquals(0.0, r.meanPairwiseJaccard(), EPS);
        assertEquals(0.5, r.medianPopularity(), EPS);
    }
}
