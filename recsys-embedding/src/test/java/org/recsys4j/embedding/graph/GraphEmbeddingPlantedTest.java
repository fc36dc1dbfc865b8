package org.recsys4j.embedding.graph;

import org.junit.jupiter.api.Test;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.seq.SyntheticSequences;
import org.recsys4j.embedding.testing.LossCurves;
import org.recsys4j.embedding.testing.TopicPurity;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Planted structure end to end: sequences from 8 item topics with 15% noise → item graph → DeepWalk or
 * Node2vec walks → word2vec; at least 9 of every item's 10 nearest neighbours must share its topic, and the
 * per-epoch loss of the walks' training falls ({@link LossCurves}).
 */
class GraphEmbeddingPlantedTest {
    private static final SyntheticSequences PLANTED = SyntheticSequences.builder().items(400).topics(8)
            .sequences(2500).length(10, 30).noise(0.15).seed(11).build();

    private static Word2Vec.Builder settings() {
        return Word2Vec.builder().dim(32).window(5).negative(5).epochs(3).seed(42);
    }

    private static Word2Vec word2vec() {
        return settings().build();
    }

    @Test
    void deepWalkRecoversThePlantedTopics() {
        ItemGraph g = ItemGraph.fromSequences(PLANTED.corpus());
        SequenceCorpus walks = DeepWalk.builder().walkLength(20).walksPerNode(20).startBy(StartSelection.FREQUENCY)
                .seed(5).build().walks(g);
        Word2VecModel m = word2vec().fit(walks);
        double[] p = TopicPurity.of(m, PLANTED);
        assertTrue(m.coverage() > 0.99, "coverage " + m.coverage());
        assertTrue(p[1] >= 0.9, "mean purity " + p[0] + ", worst item " + p[1]);
        LossCurves.assertLearns(m.stats().epochLosses(), LossCurves.untrained(settings(), walks));
    }

    @Test
    void node2vecRecoversThePlantedTopicsWithEitherSampler() {
        ItemGraph g = ItemGraph.fromSequences(PLANTED.corpus());
        for (Node2Vec.Sampler sampler : new Node2Vec.Sampler[] {Node2Vec.Sampler.ALIAS, Node2Vec.Sampler.REJECTION}) {
            SequenceCorpus walks = Node2Vec.builder().p(4).q(0.5).sampler(sampler).walkLength(20).walksPerNode(20)
                    .seed(5).build().walks(g);
            Word2VecModel m = word2vec().fit(walks);
            double[] p = TopicPurity.of(m, PLANTED);
            assertTrue(p[1] >= 0.9, sampler + ": mean purity " + p[0] + ", worst item " + p[1]);
            LossCurves.assertLearns(m.stats().epochLosses(), LossCurves.untrained(settings(), walks));
        }
    }

    @Test
    void withoutStructureTheThresholdFails() {
        // Partner topics drawn almost as often as the own topic: the graph cannot tell the pairs apart.
        SyntheticSequences blurred = SyntheticSequences.builder().items(400).topics(8).sequences(2500)
                .length(10, 30).noise(0.15).overlap(0.425).seed(11).build();
        ItemGraph g = ItemGraph.fromSequences(blurred.corpus());
        Word2VecModel m = word2vec().fit(DeepWalk.builder().walkLength(20).walksPerNode(20).seed(5).build().walks(g));
        assertTrue(TopicPurity.of(m, blurred)[0] < 0.75, "mean purity " + TopicPurity.of(m, blurred)[0]);
    }
}
