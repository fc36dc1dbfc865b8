package org.recsys4j.embedding.mf;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.baseline.ItemPop;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImplicitAlsTest {

    /** A tiny hand-made matrix: 4 users × 5 items, values 1-3, one empty item. */
    private static Interactions tiny() {
        Interactions.Builder b = Interactions.builder(Planted.ids(4), Planted.ids(5));
        int[][] e = {{0, 0, 1}, {0, 1, 2}, {1, 1, 1}, {1, 2, 3}, {2, 0, 1}, {2, 2, 1}, {2, 3, 2}, {3, 3, 1}, {3, 0, 2}};
        long ts = 0;
        for (int[] r : e) {
            b.add(r[0], r[1], r[2], ts++);
        }
        return b.build();
    }

    /**
     * The oracle of one exact half-step: for row factors {@code x} (n × f), solves
     * {@code (XᵀC_iX + λI) y = XᵀC_i p(i)} in plain double arithmetic, C_i = diag(1 + α r) on observed rows.
     */
    private static double[] oracleItem(Interactions d, int item, float[][] x, double lambda, double alpha) {
        int f = x[0].length;
        double[][] a = new double[f][f];
        double[] rhs = new double[f];
        double[] conf = new double[x.length];
        boolean[] obs = new boolean[x.length];
        java.util.Arrays.fill(conf, 1.0);
        for (int k = 0; k < d.size(); k++) {
            if (d.item(k) == item) {
                conf[d.user(k)] = 1 + alpha * d.value(k);
                obs[d.user(k)] = true;
            }
        }
        for (int u = 0; u < x.length; u++) {
            for (int r = 0; r < f; r++) {
                for (int c = 0; c < f; c++) {
                    a[r][c] += conf[u] * x[u][r] * x[u][c];
                }
                if (obs[u]) {
                    rhs[r] += conf[u] * x[u][r];
                }
            }
        }
        for (int r = 0; r < f; r++) {
            a[r][r] += lambda;
        }
        return Oracle.solve(a, rhs);
    }

    private static float[][] users(ImplicitAlsModel m) {
        float[][] x = new float[m.numUsers()][];
        for (int u = 0; u < x.length; u++) {
            x[u] = m.userVectorAt(u);
        }
        return x;
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float a : v) {
            m = Math.max(m, Math.abs(a));
        }
        return m;
    }

    @Test
    void exactHalfStepEqualsTheDirectSolutionOfTheNormalEquations() {
        Interactions d = tiny();
        double lambda = 0.3;
        double alpha = 2.5;
        // the last half-sweep solves every item given the final user factors, so the final item factors
        // must be the exact solution of the item equations for those user factors
        ImplicitAlsModel m = ImplicitAls.builder().withFactors(3).withRegularization(lambda).withAlpha(alpha)
                .withIterations(2).withInitStd(0.5).withSeed(3).build().fit(d);
        float[][] x = users(m);
        for (int i = 0; i < 5; i++) {
            double[] want = oracleItem(d, i, x, lambda, alpha);
            float[] got = m.itemVectorAt(i);
            for (int a = 0; a < 3; a++) {
                assertEquals(want[a], got[a], 1e-5 * Math.max(1, Math.abs(want[a])), "item " + i + " factor " + a);
            }
        }
        assertArrayEquals(new float[3], m.itemVectorAt(4), "an item without interactions gets zero factors");
    }

    @Test
    void itemSimilarityIsTheCosineOfTheItemFactorsAndSkipsItemsWithoutData() {
        Interactions d = tiny(); // item 4 has no interaction: its factors are solved to zero
        ImplicitAlsModel m = ImplicitAls.builder().withFactors(3).withIterations(3).withInitStd(0.5).withSeed(5)
                .build().fit(d);
        org.recsys4j.core.model.ItemSimilarity s = m.itemSimilarity();
        assertEquals(5, s.numItems());
        double[][] out = new double[2][5];
        s.similarities(new int[] {1, 4}, out);
        float[] q = m.itemVectorAt(1);
        for (int i = 0; i < 4; i++) {
            float[] v = m.itemVectorAt(i);
            double dot = 0;
            double nq = 0;
            double nv = 0;
            for (int a = 0; a < 3; a++) {
                dot += q[a] * v[a];
                nq += q[a] * q[a];
                nv += v[a] * v[a];
            }
            assertEquals(dot / Math.sqrt(nq * nv), out[0][i], 1e-5, "item " + i);
            assertTrue(s.covers(i));
        }
        assertEquals(1.0, out[0][1], 1e-5);
        assertEquals(Double.NEGATIVE_INFINITY, out[0][4]);
        assertFalse(s.covers(4));
        for (double v : out[1]) {
            assertEquals(Double.NEGATIVE_INFINITY, v, "a query without a direction ranks nothing");
        }
        assertThrows(IllegalArgumentException.class, () -> s.similarities(new int[] {5}, new double[1][5]));
    }

    @Test
    void logConfidenceEntersTheSameEquations() {
        Interactions d = tiny();
        ImplicitAls cfg = ImplicitAls.builder().withFactors(2).withRegularization(0.2).withAlpha(4)
                .withConfidence(ImplicitAls.Confidence.LOG).withEpsilon(0.5).withIterations(1).withInitStd(0.5)
                .build();
        assertEquals(1 + 4 * Math.log1p(3 / 0.5), cfg.confidenceOf(3), 1e-12);
        ImplicitAlsModel m = cfg.fit(d);
        float[][] x = users(m);
        // build the oracle with the log confidence: alpha' such that 1 + alpha'·r = c(r) per entry is not
        // linear, so check the residual of the normal equations directly
        for (int i = 0; i < 4; i++) {
            double[][] a = new double[2][2];
            double[] rhs = new double[2];
            double[] conf = new double[x.length];
            java.util.Arrays.fill(conf, 1.0);
            boolean[] obs = new boolean[x.length];
            for (int k = 0; k < d.size(); k++) {
                if (d.item(k) == i) {
                    conf[d.user(k)] = cfg.confidenceOf(d.value(k));
                    obs[d.user(k)] = true;
                }
            }
            for (int u = 0; u < x.length; u++) {
                for (int r = 0; r < 2; r++) {
                    for (int c = 0; c < 2; c++) {
                        a[r][c] += conf[u] * x[u][r] * x[u][c];
                    }
                    rhs[r] += obs[u] ? conf[u] * x[u][r] : 0;
                }
            }
            a[0][0] += 0.2;
            a[1][1] += 0.2;
            double[] want = Oracle.solve(a, rhs);
            float[] got = m.itemVectorAt(i);
            assertEquals(want[0], got[0], 1e-5 * Math.max(1, Math.abs(want[0])));
            assertEquals(want[1], got[1], 1e-5 * Math.max(1, Math.abs(want[1])));
        }
    }

    @Test
    void conjugateGradientReachesTheExactFixedPoint() {
        Interactions d = Planted.clusters(120, 80, 4, 10, 3, 11);
        double lambda = 0.5;
        double alpha = 5;
        ImplicitAlsModel cg = ImplicitAls.builder().withFactors(8).withRegularization(lambda).withAlpha(alpha)
                .withIterations(30).withSolver(ImplicitAls.Solver.CONJUGATE_GRADIENT).withCgSteps(3).build().fit(d);
        float[][] x = users(cg);
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < d.numItems(); i++) {
            double[] want = oracleItem(d, i, x, lambda, alpha);
            float[] got = cg.itemVectorAt(i);
            for (int a = 0; a < 8; a++) {
                worst = Math.max(worst, Math.abs(want[a] - got[a]));
            }
            scale = Math.max(scale, maxAbs(got));
        }
        assertTrue(worst < 0.01 * scale, "CG item factors " + worst + " away from the exact solve (scale " + scale + ")");
        // and the two solvers end at nearly the same loss
        double[] exactLoss = new double[1];
        double[] cgLoss = new double[1];
        ImplicitAls.builder().withFactors(8).withRegularization(lambda).withAlpha(alpha).withIterations(30)
                .withListener((it, l) -> exactLoss[0] = l).build().fit(d);
        ImplicitAls.builder().withFactors(8).withRegularization(lambda).withAlpha(alpha).withIterations(30)
                .withSolver(ImplicitAls.Solver.CONJUGATE_GRADIENT).withListener((it, l) -> cgLoss[0] = l).build().fit(d);
        assertEquals(exactLoss[0], cgLoss[0], 0.01 * exactLoss[0], "final training loss, exact vs CG");
    }

    @Test
    void exactLossNeverIncreases() {
        Interactions d = Planted.clusters(100, 60, 3, 8, 2, 5);
        List<Double> loss = new ArrayList<>();
        ImplicitAls.builder().withFactors(6).withRegularization(0.1).withAlpha(10).withIterations(10)
                .withListener((it, l) -> loss.add(l)).build().fit(d);
        assertEquals(10, loss.size());
        for (int k = 1; k < loss.size(); k++) {
            assertTrue(loss.get(k) <= loss.get(k - 1) * (1 + 1e-6), "iteration " + (k + 1) + ": " + loss);
        }
    }

    @Test
    void plantedClustersAreRecoveredFarAbovePopularity() {
        Interactions d = Planted.clusters(300, 200, 5, 15, 2, 7);
        LeaveLastOutTask task = LeaveLastOutTask.of(d);
        RankingEvaluator ev = RankingEvaluator.builder().build();
        RankingReport pop = ev.topN(task, ItemPop.create().fit(task.train()));
        for (ImplicitAls.Solver s : ImplicitAls.Solver.values()) {
            RankingReport als = ev.topN(task, ImplicitAls.builder().withFactors(16).withRegularization(0.1).withAlpha(10)
                    .withIterations(10).withSolver(s).withThreads(2).build().fit(task.train()));
            // 25 unseen items remain in the user's cluster: a perfect cluster model hits ≈ 10/25
            assertTrue(als.hitRate(10) > 0.25, s + ": " + als);
            assertTrue(als.hitRate(10) > 3 * pop.hitRate(10), s + ": " + als + " vs ItemPop " + pop);
        }
    }

    @Test
    void sameSeedGivesTheSameFactorsWhateverTheThreads() {
        Interactions d = Planted.clusters(150, 90, 3, 10, 3, 9);
        for (ImplicitAls.Solver s : ImplicitAls.Solver.values()) {
            ImplicitAls.Builder b = ImplicitAls.builder().withFactors(7).withIterations(4).withSolver(s).withSeed(42);
            ImplicitAlsModel a = b.withThreads(1).build().fit(d);
            ImplicitAlsModel a2 = b.withThreads(1).build().fit(d);
            ImplicitAlsModel c = b.withThreads(3).build().fit(d);
            for (int u = 0; u < d.numUsers(); u++) {
                assertArrayEquals(a.userVectorAt(u), a2.userVectorAt(u));
                assertArrayEquals(a.userVectorAt(u), c.userVectorAt(u));
            }
            for (int i = 0; i < d.numItems(); i++) {
                assertArrayEquals(a.itemVectorAt(i), c.itemVectorAt(i));
            }
            ImplicitAlsModel other = b.withSeed(43).withThreads(1).build().fit(d);
            assertTrue(!java.util.Arrays.equals(a.userVectorAt(0), other.userVectorAt(0)), "the seed matters");
        }
    }

    @Test
    void foldInOfATrainingUsersHistoryGivesNearlyTheTrainedScores() {
        Interactions d = Planted.clusters(200, 100, 4, 12, 2, 13);
        ImplicitAlsModel m = ImplicitAls.builder().withFactors(10).withRegularization(0.1).withAlpha(10)
                .withIterations(25).build().fit(d);
        double[][] trained = new double[1][d.numItems()];
        double[] folded = new double[d.numItems()];
        for (int u = 0; u < 20; u++) {
            m.score(new int[]{u}, trained);
            m.scoreHistory(d.byUser().othersOf(u), folded);
            double worst = 0;
            double scale = 0;
            for (int i = 0; i < folded.length; i++) {
                worst = Math.max(worst, Math.abs(trained[0][i] - folded[i]));
                scale = Math.max(scale, Math.abs(trained[0][i]));
            }
            // the trained user factors were solved against the previous sweep's item factors, fold-in against the
            // final ones: close, not equal
            assertTrue(worst < 0.06 * scale, "user " + u + ": fold-in differs by " + worst + " (scale " + scale + ")");
            assertTrue(overlap(top(trained[0], 10), top(folded, 10)) >= 8, "user " + u + ": top-10 differ");
        }
        // fold-in is exactly the user equations against the final item factors
        int[] history = {3, 7, 7, 40};
        float[] got = m.foldIn(history);
        int f = 10;
        double c = 1 + 10 * 1.0;
        double[][] a = new double[f][f];
        double[] rhs = new double[f];
        for (int i = 0; i < d.numItems(); i++) {
            float[] y = m.itemVectorAt(i);
            boolean in = i == 3 || i == 7 || i == 40;
            for (int r = 0; r < f; r++) {
                for (int k = 0; k < f; k++) {
                    a[r][k] += (in ? c : 1) * y[r] * y[k];
                }
                rhs[r] += in ? c * y[r] : 0;
            }
        }
        for (int r = 0; r < f; r++) {
            a[r][r] += 0.1;
        }
        double[] want = Oracle.solve(a, rhs);
        for (int r = 0; r < f; r++) {
            assertEquals(want[r], got[r], 1e-4 * Math.max(1, Math.abs(want[r])), "fold-in factor " + r);
        }
        double[] empty = new double[d.numItems()];
        m.scoreHistory(new int[0], empty);
        assertArrayEquals(new double[d.numItems()], empty, "an empty history scores 0");
        assertThrows(IllegalArgumentException.class, () -> m.scoreHistory(new int[]{d.numItems()}, folded));
    }

    private static int[] top(double[] s, int k) {
        return java.util.stream.IntStream.range(0, s.length).boxed()
                .sorted((x, y) -> Double.compare(s[y], s[x])).limit(k).mapToInt(Integer::intValue).toArray();
    }

    private static int overlap(int[] a, int[] b) {
        int n = 0;
        for (int x : a) {
            for (int y : b) {
                n += x == y ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void factorTablesCarryTheExternalIds() {
        Interactions d = tiny();
        ImplicitAlsModel m = ImplicitAls.builder().withFactors(3).withIterations(2).build().fit(d);
        EmbeddingTable users = m.userFactors();
        EmbeddingTable items = m.itemFactors();
        assertEquals(4, users.size());
        assertEquals(5, items.size());
        assertEquals(3, items.dim());
        assertEquals(1002L, items.ids().longId(2));
        assertArrayEquals(m.itemVectorAt(2), items.vector(2));
        assertArrayEquals(m.userVectorAt(1), users.vector(1));
    }

    @Test
    void badOptionsNameTheArgument() {
        String[][] cases = {{"factors"}, {"regularization"}, {"alpha"}, {"iterations"}, {"cgSteps"}, {"threads"},
                {"epsilon"}, {"initStd"}};
        List<Runnable> builds = List.of(
                () -> ImplicitAls.builder().withFactors(0).build(),
                () -> ImplicitAls.builder().withRegularization(0).build(),
                () -> ImplicitAls.builder().withAlpha(-1).build(),
                () -> ImplicitAls.builder().withIterations(0).build(),
                () -> ImplicitAls.builder().withCgSteps(0).build(),
                () -> ImplicitAls.builder().withThreads(0).build(),
                () -> ImplicitAls.builder().withConfidence(ImplicitAls.Confidence.LOG).withEpsilon(0).build(),
                () -> ImplicitAls.builder().withInitStd(Double.NaN).build());
        for (int k = 0; k < cases.length; k++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builds.get(k)::run);
            assertTrue(e.getMessage().startsWith(cases[k][0] + ":"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> ImplicitAls.builder().withSolver(null).build());
        Interactions negative = Interactions.builder(Planted.ids(1), Planted.ids(2)).add(0, 0, 1, 0).add(0, 1, -2, 1)
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImplicitAls.builder().withFactors(2).build().fit(negative));
        assertTrue(e.getMessage().startsWith("train: interaction value -2.0"), e.getMessage());
    }

    /** Two shoppers and three SKUs; u1 views sku-a, then buys it: the purchase must not be hidden by the view. */
    private static EventLog viewThenBuy() {
        return EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .addTyped("u1", "sku-a", 100, "view").addTyped("u1", "sku-b", 150, "view")
                .addTyped("u1", "sku-a", 200, "buy")
                .addTyped("u2", "sku-b", 120, "view").addTyped("u2", "sku-c", 130, "cart")
                .build();
    }

    /** The same two shoppers, one interaction per pair with the given value of (u1, sku-a). */
    private static Interactions unique(EventLog log, float u1SkuA, long at) {
        Interactions.Builder b = Interactions.builder(log.users(), log.items());
        IdIndex u = log.users();
        IdIndex i = log.items();
        b.add(u.indexOf("u1"), i.indexOf("sku-a"), u1SkuA, at);
        b.add(u.indexOf("u1"), i.indexOf("sku-b"), 1, 150);
        b.add(u.indexOf("u2"), i.indexOf("sku-b"), 1, 120);
        b.add(u.indexOf("u2"), i.indexOf("sku-c"), 3, 130);
        return b.build();
    }

    @Test
    void aViewFollowedByAPurchaseCountsAsThePurchaseUnderMaxLastAndSum() {
        Map<String, Double> weights = Map.of("view", 1.0, "cart", 3.0, "buy", 10.0);
        EventLog log = viewThenBuy();
        ImplicitAls als = ImplicitAls.builder().withFactors(3).withIterations(4).withThreads(1).build();
        // the repeated pair itself is refused, naming it, rather than silently trained on its first row (the view)
        Interactions raw = Interactions.builder(log.users(), log.items())
                .add(log.users().indexOf("u1"), log.items().indexOf("sku-a"), 1, 100)
                .add(log.users().indexOf("u1"), log.items().indexOf("sku-a"), 10, 200).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> als.fit(raw));
        assertTrue(e.getMessage().startsWith("ImplicitAls.fit: train: 1 row repeat a (user, item) pair, the first "
                + "(user u1, item sku-a) at rows 0 and 1"), e.getMessage());
        assertTrue(e.getMessage().contains("Feedback"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Als.builder().build().fit(raw));
        // combined by a policy, the pair is the purchase (MAX, LAST) or the purchase plus the view (SUM)
        Map<Feedback.Combine, Float> expected = Map.of(Feedback.Combine.MAX, 10f, Feedback.Combine.LAST, 10f,
                Feedback.Combine.SUM, 11f, Feedback.Combine.FIRST, 1f);
        for (Feedback.Combine rule : Feedback.Combine.values()) {
            Interactions train = Feedback.eventWeights(weights, rule).apply(log);
            int row = -1;
            for (int k = 0; k < train.size(); k++) {
                if (train.users().id(train.user(k)).equals("u1") && train.items().id(train.item(k)).equals("sku-a")) {
                    row = k;
                }
            }
            assertEquals(expected.get(rule), train.value(row), rule.toString());
            ImplicitAlsModel viaPolicy = als.fit(train);
            ImplicitAlsModel direct = als.fit(unique(log, expected.get(rule), train.timestamp(row)));
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(direct.itemVectorAt(i), viaPolicy.itemVectorAt(i), rule + ", item " + i);
            }
        }
        // a purchase outweighs a view: under MAX, u1's score of sku-a is above what FIRST (the view) gives it
        double[][] max = new double[1][3];
        double[][] first = new double[1][3];
        int u1 = log.users().indexOf("u1");
        int a = log.items().indexOf("sku-a");
        als.fit(Feedback.eventWeights(weights, Feedback.Combine.MAX).apply(log)).score(new int[] {u1}, max);
        als.fit(Feedback.eventWeights(weights, Feedback.Combine.FIRST).apply(log)).score(new int[] {u1}, first);
        assertTrue(max[0][a] > first[0][a], max[0][a] + " vs " + first[0][a]);
    }
}
