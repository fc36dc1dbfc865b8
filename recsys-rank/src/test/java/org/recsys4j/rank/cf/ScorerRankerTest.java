package org.recsys4j.rank.cf;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.baseline.BiasBaseline;
import org.recsys4j.core.baseline.BiasBaselineModel;
import org.recsys4j.core.baseline.ItemKnn;
import org.recsys4j.core.baseline.ItemKnnModel;
import org.recsys4j.core.baseline.ItemPop;
import org.recsys4j.core.baseline.ItemPopModel;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.model.UserItemScorer;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.CandidateBatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScorerRankerTest {
    /** Users 0..2, items 0..3: u0 {0,1}, u1 {0,1,2}, u2 {2,3}. */
    private static Interactions data() {
        Interactions.Builder b = Interactions.builder(IdIndex.ofLongs(1, 2, 3), IdIndex.ofLongs(10, 20, 30, 40));
        int[][] rows = {{0, 1}, {0, 1, 2}, {2, 3}};
        for (int u = 0; u < rows.length; u++) {
            for (int i : rows[u]) {
                b.add(u, i, 1f, 100L * u + i);
            }
        }
        return b.build();
    }

    private static double[] score(ScorerRanker r, RecRequest req, int... items) {
        double[] s = new double[items.length];
        r.score(req, CandidateBatch.ofItems(items), s);
        return s;
    }

    @Test
    void knownUsersGetTheModelsScores() {
        ItemPopModel pop = ItemPop.create().fit(data());
        ScorerRanker r = ScorerRanker.builder("pop", pop.numItems()).withKnownUsers(pop, pop.numUsers()).build();
        // counts: item 0 → 2, 1 → 2, 2 → 2, 3 → 1; an item outside the model gets the fallback
        assertArrayEquals(new double[] {1, 2, 2, Double.NEGATIVE_INFINITY},
                score(r, RecRequest.builder(2).withUser("1", 0).build(), 3, 0, 2, 4));
        // an unknown user without a history model: fallback
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY},
                score(r, RecRequest.builder(2).withUser("9", 7).withHistory(new int[] {0}).build(), 0));
        assertEquals("pop", r.name());
    }

    @Test
    void aRequestAlreadyLateIsNotScored() {
        ItemPopModel pop = ItemPop.create().fit(data());
        ScorerRanker r = ScorerRanker.builder("pop", pop.numItems()).withKnownUsers(pop, pop.numUsers()).build();
        RecRequest late = RecRequest.builder(2).withUser("1", 0)
                .withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMillis(-1))).build();
        assertThrows(org.recsys4j.core.pipeline.DeadlineExceededException.class, () -> score(r, late, 0, 1));
        RecRequest far = RecRequest.builder(2).withUser("1", 0)
                .withDeadline(org.recsys4j.core.pipeline.Deadline.after(java.time.Duration.ofMinutes(1))).build();
        assertArrayEquals(score(r, RecRequest.builder(2).withUser("1", 0).build(), 0, 3), score(r, far, 0, 3));
    }

    @Test
    void unseenUsersAreScoredFromTheirHistory() {
        ItemKnnModel knn = ItemKnn.builder().withThreads(1).build().fit(data());
        ScorerRanker r = ScorerRanker.builder("item-knn", knn.numItems())
                .withKnownUsers(knn, knn.numUsers()).withUnseenUsers(knn).withFallbackScore(-1).build();
        int[] cands = {0, 1, 2, 3};
        // an unseen user with history {0} (and an index the model does not know, dropped) gets the
        // model's own history scores
        double[] expected = new double[knn.numItems()];
        knn.scoreHistory(new int[] {0}, expected);
        double[] got = score(r, RecRequest.builder(2).withHistory(new int[] {0, 99}).build(), cands);
        for (int i = 0; i < cands.length; i++) {
            double e = Double.isNaN(expected[i]) || expected[i] == Double.NEGATIVE_INFINITY ? -1 : expected[i];
            assertEquals(e, got[i], 1e-12, "item " + i);
        }
        // item 1 co-occurs with item 0 (users 0 and 1), item 3 never does
        assertTrue(got[1] > got[3], java.util.Arrays.toString(got));
        // a known user gets its own row
        double[][] row = {new double[knn.numItems()]};
        knn.score(new int[] {2}, row);
        assertArrayEquals(row[0], score(r, RecRequest.builder(2).withUser("3", 2).build(), cands), 1e-12);
        // no user, no history: fallback
        assertArrayEquals(new double[] {-1, -1, -1, -1}, score(r, RecRequest.builder(2).build(), cands));
    }

    @Test
    void cannotScoreBecomesTheFallback() {
        UserItemScorer partial = (users, scores) -> {
            for (double[] row : scores) {
                row[0] = 5;
                row[1] = Double.NaN;
                row[2] = Double.NEGATIVE_INFINITY;
            }
        };
        ScorerRanker r = ScorerRanker.builder("partial", 3).withKnownUsers(partial, 1).withFallbackScore(-7).build();
        assertArrayEquals(new double[] {5, -7, -7}, score(r, RecRequest.builder(1).withUser("u", 0).build(), 0, 1, 2));
    }

    @Test
    void ratingPredictorsScoreThePairs() {
        Interactions.Builder b = Interactions.builder(IdIndex.ofLongs(1, 2), IdIndex.ofLongs(10, 20, 30));
        b.add(0, 0, 5f, 1).add(0, 1, 3f, 2).add(1, 0, 4f, 3).add(1, 2, 2f, 4);
        BiasBaselineModel bias = BiasBaseline.builder().build().fit(b.build());
        PredictorRanker r = PredictorRanker.builder("bias", bias).withFallbackScore(-1).build();
        int[] items = {2, 0, 1, 7};
        double[] s = new double[items.length];
        r.score(RecRequest.builder(2).withUser("1", 0).build(), CandidateBatch.ofItems(items), s);
        for (int i = 0; i < items.length; i++) {
            assertEquals(bias.globalMean() + bias.userBias(0) + bias.itemBias(items[i]), s[i], 1e-12);
        }
        assertEquals(3.5, bias.globalMean(), 1e-12);
        // an unseen user gets μ + b_i; a NaN prediction the fallback
        r.score(RecRequest.builder(2).build(), CandidateBatch.ofItems(items), s);
        assertEquals(bias.globalMean() + bias.itemBias(0), s[1], 1e-12);
        PredictorRanker nan = PredictorRanker.builder("nan", (u, i, out) -> java.util.Arrays.fill(out, Double.NaN)).withFallbackScore(-3).build();
        nan.score(RecRequest.builder(2).build(), CandidateBatch.ofItems(items), s);
        assertArrayEquals(new double[] {-3, -3, -3, -3}, s);
        assertThrows(IllegalArgumentException.class, () -> PredictorRanker.builder("x", bias).withFallbackScore(Double.NaN).build());
    }

    @Test
    void badArguments() {
        ItemPopModel pop = ItemPop.create().fit(data());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScorerRanker.builder("x", 4).build())
                .getMessage().contains("no model"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScorerRanker.builder("x", 5).withUnseenUsers(pop).build())
                .getMessage().contains("scores 4 items"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScorerRanker.builder("x", 0).withUnseenUsers(pop).build())
                .getMessage().contains("numItems"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScorerRanker.builder("x", 4).withKnownUsers(pop, 0).build())
                .getMessage().contains("numUsers"));
    }

    /** An order-sensitive history model over 4 items: the item after the LAST history item scores highest. */
    private static final org.recsys4j.core.model.HistoryScorer NEXT = new org.recsys4j.core.model.HistoryScorer() {
        @Override
        public int numItems() {
            return 4;
        }

        @Override
        public void scoreHistory(int[] history, double[] scores) {
            int next = (history[history.length - 1] + 1) % 4;
            for (int i = 0; i < 4; i++) {
                scores[i] = -Math.abs(i - next);
            }
        }
    };

    @Test
    void historyFirstScoresKnownUsersFromTheirLatestHistory() {
        ItemPopModel pop = ItemPop.create().fit(data());
        ScorerRanker first = ScorerRanker.builder("seq", 4).withKnownUsers(pop, pop.numUsers()).withUnseenUsers(NEXT)
                .withHistoryFirst(true).build();
        ScorerRanker fold = ScorerRanker.builder("seq", 4).withKnownUsers(pop, pop.numUsers()).withUnseenUsers(NEXT).build();
        assertTrue(first.historyFirst());
        assertEquals(ScorerRanker.DEFAULT_HISTORY_FIRST, fold.historyFirst());
        // known user 0 whose history grew since training (0, 1, then 2): history first reads it, next = 3
        RecRequest known = RecRequest.builder(4).withUser("1", 0).withHistory(new int[] {0, 1, 2}).build();
        assertArrayEquals(new double[] {-3, -2, -1, 0}, score(first, known, 0, 1, 2, 3));
        // without history first the known user gets the trained row (popularity 2, 2, 2, 1)
        assertArrayEquals(new double[] {2, 2, 2, 1}, score(fold, known, 0, 1, 2, 3));
        // the order is read: the same items, last 0 -> next 1
        RecRequest reordered = RecRequest.builder(4).withUser("1", 0).withHistory(new int[] {2, 1, 0}).build();
        assertArrayEquals(new double[] {-1, 0, -1, -2}, score(first, reordered, 0, 1, 2, 3));
        // a known user without a usable history falls back to the known-user model
        RecRequest empty = RecRequest.builder(4).withUser("1", 0).withHistory(new int[] {9}).build();
        assertArrayEquals(new double[] {2, 2, 2, 1}, score(first, empty, 0, 1, 2, 3));
        // history first alone (a sequence model): no history, no scores
        ScorerRanker only = ScorerRanker.builder("seq", 4).withUnseenUsers(NEXT).withHistoryFirst(true).build();
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY}, score(only, RecRequest.builder(2).withUser("1", 0).build(), 0));
        assertTrue(only.toString().contains("history first"), only.toString());
        // history first without a history model is refused, naming the option
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScorerRanker.builder("seq", 4)
                .withKnownUsers(pop, pop.numUsers()).withHistoryFirst(true).build());
        assertTrue(e.getMessage().startsWith("historyFirst: true"), e.getMessage());
    }
}
