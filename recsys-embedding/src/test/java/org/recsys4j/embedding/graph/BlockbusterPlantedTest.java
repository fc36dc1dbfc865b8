package org.recsys4j.embedding.graph;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.testing.TopicPurity;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18's planted data ({@link SyntheticMovieLens#plantedBuilder}, the one planted shape the benches measure),
 * small: 600 users, 900 movies, 18,000 ratings in 15 clusters, 20 cross-cluster blockbusters each rated (and liked) by
 * 90% of the users, genres independent of the clusters; liked sequences (ratings ≥ 3.5).
 * The consecutive-count graph with a short training budget collapses (every vector nearly parallel, the
 * nearest items hardly in the item's cluster); the served recipe — a window-5 PPMI co-occurrence graph with
 * support 5 and ten walks of ten per node, ten epochs — separates the clusters, and so does item2vec with
 * twenty epochs and centred vectors. Chance is 1/15 in cluster.
 */
class BlockbusterPlantedTest {
    private static final SyntheticMovieLens GENERATOR = SyntheticMovieLens.plantedBuilder(600, 900, 18_000, 42).build();
    private static final SyntheticMovieLens.Data DATA = GENERATOR.generate();
    private static final SequenceCorpus LIKED = ItemSequences.builder().withThreshold(3.5).build()
            .from(DATA.interactions());
    /** Each item's planted cluster, -1 for the blockbusters (rated across clusters: no query and never in-cluster). */
    private static final int[] CLUSTER = clustersWithoutBlockbusters();

    private static int[] clustersWithoutBlockbusters() {
        int[] c = DATA.itemClusters();   // item index = the generator's item index
        for (int i = 0; i < c.length; i++) {
            if (GENERATOR.isBlockbuster(i)) {
                c[i] = -1;
            }
        }
        return c;
    }

    private static Word2Vec word2vec(int epochs) {
        return Word2Vec.builder().withDim(32).withWindow(5).withNegative(5).withEpochs(epochs).withSeed(42).build();
    }

    private static ItemGraph servedGraph() {
        return ItemGraph.sequenceBuilder(LIKED).withWindow(5).withBothDirections(true)
                .withWeighting(EdgeWeighting.PPMI).withMinSupport(5).build();
    }

    @Test
    void theConsecutiveCountGraphWithTheOldBudgetCollapses() {
        // the measure catches the collapse: this is what the demo served before
        SequenceCorpus walks = DeepWalk.builder().withWalkLength(10).withWalksPerNode(5)
                .withStartBy(StartSelection.FREQUENCY).withSeed(42).build().walks(ItemGraph.fromSequences(LIKED));
        Word2VecModel m = word2vec(5).fit(walks);
        double in = TopicPurity.inCluster(m, CLUSTER);
        double cos = TopicPurity.meanCosine(m, 20_000, 1);
        assertTrue(in < 0.75 && cos > 0.9, "in-cluster " + in + ", mean cosine " + cos);
    }

    @Test
    void deepWalkOnTheServedGraphSeparatesTheClusters() {
        SequenceCorpus walks = DeepWalk.builder().withWalkLength(10).withWalksPerNode(10)
                .withStartBy(StartSelection.FREQUENCY).withSeed(42).build().walks(servedGraph());
        Word2VecModel m = word2vec(10).fit(walks);
        double in = TopicPurity.inCluster(m, CLUSTER);
        double cos = TopicPurity.meanCosine(m, 20_000, 1);
        assertTrue(in >= 0.9, "in-cluster " + in);
        assertTrue(cos < 0.6, "mean cosine " + cos);
    }

    @Test
    void node2vecOnTheServedGraphSeparatesTheClusters() {
        SequenceCorpus walks = Node2Vec.builder().withP(1).withQ(0.5).withWalkLength(10).withWalksPerNode(10)
                .withSeed(42).build().walks(servedGraph());
        Word2VecModel m = word2vec(10).fit(walks);
        double in = TopicPurity.inCluster(m, CLUSTER);
        double cos = TopicPurity.meanCosine(m, 20_000, 1);
        assertTrue(in >= 0.9, "in-cluster " + in);
        assertTrue(cos < 0.6, "mean cosine " + cos);
    }

    @Test
    void item2vecWithEnoughEpochsAndCentringSeparatesTheClustersWithSpreadCosines() {
        Word2VecModel raw = word2vec(5).fit(LIKED);
        Word2VecModel served = Word2Vec.builder().withDim(32).withWindow(5).withNegative(5).withEpochs(20)
                .withMinCount(5).withCentring(true).withSeed(42).build().fit(LIKED);
        double rawCos = TopicPurity.meanCosine(raw, 20_000, 1);
        double in = TopicPurity.inCluster(served, CLUSTER);
        double cos = TopicPurity.meanCosine(served, 20_000, 1);
        assertTrue(rawCos > 0.9, "raw item2vec at 5 epochs: mean cosine " + rawCos);
        assertTrue(in >= 0.9, "in-cluster " + in);
        assertTrue(Math.abs(cos) < 0.1, "centred: mean cosine " + cos);
    }
}
