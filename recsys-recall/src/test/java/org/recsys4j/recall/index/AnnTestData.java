package org.recsys4j.recall.index;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.util.IntDoubleTopK;
import org.recsys4j.core.vector.Vectors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * The one set of test helpers for the indexes: generated clustered vectors (as a table or as raw row-major
 * values), noisy queries, the exact brute-force reference, recall, and the first rows of a texmex file.
 */
final class AnnTestData {
    private AnnTestData() {
    }

    /** n rows of dim values around {@code clusters} Gaussian centres (ids 1000 + row). */
    static EmbeddingTable clustered(int n, int dim, int clusters, long seed) {
        return table(clusteredValues(n, dim, clusters, seed), dim);
    }

    /** The values of {@link #clustered}, row-major ({@code n × dim}). */
    static float[] clusteredValues(int n, int dim, int clusters, long seed) {
        Random rnd = new Random(seed);
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) (rnd.nextGaussian() * 3);
        }
        float[] v = new float[n * dim];
        for (int r = 0; r < n; r++) {
            int c = rnd.nextInt(clusters);
            for (int d = 0; d < dim; d++) {
                v[r * dim + d] = centres[c * dim + d] + (float) rnd.nextGaussian();
            }
        }
        return v;
    }

    /** A table over row-major {@code values} of {@code dim} columns, ids 1000 + row. */
    static EmbeddingTable table(float[] values, int dim) {
        int n = values.length / dim;
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
        }
        return EmbeddingTable.of(IdIndex.ofLongs(ids), dim, values);
    }

    /** Queries: noisy copies of random rows. */
    static float[][] queries(EmbeddingTable t, int count, long seed) {
        Random rnd = new Random(seed);
        float[][] q = new float[count][];
        for (int i = 0; i < count; i++) {
            q[i] = t.vector(rnd.nextInt(t.size()));
            for (int d = 0; d < q[i].length; d++) {
                q[i][d] += (float) (rnd.nextGaussian() * 0.5);
            }
        }
        return q;
    }

    /** Exact top-k rows by brute force. */
    static int[] exact(EmbeddingTable t, Metric metric, float[] query, int k, IntPredicate accept) {
        int dim = t.dim();
        float[] q = query.clone();
        if (metric == Metric.COSINE) {
            Vectors.normalize(q, 0, dim);
        }
        IntDoubleTopK top = new IntDoubleTopK(k);
        float[] row = new float[dim];
        for (int r = 0; r < t.size(); r++) {
            if (accept != null && !accept.test(r)) {
                continue;
            }
            t.row(r, row);
            if (metric == Metric.COSINE) {
                Vectors.normalize(row, 0, dim);
            }
            top.offer(r, metric == Metric.L2 ? -Vectors.squaredDistance(q, 0, row, 0, dim) : Vectors.dot(q, 0, row, 0, dim));
        }
        return top.drainIds();
    }

    /** Mean recall@k of {@code found} against {@code truth}. */
    static double recall(int[][] truth, int[][] found) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            int hit = 0;
            for (int a : truth[i]) {
                for (int b : found[i]) {
                    if (a == b) {
                        hit++;
                        break;
                    }
                }
            }
            sum += (double) hit / truth[i].length;
        }
        return sum / truth.length;
    }

    /** |found ∩ truth[0..k)| / k for one query. */
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

    /** Exact top-k rows of every query. */
    static int[][] truth(EmbeddingTable t, Metric metric, float[][] queries, int k) {
        int[][] out = new int[queries.length][];
        for (int i = 0; i < queries.length; i++) {
            out[i] = exact(t, metric, queries[i], k, null);
        }
        return out;
    }
}
