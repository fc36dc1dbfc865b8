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
}
