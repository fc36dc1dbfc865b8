package org.recsys4j.examples.bench;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.examples.train.ServingModels;
import org.recsys4j.examples.train.TrainingSettings;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The served similar-items models ({@link ServingModels}' recipe, as {@code bench similar --served} measures them; a
 * smaller walk budget than {@link TrainingSettings#defaults()}: 10 walks of 10 per node) on the one planted shape ({@link SyntheticMovieLens#plantedBuilder}), small: for
 * every movie but the blockbusters, at least 0.9 of its 10 most similar served results are in its planted cluster
 * (chance 1/15), for item2vec, DeepWalk, Node2vec and implicit ALS alike.
 */
class ServedSimilarItemsPlantedTest {
    @Test
    void everyServedSimilarItemsModelKeepsNineInTenInTheQueryCluster() {
        SyntheticMovieLens gen = SyntheticMovieLens.plantedBuilder(600, 900, 45_000, 42).build();
        SyntheticMovieLens.Data data = gen.generate();
        Interactions all = data.interactions();
        Interactions liked = all.filter(k -> all.value(k) >= ServingModels.LIKED);
        int[] ratingsOf = new int[all.items().size()];
        for (int k = 0; k < all.size(); k++) {
            ratingsOf[all.itemColumn()[k]]++;
        }
        int[] cluster = SimilarItemsBench.clustersWithoutBlockbusters(gen, data);
        Map<String, EmbeddingTable> served = SimilarItemsBench.recipe(all,
                new TrainingSettings(32, 10, 10, 10, 8, 1, 1, 2, 42), false);
        assertEquals(ServingModels.EMBEDDINGS, java.util.List.copyOf(served.keySet()));
        for (Map.Entry<String, EmbeddingTable> e : served.entrySet()) {
            EmbeddingTable results = ServingModels.supported(e.getValue(), liked, ServingModels.RESULT_SUPPORT);
            double[] top = SimilarItemsBench.top10(e.getValue(), results, all.items(), ratingsOf, cluster);
            assertTrue(top[2] >= 0.9, e.getKey() + ": " + top[2] + " of the similar movies in the query's cluster");
            assertTrue(top[1] == 0, e.getKey() + ": no similar movie with 5 ratings or fewer, got share " + top[1]);
        }
    }
}
