package org.recsys4j.embedding.testing;

import org.recsys4j.embedding.seq.SyntheticSequences;
import org.recsys4j.embedding.word2vec.Neighbor;
import org.recsys4j.embedding.word2vec.Word2VecModel;

import java.util.List;

/** The planted-structure measure of the embedding tests: how many of an item's neighbours share its topic. */
public final class TopicPurity {
    private TopicPurity() {
    }

    /** Returns {mean, minimum} over the items with a vector of the share of their 10 nearest neighbours in their topic. */
    public static double[] of(Word2VecModel m, SyntheticSequences s) {
        double sum = 0;
        double min = 1;
        int n = 0;
        for (int i = 0; i < m.vocabulary().size(); i++) {
            if (!m.hasVectorAt(i)) {
                continue;
            }
            List<Neighbor> nn = m.mostSimilarToIndex(i, 10);
            int same = 0;
            for (Neighbor x : nn) {
                if (s.topicAt(x.index()) == s.topicAt(i)) {
                    same++;
                }
            }
            sum += same / (double) nn.size();
            min = Math.min(min, same / (double) nn.size());
            n++;
        }
        return new double[] {sum / n, min};
    }

    /**
     * Returns the mean share, over the items with a vector and a cluster ({@code cluster[i] >= 0}), of their 10
     * nearest neighbours in their cluster: an item without a cluster (a blockbuster) is never a query and is out
     * of cluster as a neighbour.
     */
    public static double inCluster(Word2VecModel m, int[] cluster) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < m.vocabulary().size(); i++) {
            if (!m.hasVectorAt(i) || cluster[i] < 0) {
                continue;
            }
            List<Neighbor> nn = m.mostSimilarToIndex(i, 10);
            int same = 0;
            for (Neighbor x : nn) {
                if (cluster[x.index()] == cluster[i]) {
                    same++;
                }
            }
            sum += same / (double) nn.size();
            n++;
        }
        return sum / n;
    }

    /** Returns the mean cosine of {@code pairs} random pairs of distinct items with a vector (seeded). */
    public static double meanCosine(Word2VecModel m, int pairs, long seed) {
        int[] has = java.util.stream.IntStream.range(0, m.vocabulary().size()).filter(m::hasVectorAt).toArray();
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double sum = 0;
        for (int k = 0; k < pairs; k++) {
            int a = has[r.nextInt(has.length)];
            int b = has[r.nextInt(has.length)];
            if (a == b) {
                k--;
                continue;
            }
            float[] x = m.vectorAt(a);
            float[] y = m.vectorAt(b);
            double dot = 0;
            double nx = 0;
            double ny = 0;
            for (int j = 0; j < x.length; j++) {
                dot += x[j] * y[j];
                nx += x[j] * x[j];
                ny += y[j] * y[j];
            }
            sum += dot / Math.sqrt(nx * ny);
        }
        return sum / pairs;
    }
}
