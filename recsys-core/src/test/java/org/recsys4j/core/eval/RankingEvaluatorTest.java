package org.recsys4j.core.eval;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.model.ItemSimilarity;
import org.recsys4j.core.model.UserItemScorer;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RankingEvaluatorTest {

    /** u0: items 0,1,2 (test 2); u1: items 3 and 0 in the same second (test 3, the larger id); u2: one item only. */
    static Interactions handMade() {
        IdIndex users = IdIndex.ofLongs(10, 20, 30);
        IdIndex items = IdIndex.ofLongs(100, 101, 102, 103, 104);
        return Interactions.builder(users, items)
                .add(0, 1, 4f, 2).add(0, 0, 3f, 1).add(0, 2, 5f, 3)
                .add(1, 3, 1f, 5).add(1, 0, 2f, 5)
                .add(2, 4, 5f, 1)
                .build();
    }

    @Test
    void taskFollowsProtocolT() {
        LeaveLastOutTask task = LeaveLastOutTask.of(handMade());
        assertEquals(2, task.numCases());
        assertArrayEquals(new int[]{0, 1}, task.testUsers());
        assertEquals(2, task.testItem(0));
        assertEquals(3, task.testItem(1));
        assertEquals(1, task.queryItem(0));
        assertEquals(0, task.queryItem(1));
        assertArrayEquals(new int[]{0, 1, 2, 3}, task.universe(), "item 4 belongs only to a one-interaction user");
        assertEquals(3, task.train().size());
        for (int k = 0; k < task.train().size(); k++) {
            assertEquals(1f, task.train().value(k));
        }
    }

    @Test
    void ranksCountTiesAgainstTheModelAndSkipTrainAndNonUniverseItems() {
        LeaveLastOutTask task = LeaveLastOutTask.of(handMade());
        double[] fixed = {5, 4, 3, 3, 100};
        UserItemScorer scorer = (users, rows) -> {
            for (double[] row : rows) {
                System.arraycopy(fixed, 0, row, 0, fixed.length);
            }
        };
        RankingReport r = RankingEvaluator.builder().withCutoffs(1, 2, 3).withThreads(2).withBlockSize(1).withCoverageCutoff(1)
                .build().topN(task, scorer);
        // u0: target 2 (score 3) vs item 3 (3 >= 3) -> rank 1; u1: target 3 vs items 1 (4), 2 (3) -> rank 2
        assertArrayEquals(new int[]{1, 2}, r.ranks());
        assertEquals(0.0, r.hitRate(1));
        assertEquals(0.5, r.hitRate(2));
        assertEquals(1.0, r.hitRate(3));
        assertEquals(0.6309297535714575 / 2, r.ndcg(2), 1e-12);
        assertEquals((0.5 + 1.0 / 3) / 2, r.mrr(), 1e-12);
        // top-1 lists: u0 -> item 2 (tie with 3, lower index), u1 -> item 1; 2 of 4 universe items
        assertEquals(0.5, r.catalogueCoverage(), 1e-12);
    }

    @Test
    void aLogWithoutEvaluableUsersIsAClearError() {
        IdIndex ids = IdIndex.ofLongs(1, 2);
        LeaveLastOutTask task = LeaveLastOutTask.of(Interactions.builder(ids, ids).add(0, 0, 1, 1).add(1, 1, 1, 1).build());
        assertEquals(0, task.numCases());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RankingEvaluator.builder().build().topN(task, (users, rows) -> { }));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("two or more"), e.getMessage());
    }

    @Test
    void nanCountsAsNegativeInfinity() {
        LeaveLastOutTask task = LeaveLastOutTask.of(handMade());
        UserItemScorer scorer = (users, rows) -> {
            for (double[] row : rows) {
                Arrays.fill(row, Double.NaN);
                row[3] = 1;
            }
        };
        RankingReport r = RankingEvaluator.builder().build().topN(task, scorer);
        // u0: target 2 is NaN = -inf, so item 3 ranks above -> rank 1; u1: target 3 (1) beats NaN items -> rank 0
        assertArrayEquals(new int[]{1, 0}, r.ranks());
        // in the model's favour too, an unscored target is a miss, not a tie with the other unscored items
        assertArrayEquals(new int[]{Integer.MAX_VALUE, 0}, r.favourableTieRanks());
    }

    @Test
    void similarItemsUsesTheLastTrainItemAndMinusInfinityForUncoveredItems() {
        LeaveLastOutTask task = LeaveLastOutTask.of(handMade());
        double[][] sim = {
                {1, 0.5, 0.1, 0.9, 0}, // query 0 (u1): target 3 -> others 1 (0.5), 2 (0.1) below -> rank 0
                {0.2, 1, 0.7, 0.7, 0}, // query 1 (u0): target 2 (0.7) vs item 3 (0.7, uncovered -> -inf) -> rank 0
                {0, 0, 1, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}};
        ItemSimilarity s = new ItemSimilarity() {
            public int numItems() {
                return 5;
            }

            public void similarities(int[] queries, double[][] out) {
                for (int b = 0; b < queries.length; b++) {
                    System.arraycopy(sim[queries[b]], 0, out[b], 0, 5);
                }
            }

            public boolean covers(int item) {
                return item != 3;
            }
        };
        RankingReport r = RankingEvaluator.builder().build().similarItems(task, s);
        assertEquals("S", r.protocol());
        // u1's target (3) is uncovered: -inf, ranks behind the 2 non-excluded others
        assertArrayEquals(new int[]{0, 2}, r.ranks());
        assertArrayEquals(new int[]{0, Integer.MAX_VALUE}, r.favourableTieRanks());
        assertEquals(0.75, r.modelCoverage(), 1e-12);
    }

    @Test
    void matchesBruteForceOnRandomDataWithTiesForAnyThreadCountAndBlockSize() {
        Random rnd = new Random(11);
        int nu = 57;
        int ni = 40;
        IdIndex users = IdIndex.ofLongs(java.util.stream.LongStream.range(0, nu).toArray());
        IdIndex items = IdIndex.ofLongs(java.util.stream.LongStream.range(0, ni).map(i -> 1000 - i).toArray());
        Interactions.Builder b = Interactions.builder(users, items);
        for (int u = 0; u < nu; u++) {
            Set<Integer> seen = new HashSet<>();
            int n = rnd.nextInt(8);
            while (seen.size() < n) {
                int i = rnd.nextInt(ni - 3); // the last 3 items are never interacted with
                if (seen.add(i)) {
                    b.add(u, i, 1f, rnd.nextInt(5));
                }
            }
        }
        LeaveLastOutTask task = LeaveLastOutTask.of(b.build());
        double[][] table = new double[nu][ni];
        for (double[] row : table) {
            for (int i = 0; i < ni; i++) {
                row[i] = rnd.nextInt(4); // many ties
            }
        }
        UserItemScorer scorer = (us, rows) -> {
            for (int k = 0; k < us.length; k++) {
                System.arraycopy(table[us[k]], 0, rows[k], 0, ni);
            }
        };
        int[] expected = new int[task.numCases()];
        Interactions.Csr tr = task.train().byUser();
        for (int c = 0; c < task.numCases(); c++) {
            int u = task.testUser(c);
            int t = task.testItem(c);
            Set<Integer> train = new HashSet<>();
            for (int p = tr.start(u); p < tr.end(u); p++) {
                train.add(tr.other(p));
            }
            for (int i : task.universe()) {
                if (i != t && !train.contains(i) && table[u][i] >= table[u][t]) {
                    expected[c]++;
                }
            }
        }
        RankingReport one = RankingEvaluator.builder().withThreads(1).withBlockSize(64).build().topN(task, scorer);
        RankingReport many = RankingEvaluator.builder().withThreads(3).withBlockSize(5).build().topN(task, scorer);
        assertArrayEquals(expected, one.ranks());
        assertArrayEquals(expected, many.ranks());
        assertEquals(one.catalogueCoverage(), many.catalogueCoverage());
    }
}
