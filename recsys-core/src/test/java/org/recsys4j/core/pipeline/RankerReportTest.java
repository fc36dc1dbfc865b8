package org.recsys4j.core.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The answer names the rankers that ran: a ranker that gives no candidate a finite score (an MF ranker for an
 * anonymous user) keeps the order before it and is not reported; fewer items than k carry a note.
 */
class RankerReportTest {
    /** Scores every candidate with a constant (e.g. -Infinity: "cannot score"). */
    private static Ranker constant(String name, double value) {
        return new Ranker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
                java.util.Arrays.fill(scores, 0, candidates.size(), value);
            }
        };
    }

    /** Scores item i with -i (smallest item first); items in {@code missing} get -Infinity. */
    private static Ranker reverse(String name, int... missing) {
        return new Ranker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
                for (int i = 0; i < candidates.size(); i++) {
                    int item = candidates.item(i);
                    scores[i] = java.util.Arrays.stream(missing).anyMatch(m -> m == item) ? Double.NEGATIVE_INFINITY : -item;
                }
            }
        };
    }

    @Test
    void aRankerThatScoresNothingKeepsTheOrderAndIsNotNamed() {
        for (double bad : new double[] {Double.NEGATIVE_INFINITY, Double.NaN, Double.POSITIVE_INFINITY}) {
            RecommenderTest.ListSource source = new RecommenderTest.ListSource("list", 5, 3, 9, 1, 7);
            try (Recommender rec = Recommender.builder("p", source)
                    .withRanking(RankingChain.of(constant("mf", bad))).build()) {
                Recommendation r = rec.recommend(RecRequest.builder(5).build());
                assertArrayEquals(new int[] {5, 3, 9, 1, 7}, r.itemIndices(), "recall order kept");
                assertEquals("none", r.ranker());
                assertTrue(r.fallbacks().isEmpty());
                assertEquals(1, r.notes().size(), r.notes().toString());
                assertTrue(r.notes().get(0).startsWith("rank: mf scored none of the 5 candidates"), r.notes().toString());
                for (Candidate c : r.items()) {
                    assertTrue(Double.isFinite(c.score()), "recall scores kept: " + c);
                }
            }
        }
    }

    @Test
    void aChainNamesOnlyTheStagesThatScored() {
        List<Candidate> in = new RecommenderTest.ListSource("list", 6, 5, 4, 3, 2, 1)
                .recall(RecRequest.builder(6).build(), 6);
        RankingChain chain = RankingChain.builder().then(reverse("rev"), 4).then(constant("cold", Double.NEGATIVE_INFINITY), 3)
                .build();
        RankingChain.Ranked r = chain.rankReported(RecRequest.builder(3).build(), in);
        assertEquals("rev", r.ranker());
        assertArrayEquals(new int[] {1, 2, 3}, r.candidates().stream().mapToInt(Candidate::item).toArray(),
                "the skipped stage still cuts to its keep, in the order before it");
        assertEquals(-1.0, r.candidates().get(0).score());
        assertEquals(1, r.notes().size());
        RankingChain both = RankingChain.builder().then(reverse("a"), 10).then(reverse("b", 2), 10).build();
        RankingChain.Ranked rb = both.rankReported(RecRequest.builder(3).build(), in);
        assertEquals("a > b", rb.ranker());
        assertTrue(rb.notes().isEmpty());
        assertEquals(2, rb.candidates().get(5).item(), "an item the ranker cannot score sorts last");
        assertEquals(in.size(), chain.rank(RecRequest.builder(3).build(), in).size() + 3);
    }

    @Test
    void fewerItemsThanKCarryANoteAndEnoughCarryNone() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + rnd.nextInt(30);
            int k = 1 + rnd.nextInt(40);
            int[] items = new int[n];
            for (int i = 0; i < n; i++) {
                items[i] = i;
            }
            try (Recommender rec = Recommender.builder("p", new RecommenderTest.ListSource("list", items)).build()) {
                Recommendation r = rec.recommend(RecRequest.builder(k).build());
                assertEquals(Math.min(n, k), r.items().size());
                boolean noted = r.notes().stream().anyMatch(s -> s.equals("fewer items than asked: " + n + " of k = " + k
                        + " (no more candidates the request does not exclude)"));
                assertEquals(n < k, noted, "n=" + n + " k=" + k + " " + r.notes());
                if (n >= k) {
                    assertFalse(r.notes().stream().anyMatch(s -> s.startsWith("fewer")), r.notes().toString());
                }
            }
        }
    }
}
