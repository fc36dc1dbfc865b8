package org.recsys4j.recall.index;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.util.IntDoubleTopK;
import org.recsys4j.core.vector.Vectors;

import java.util.Random;
import java.util.function.IntPredicate;

/** Clustered test vectors and the brute-force reference. */
final class AnnTestData {
    private AnnTestData() {
    }

    /** n rows of dim values around {@code clusters} Gaussian centres (ids 1000 + row). */
    static EmbeddingTable clustered(int n, int dim, int clusters, long seed) {
        Random rnd = new Random(seed);
        float[] centres = new float[clusters * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) (rnd.nextGaussian() * 3);
        }
        float[] v = new float[n * dim];
        long[] ids = new long[n];
        for (int r = 0; r < n; r++) {
            int c = rnd.nextInt(clusters);
            for (int d = 0; d < dim; d++) {
                v[r * dim + d] = centres[c * dim + d] + (float) rnd.nextGaussian();
            }
            ids[r] = 1000 + r;
        }
        return EmbeddingTable.of(IdIndex.ofLongs(ids), dim, v);
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

    static int[][] truth(EmbeddingTable t, Metric metric, float[][] queries, int k) {
        int[][] out = new int[queries.length][];
        for (int i = 0; i < queries.length; i++) {
            out[i] = exact(t, metric, queries[i], k, null);
        }
        return out;
    }
}
