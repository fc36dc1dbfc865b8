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
    private static final SyntheticSequences PLANTED = SyntheticSequences.builder().withItems(400).withTopics(8)
            .withSequences(2500).withMinLength(10).withMaxLength(30).withNoise(0.15).withSeed(11).build();

    private static Word2Vec.Builder settings() {
        return Word2Vec.builder().withDim(32).withWindow(5).withNegative(5).withEpochs(3).withSeed(42);
    }

    private static Word2Vec word2vec() {
        return settings().build();
    }

    @Test
    void deepWalkRecoversThePlantedTopics() {
        ItemGraph g = ItemGraph.fromSequences(PLANTED.corpus());
        SequenceCorpus walks = DeepWalk.builder().withWalkLength(20).withWalksPerNode(20)
                .withStartBy(StartSelection.FREQUENCY).withSeed(5).build().walks(g);
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
            SequenceCorpus walks = Node2Vec.builder().withP(4).withQ(0.5).withSampler(sampler)
                    .withWalkLength(20).withWalksPerNode(20).withSeed(5).build().walks(g);
            Word2VecModel m = word2vec().fit(walks);
            double[] p = TopicPurity.of(m, PLANTED);
            assertTrue(p[1] >= 0.9, sampler + ": mean purity " + p[0] + ", worst item " + p[1]);
            LossCurves.assertLearns(m.stats().epochLosses(), LossCurves.untrained(settings(), walks));
        }
    }

    @Test
    void withoutStructureTheThresholdFails() {
        // Partner topics drawn almost as often as the own topic: the graph cannot tell the pairs apart.
        SyntheticSequences blurred = SyntheticSequences.builder().withItems(400).withTopics(8).withSequences(2500)
                .withMinLength(10).withMaxLength(30).withNoise(0.15).withOverlap(0.425).withSeed(11).build();
        ItemGraph g = ItemGraph.fromSequences(blurred.corpus());
        Word2VecModel m = word2vec().fit(DeepWalk.builder().withWalkLength(20).withWalksPerNode(20)
                .withSeed(5).build().walks(g));
        assertTrue(TopicPurity.of(m, blurred)[0] < 0.75, "mean purity " + TopicPurity.of(m, blurred)[0]);
    }
}
