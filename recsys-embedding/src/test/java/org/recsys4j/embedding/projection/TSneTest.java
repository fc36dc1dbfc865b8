package org.recsys4j.embedding.projection;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.util.Parallel;

import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exact t-SNE: the perplexity search, the gradient against finite differences, planted clusters, determinism, errors. */
class TSneTest {
    private static EmbeddingTable table(int dim, float[] values) {
        long[] ids = IntStream.rangeClosed(1, values.length / dim).asLongStream().toArray();
        return EmbeddingTable.of(IdIndex.ofLongs(ids), dim, values);
    }

    private static float[] gaussian(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    @Test
    void eachRowsGaussianHasTheAskedPerplexity() {
        int n = 120;
        int d = 5;
        float[] x = gaussian(new Random(1), n * d);
        for (double perplexity : new double[] {2, 10, 30}) {
            float[] cond;
            try (Parallel.Team team = Parallel.team(2)) {
                cond = TSne.conditionals(x, n, d, perplexity, team);
            }
            for (int i = 0; i < n; i++) {
                double sum = 0;
                double h = 0;
                for (int j = 0; j < n; j++) {
                    double p = cond[i * n + j];
                    sum += p;
                    if (p > 0) {
                        h -= p * Math.log(p);
                    }
                }
                assertEquals(0, cond[i * n + i]);
                assertEquals(1, sum, 1e-5, "row " + i);
                assertEquals(perplexity, Math.exp(h), 1e-3 * perplexity, "perplexity of row " + i);
            }
            // the joint affinities are symmetric and sum to 1
            float[] p = TSne.joint(cond, n);
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(p[i * n + j], p[j * n + i]);
                    total += p[i * n + j];
                }
            }
            assertEquals(1, total, 1e-4);
        }
    }

    @Test
    void theGradientIsTheDerivativeOfTheKlDivergence() {
        int n = 15;
        int d = 4;
        Random rnd = new Random(2);
        float[] p;
        double[] y = new double[2 * n];
        for (int k = 0; k < y.length; k++) {
            y[k] = rnd.nextGaussian();
        }
        double[] grad = new double[2 * n];
        try (Parallel.Team team = Parallel.team(1)) {
            p = TSne.joint(TSne.conditionals(gaussian(rnd, n * d), n, d, 4, team), n);
            TSne.gradient(p, y, n, 1, grad, team);
        }
        double h = 1e-6;
        for (int k = 0; k < y.length; k++) {
            double keep = y[k];
            y[k] = keep + h;
            double up = TSne.klDivergence(p, y, n);
            y[k] = keep - h;
            double down = TSne.klDivergence(p, y, n);
            y[k] = keep;
            assertEquals((up - down) / (2 * h), grad[k], 1e-6 + 1e-4 * Math.abs(grad[k]), "coordinate " + k);
        }
    }

    @Test
    void plantedClustersBecomeIslandsWhateverTheThreadCount() {
        // 8 clusters in 32 dimensions, σ 0.35 per axis around centres about 8 apart: no plane shows 8 random
        // centres apart, so a 2-D PCA mixes some of them (65 foreign neighbours of 1,200 with this seed), while
        // t-SNE keeps every cluster an island
        Random rnd = new Random(3);
        int d = 32;
        int k = 8;
        int per = 30;
        float[][] centres = new float[k][];
        for (int c = 0; c < k; c++) {
            centres[c] = gaussian(rnd, d);
        }
        float[] v = new float[k * per * d];
        for (int i = 0; i < k * per; i++) {
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) (centres[i % k][j] + 0.35 * rnd.nextGaussian());
            }
        }
        EmbeddingTable tab = table(d, v);
        TSne.Builder b = TSne.builder().withPerplexity(15).withIterations(400);
        TSne.Result one = b.withThreads(1).build().fit(tab);
        TSne.Result two = b.withThreads(2).build().fit(tab);
        assertArrayEquals(one.coordinates(), two.coordinates(), "the map depends on the thread count");
        assertEquals(one.klDivergence(), two.klDivergence());
        assertEquals(k * per, one.size());
        float[] xy = one.coordinates();
        int n = k * per;
        // every point's 5 nearest neighbours on the map are of its own cluster; not so on the PCA plane
        assertEquals(0, foreignNeighbours(xy, n, k), "neighbours from another cluster");
        float[] pca = Pca.builder().build().fit(tab).project(tab);
        int mixed = foreignNeighbours(pca, n, k);
        assertTrue(mixed > n / 8, "the PCA plane already separates the clusters: " + mixed);
        // and the map is centred
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += xy[2 * i] / n;
            my += xy[2 * i + 1] / n;
        }
        assertEquals(0, mx, 1e-3);
        assertEquals(0, my, 1e-3);
        // more iterations lower the objective
        assertTrue(TSne.builder().withPerplexity(15).withIterations(300).build()
                .fit(tab).klDivergence() > one.klDivergence() - 1e-9);
    }

    /** Counts, over every point, its 5 nearest neighbours on the map that belong to another cluster (i mod k). */
    private static int foreignNeighbours(float[] xy, int n, int k) {
        int wrong = 0;
        for (int i = 0; i < n; i++) {
            int fi = i;
            int[] near = IntStream.range(0, n).filter(j -> j != fi).boxed()
                    .sorted(java.util.Comparator.comparingDouble(j -> Math.hypot(xy[2 * fi] - xy[2 * j], xy[2 * fi + 1] - xy[2 * j + 1])))
                    .limit(5).mapToInt(Integer::intValue).toArray();
            for (int j : near) {
                if (j % k != i % k) {
                    wrong++;
                }
            }
        }
        return wrong;
    }

    @Test
    void badArgumentsAreNamed() {
        EmbeddingTable tab = table(2, gaussian(new Random(4), 2 * 40));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TSne.builder()
                .withPerplexity(0.5).build());
        assertTrue(e.getMessage().startsWith("perplexity: 0.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TSne.builder().withPerplexity(Double.NaN).build());
        e = assertThrows(IllegalArgumentException.class, () -> TSne.builder().withIterations(0).build());
        assertTrue(e.getMessage().startsWith("iterations: 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TSne.builder().withThreads(0).build());
        assertTrue(e.getMessage().startsWith("threads: 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TSne.builder().withPerplexity(13.5).build().fit(tab));
        assertTrue(e.getMessage().startsWith("rows: 40, perplexity 13.5 needs at least 42"), e.getMessage());
        // 3 × 13 + 1 = 40
        assertEquals(40, TSne.builder().withPerplexity(13).withIterations(5).build().fit(tab).size());
        e = assertThrows(IllegalArgumentException.class, () -> TSne.builder().withPerplexity(5).build()
                .fit(tab, new int[TSne.MAX_ROWS + 1]));
        assertTrue(e.getMessage().startsWith("rows: 3001, exact t-SNE maps at most 3000"), e.getMessage());
        int[] rows = IntStream.range(0, 20).toArray();
        rows[7] = 40;
        e = assertThrows(IllegalArgumentException.class, () -> TSne.builder().withPerplexity(5).build()
                .fit(tab, rows));
        assertTrue(e.getMessage().startsWith("rows[7]: 40"), e.getMessage());
    }
}
