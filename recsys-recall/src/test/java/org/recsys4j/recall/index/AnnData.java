package org.recsys4j.recall.index;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.vector.Vectors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Test helpers: generated clustered vectors, exact brute-force neighbours, texmex readers. */
final class AnnData {
    private AnnData() {
    }

    /** {@code n × dim} values around {@code clusters} Gaussian centres (fixed seed). */
    static float[] clustered(int n, int dim, int clusters, long seed) {
        Random rnd = new Random(seed);
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) rnd.nextGaussian() * 3;
        }
        float[] v = new float[n * dim];
        for (int r = 0; r < n; r++) {
            int c = rnd.nextInt(clusters);
            for (int j = 0; j < dim; j++) {
                v[r * dim + j] = centres[c * dim + j] + (float) rnd.nextGaussian();
            }
        }
        return v;
    }

    static EmbeddingTable table(float[] values, int dim) {
        int n = values.length / dim;
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
        }
        return EmbeddingTable.of(IdIndex.ofLongs(ids), dim, values);
    }

    static float exactScore(Metric metric, float[] q, float[] base, int row, int dim) {
        return switch (metric) {
            case L2 -> -Vectors.squaredDistance(q, 0, base, row * dim, dim);
            case INNER_PRODUCT -> Vectors.dot(q, 0, base, row * dim, dim);
            case COSINE -> Vectors.cosine(q, 0, base, row * dim, dim);
        };
    }

    /** The exact top-k rows (best first) among rows passing {@code accept} (null: all). */
    static int[] exact(Metric metric, float[] q, float[] base, int dim, int k, java.util.function.IntPredicate accept) {
        int n = base.length / dim;
        long[] codes = new long[n];
        int c = 0;
        for (int r = 0; r < n; r++) {
            if (accept == null || accept.test(r)) {
                codes[c++] = LongHeap.encode(exactScore(metric, q, base, r, dim), r);
            }
        }
        java.util.Arrays.sort(codes, 0, c);
        int m = Math.min(k, c);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = LongHeap.row(codes[c - 1 - i]);
        }
        return out;
    }

    /** |found ∩ truth[0..k)| / k. */
    static double recall(int[] found, int[] truth, int k) {
        int hits = 0;
        int kk = Math.min(k, truth.length);
        for (int f : found) {
            for (int i = 0; i < kk; i++) {
                if (truth[i] == f) {
                    hits++;
                    break;
                }
            }
        }
        return hits / (double) kk;
    }

    /** Returns the first {@code limit} rows of a {@code .fvecs} file (read by {@link Texmex}) as one row-major array; {dim} in dimOut[0]. */
    static float[] fvecs(Path file, int limit, int[] dimOut) throws IOException {
        Texmex.Vecs v = Texmex.readFvecs(file);
        dimOut[0] = v.dim();
        return java.util.Arrays.copyOf(v.values(), Math.min(limit, v.rows()) * v.dim());
    }

    /** Returns the first {@code limit} rows of a {@code .ivecs} file (read by {@link Texmex}). */
    static int[][] ivecs(Path file, int limit) throws IOException {
        int[][] all = Texmex.readIvecs(file);
        return java.util.Arrays.copyOf(all, Math.min(limit, all.length));
    }
}
