package org.recsys4j.rank.cf;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.rank.similarity.ItemMatrix;
import org.recsys4j.rank.similarity.UserVectorSource;

import java.util.SplittableRandom;
import org.recsys4j.core.pipeline.CandidateBatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatrixFactorizationRankerTest {
    private static final double EPS = 1e-6;
    // item factors y0 = (1,0), y1 = (0,1), y2 = (1,1); user 0 = (2,1)
    private static final EmbeddingTable ITEMS = EmbeddingTable.of(IdIndex.ofLongs(10, 20, 30), 2,
            new float[] {1, 0, 0, 1, 1, 1});
    private static final EmbeddingTable USERS = EmbeddingTable.of(IdIndex.ofLongs(7), 2, new float[] {2, 1});

    private static double[] score(MatrixFactorizationRanker r, RecRequest req, int... items) {
        double[] s = new double[items.length];
        r.score(req, CandidateBatch.ofItems(items), s);
        return s;
    }

    @Test
    void knownUserWithBiases() {
        MatrixFactorizationRanker r = MatrixFactorizationRanker.builder(UserVectorSource.byIndex(USERS),
                        ItemMatrix.ofRows(ITEMS, ITEMS.ids()))
                .withBiases(3, new double[] {0.5}, new double[] {0.1, -0.2, 0})
                .build();
        // μ + b_u + b_i + p·q: 3 + 0.5 + 0.1 + 2 = 5.6; 3 + 0.5 − 0.2 + 1 = 4.3; 3 + 0.5 + 0 + 3 = 6.5
        assertArrayEquals(new double[] {5.6, 4.3, 6.5, Double.NEGATIVE_INFINITY},
                score(r, RecRequest.builder(3).withUser("7", 0).build(), 0, 1, 2, 3), EPS);
        // no biases: plain dot products
        MatrixFactorizationRanker plain = MatrixFactorizationRanker.builder(UserVectorSource.byIndex(USERS),
                ItemMatrix.ofRows(ITEMS, ITEMS.ids())).withFallbackScore(-1).build();
        assertArrayEquals(new double[] {2, 1, 3, -1}, score(plain, RecRequest.builder(3).withUser("7", 0).build(), 0, 1, 2, 3), EPS);
        // an unseen user without fold-in: fallback for all
        assertArrayEquals(new double[] {-1, -1}, score(plain, RecRequest.builder(3).withHistory(new int[] {0}).build(), 0, 1));
    }

    @Test
    void implicitFoldInSolvesTheNormalEquationsByHand() {
        MatrixFactorizationRanker r = MatrixFactorizationRanker.builder(UserVectorSource.byIndex(USERS),
                        ItemMatrix.ofRows(ITEMS, ITEMS.ids()))
                .withBiases(3, new double[] {0.5}, new double[] {0.1, -0.2, 0})
                .withImplicitFoldIn(1.0, 2.0)
                .build();
        // YᵀY = [[2,1],[1,2]]; + λI = [[3,1],[1,3]]; + (c−1)·y0 y0ᵀ = [[4,1],[1,3]]; b = c·y0 = (2,0)
        // x = (1/11)·[[3,−1],[−1,4]]·(2,0) = (6/11, −2/11)
        float[] x = r.foldIn(new int[] {0, 0, 99}).orElseThrow();   // a repeat and an unknown item are ignored
        assertArrayEquals(new float[] {6f / 11, -2f / 11}, x, 1e-6f);
        // folded user: b_u = 0, so μ + b_i + x·q
        double[] s = score(r, RecRequest.builder(3).withUser("new", -1).withHistory(new int[] {0}).build(), 0, 1, 2);
        assertArrayEquals(new double[] {3 + 0.1 + 6.0 / 11, 3 - 0.2 - 2.0 / 11, 3 + 4.0 / 11}, s, EPS);
        assertTrue(r.foldIn(new int[] {99}).isEmpty());
    }

    @Test
    void foldInMatchesTheSystemOnRandomFactors() {
        int n = 60;
        int f = 6;
        SplittableRandom rnd = new SplittableRandom(11);
        float[] y = new float[n * f];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            for (int d = 0; d < f; d++) {
                y[i * f + d] = (float) rnd.nextGaussian();
            }
        }
        EmbeddingTable itemTable = EmbeddingTable.of(IdIndex.ofLongs(ids), f, y);
        ItemMatrix items = ItemMatrix.ofRows(itemTable, itemTable.ids());
        double lambda = 0.5;
        double c = 11;
        MatrixFactorizationRanker r = MatrixFactorizationRanker.builder(UserVectorSource.byIndex(
                        EmbeddingTable.of(IdIndex.ofLongs(1), f, new float[f])), items)
                .withImplicitFoldIn(lambda, c).build();
        int[] h = {3, 17, 42, 5};
        float[] x = r.foldIn(h).orElseThrow();
        // residual of (YᵀY + λI + Σ(c−1) y yᵀ) x − Σ c y
        for (int a = 0; a < f; a++) {
            double lhs = lambda * x[a];
            for (int i = 0; i < n; i++) {
                double yx = 0;
                for (int d = 0; d < f; d++) {
                    yx += y[i * f + d] * x[d];
                }
                boolean inH = i == 3 || i == 17 || i == 42 || i == 5;
                lhs += (inH ? c : 1) * yx * y[i * f + a] - (inH ? c * y[i * f + a] : 0);
            }
            assertEquals(0, lhs, 1e-3, "row " + a);
        }
    }

    @Test
    void badArguments() {
        EmbeddingTable users3 = EmbeddingTable.of(IdIndex.ofLongs(7), 3, new float[] {1, 1, 1});
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MatrixFactorizationRanker.builder(UserVectorSource.byIndex(users3), ItemMatrix.ofRows(ITEMS, ITEMS.ids())).build())
                .getMessage().contains("dimension mismatch"));
        MatrixFactorizationRanker.Builder b = MatrixFactorizationRanker.builder(UserVectorSource.byIndex(USERS),
                ItemMatrix.ofRows(ITEMS, ITEMS.ids()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.withImplicitFoldIn(0, 2).build())
                .getMessage().contains("regularization"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.withImplicitFoldIn(1, 0.5).build())
                .getMessage().contains("confidence"));
        b.withImplicitFoldIn(1, 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.withBiases(0, new double[] {Double.NaN}, null).build())
                .getMessage().contains("userBiases[0]"));
    }
}
