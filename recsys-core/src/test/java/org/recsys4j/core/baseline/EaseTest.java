package org.recsys4j.core.baseline;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Interactions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EaseTest {
    /**
     * u0 {0,1}, u1 {1,2}, u2 {0,1,2}; λ = 1. XᵀX + I = [[3,2,1],[2,4,2],[1,2,3]], determinant 16,
     * P = [[1/2,-1/4,0],[-1/4,1/2,-1/4],[0,-1/4,1/2]] (cofactors by hand), so B_ij = -P_ij/P_jj:
     * B = [[0,1/2,0],[1/2,0,1/2],[0,1/2,0]].
     */
    private static Interactions threeByThree() {
        return TinyData.of(3, 3, new double[][] {{0, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 0}, {2, 1}, {2, 2}});
    }

    private static final double[][] B = {{0, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0}};

    @Test
    void handComputedThreeByThreeBothSolvers() {
        for (Ease.Solver solver : new Ease.Solver[] {Ease.Solver.PRIMAL, Ease.Solver.DUAL}) {
            EaseModel m = Ease.builder().withLambda(1).withSolver(solver).withThreads(1).build().fit(threeByThree());
            assertEquals(solver, m.solver());
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(B[i][j], m.weight(i, j), 1e-12, solver + " B[" + i + "][" + j + "]");
                }
            }
            double[][] s = TinyData.scores(3, 3);
            m.score(new int[] {0, 1, 2}, s);
            // x_u B, history items included: u0 = row0 + row1, u1 = row1 + row2, u2 = all rows
            assertArrayEquals(new double[] {0.5, 0.5, 0.5}, s[0], 1e-12, solver.name());
            assertArrayEquals(new double[] {0.5, 0.5, 0.5}, s[1], 1e-12, solver.name());
            assertArrayEquals(new double[] {0.5, 1.0, 0.5}, s[2], 1e-12, solver.name());
            double[] h = new double[3];
            m.scoreHistory(new int[] {2}, h);
            assertArrayEquals(B[2], h, 1e-12, solver.name());
            double[][] sim = new double[1][3];
            m.similarities(new int[] {1}, sim);
            assertArrayEquals(B[1], sim[0], 1e-12, solver.name());
            assertTrue(m.fitSeconds() >= 0);
        }
    }

    private static void assertSameScores(double[][] a, double[][] b, double relTol, String what) {
        for (int u = 0; u < a.length; u++) {
            double scale = 1e-12;
            for (double v : a[u]) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int j = 0; j < a[u].length; j++) {
                assertEquals(a[u][j], b[u][j], relTol * scale, what + " user " + u + " item " + j);
            }
        }
    }

    @Test
    void primalEqualsDualOnRandomData() {
        // both shapes: fewer users than items and the opposite; some users and items without data
        for (int[] shape : new int[][] {{30, 60}, {70, 25}}) {
            Interactions log = TinyData.random(shape[0], shape[1], 0.15, shape[0]);
            int[] users = TinyData.allUsers(log);
            for (double lambda : new double[] {0.5, 10, 200}) {
                EaseModel p = Ease.builder().withLambda(lambda).withSolver(Ease.Solver.PRIMAL).withThreads(1).build()
                        .fit(log);
                EaseModel d = Ease.builder().withLambda(lambda).withSolver(Ease.Solver.DUAL).withThreads(1).build()
                        .fit(log);
                double[][] sp = TinyData.scores(users.length, log.numItems());
                double[][] sd = TinyData.scores(users.length, log.numItems());
                p.score(users, sp);
                d.score(users, sd);
                String what = shape[0] + "x" + shape[1] + " lambda " + lambda;
                assertSameScores(sp, sd, 1e-6, what);
                // history path (unseen users) equals the training-user path
                double[][] hp = TinyData.scores(users.length, log.numItems());
                double[][] hd = TinyData.scores(users.length, log.numItems());
                for (int u : users) {
                    p.scoreHistory(log.byUser().othersOf(u), hp[u]);
                    d.scoreHistory(log.byUser().othersOf(u), hd[u]);
                }
                assertSameScores(sp, hp, 1e-9, what + " primal history");
                assertSameScores(sp, hd, 1e-6, what + " dual history");
                for (int i = 0; i < log.numItems(); i += 7) {
                    for (int j = 0; j < log.numItems(); j += 5) {
                        assertEquals(p.weight(i, j), d.weight(i, j), 1e-6 * (1 + Math.abs(p.weight(i, j))), what);
                    }
                }
            }
        }
    }

    @Test
    void autoPicksDualWhenFewerUsersAndIsThreadIndependent() {
        Interactions wide = TinyData.random(20, 80, 0.1, 5);
        assertEquals(Ease.Solver.DUAL, Ease.builder().build().fit(wide).solver());
        Interactions tall = TinyData.random(80, 20, 0.1, 5);
        assertEquals(Ease.Solver.PRIMAL, Ease.builder().build().fit(tall).solver());

        // the dense side (300) spans several blocks of the Cholesky inverse, so threads split the work
        for (Ease.Solver solver : new Ease.Solver[] {Ease.Solver.PRIMAL, Ease.Solver.DUAL}) {
            int nu = solver == Ease.Solver.PRIMAL ? 150 : 300;
            int ni = solver == Ease.Solver.PRIMAL ? 300 : 150;
            Interactions log = TinyData.random(nu, ni, 0.08, 9);
            EaseModel one = Ease.builder().withSolver(solver).withThreads(1).build().fit(log);
            EaseModel two = Ease.builder().withSolver(solver).withThreads(2).build().fit(log);
            double[][] a = TinyData.scores(nu, ni);
            double[][] b = TinyData.scores(nu, ni);
            one.score(TinyData.allUsers(log), a);
            two.score(TinyData.allUsers(log), b);
            for (int u = 0; u < nu; u++) {
                assertArrayEquals(a[u], b[u], 0.0, solver + " user " + u);
            }
        }
    }

    @Test
    void itemsWithoutDataScoreZeroAndAreNotCovered() {
        Interactions log = TinyData.of(3, 4, new double[][] {{0, 0}, {0, 1}, {1, 1}, {2, 0}, {2, 1}});
        for (Ease.Solver solver : new Ease.Solver[] {Ease.Solver.PRIMAL, Ease.Solver.DUAL}) {
            EaseModel m = Ease.builder().withLambda(2).withSolver(solver).build().fit(log);
            assertFalse(m.covers(3));
            double[][] s = TinyData.scores(1, 4);
            m.score(new int[] {0}, s);
            assertEquals(0.0, s[0][2]);
            assertEquals(0.0, s[0][3]);
            double[] h = new double[4];
            m.scoreHistory(new int[] {3, 0}, h);
            assertEquals(0.0, h[3], 1e-12);
            double[][] sim = new double[1][4];
            m.similarities(new int[] {0}, sim);
            assertEquals(Double.NEGATIVE_INFINITY, sim[0][3]);
        }
    }

    @Test
    void builderValidates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ease.builder().withLambda(0).build());
        assertTrue(e.getMessage().startsWith("lambda: 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ease.builder().withLambda(Double.NaN).build());
        assertThrows(NullPointerException.class, () -> Ease.builder().withSolver(null).build());
        assertThrows(IllegalArgumentException.class, () -> Ease.builder().withThreads(0).build());
    }

    @Test
    void aDenseMatrixLargerThanTheHeapIsAClearErrorNotAnOutOfMemoryError() {
        // n items such that 12 n² bytes exceed the heap, each with one interaction of one user
        long max = Runtime.getRuntime().maxMemory();
        int n = (int) Math.min(46_000, Math.sqrt(max / 12.0) + 1000);
        org.junit.jupiter.api.Assumptions.assumeTrue(12L * n * n > max, "heap too large for this test");
        org.recsys4j.core.data.IdIndex users = org.recsys4j.core.data.IdIndex.ofLongs(1);
        org.recsys4j.core.data.IdIndex items = org.recsys4j.core.data.IdIndex.ofLongs(
                java.util.stream.LongStream.range(0, n).toArray());
        org.recsys4j.core.data.Interactions.Builder b = org.recsys4j.core.data.Interactions.builder(users, items);
        for (int i = 0; i < n; i++) {
            b.add(0, i, 1, i);
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Ease.builder().withSolver(Ease.Solver.PRIMAL).build().fit(b.build()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("GiB") && e.getMessage().contains("-Xmx"),
                e.getMessage());
    }
}
